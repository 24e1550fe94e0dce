using Microsoft.Extensions.Configuration;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace SocialTech.BuildingBlocks.Messaging.Replays;

/// <summary>Whether a queue exists on the service's broker: a replay is sent to an existing consumer's queue only.</summary>
public interface IBrokerQueues
{
    /// <summary>True when the queue exists, false when the broker says it does not; throws when the broker is unreachable.</summary>
    Task<bool> ExistsAsync(string queue, CancellationToken cancellationToken);
}

/// <summary>
/// Asks RabbitMQ with a passive declaration, which never creates the queue: sending to a name that no consumer
/// declared would otherwise create an exchange nobody reads, and the replay would "succeed" into the void.
/// </summary>
public sealed class RabbitMqQueues(IConfiguration configuration) : IBrokerQueues
{
    public async Task<bool> ExistsAsync(string queue, CancellationToken cancellationToken)
    {
        var uri = configuration.GetConnectionString(MessageBusExtensions.ConnectionName)
            ?? throw new InvalidOperationException($"ConnectionStrings:{MessageBusExtensions.ConnectionName} is not set.");
        var factory = new ConnectionFactory
        {
            Uri = new Uri(uri),
            RequestedConnectionTimeout = TimeSpan.FromSeconds(3),
            AutomaticRecoveryEnabled = false,
            ClientProvidedName = "replay-queue-check",
        };
        await using var connection = await factory.CreateConnectionAsync(cancellationToken);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        try
        {
            await channel.QueueDeclarePassiveAsync(queue, cancellationToken);
            return true;
        }
        catch (OperationInterruptedException ex) when (ex.ShutdownReason?.ReplyCode == 404)
        {
            return false;
        }
    }
}
