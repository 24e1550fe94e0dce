using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace SocialTech.Samples.NetworkPublisher;

/// <summary>
/// Publishes a network's messages on SocialTech's inbox exchange: one JSON body per message, routing key
/// <c>{networkId}.{kind}</c>, persistent, and confirmed by the broker before <see cref="PublishAsync"/> returns.
/// </summary>
/// <remarks>
/// <c>mandatory</c> is set so that a message no queue would take (the service never started on this virtual host)
/// comes back as an error instead of vanishing. A routing key outside the user's topic permissions closes the channel
/// with ACCESS_REFUSED: the next publish opens a new one.
/// </remarks>
public sealed class InboxPublisher : IAsyncDisposable
{
    public const string DefaultExchange = "socialtech.networks.inbox";

    private readonly IConnection connection;
    private readonly string exchange;
    private IChannel? channel;

    private InboxPublisher(IConnection connection, string exchange)
    {
        this.connection = connection;
        this.exchange = exchange;
    }

    /// <param name="amqp"><c>amqp://network-user:password@host:5672/vhost</c>.</param>
    public static async Task<InboxPublisher> ConnectAsync(Uri amqp, string exchange = DefaultExchange, CancellationToken ct = default)
    {
        var factory = new ConnectionFactory { Uri = amqp, ClientProvidedName = "network-publisher" };
        return new InboxPublisher(await factory.CreateConnectionAsync(ct), exchange);
    }

    /// <summary>Publishes one body and waits for the broker's confirm.</summary>
    /// <exception cref="PublishException">The broker refused the message or no queue could take it.</exception>
    /// <exception cref="OperationInterruptedException">The broker closed the channel, e.g. ACCESS_REFUSED for a routing
    /// key the user may not write.</exception>
    public async Task PublishAsync(string routingKey, ReadOnlyMemory<byte> body, CancellationToken ct = default)
    {
        if (channel is not { IsOpen: true })
        {
            if (channel is not null)
            {
                await channel.DisposeAsync();
            }

            channel = await connection.CreateChannelAsync(
                new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), ct);
        }

        var properties = new BasicProperties
        {
            Persistent = true,
            ContentType = "application/json",
            MessageId = Guid.NewGuid().ToString(),
            Timestamp = new AmqpTimestamp(DateTimeOffset.UtcNow.ToUnixTimeSeconds()),
        };
        await channel.BasicPublishAsync(exchange, routingKey, mandatory: true, properties, body, ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (channel is not null)
        {
            await channel.DisposeAsync();
        }

        await connection.DisposeAsync();
    }
}
