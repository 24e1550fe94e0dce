using System.Globalization;
using System.Text;
using System.Text.Json;
using Marten;
using Npgsql;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using SocialTech.BuildingBlocks.Messaging;
using SocialTech.IncubatorNetworks.Activity.Refusals;

namespace SocialTech.IncubatorNetworks.Activity.Receiving;

/// <summary>
/// The raw AMQP path: networks whose systems speak AMQP publish plain JSON bodies on the topic exchange
/// <see cref="Exchange"/> with routing keys <c>{networkId}.{kind}</c>; this consumer applies each through
/// <see cref="InboxProcessor"/> and acknowledges it, after copying a refused one to <see cref="ErrorQueue"/> with
/// the reason in its headers, so that a bad message never holds back the ones behind it (docs/networks-amqp.md). A
/// refusal is also recorded as a <see cref="RefusedMessage"/> for the network to read over HTTP.
/// </summary>
/// <remarks>
/// RabbitMQ.Client rather than a MassTransit receive endpoint: MassTransit's raw-JSON deserializer would accept the
/// bodies, but its error transport keeps the reason in MassTransit's own headers and its retries and fault messages
/// are shaped for its envelopes, whereas networks need a documented, envelope-free contract both ways.
/// The queue has a single active consumer: every replica subscribes, RabbitMQ delivers to one at a time and fails
/// over to another when it goes, so that messages are applied in the order each network published them.
/// </remarks>
public sealed class NetworkInbox(
    IConfiguration configuration, IServiceScopeFactory scopes, TimeProvider clock, ILogger<NetworkInbox> logger) : BackgroundService
{
    public const string Exchange = "socialtech.networks.inbox";
    public const string Queue = "networks-inbox";
    public const string ErrorQueue = "networks-inbox-error";

    /// <summary>Headers a refused message carries in <see cref="ErrorQueue"/>.</summary>
    public const string ReasonHeader = "x-error-reason";
    public const string StatusHeader = "x-error-status";
    public const string FieldsHeader = "x-error-fields";
    public const string RoutingKeyHeader = "x-original-routing-key";

    private static readonly TimeSpan[] Retries = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(8)];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var uri = new Uri(configuration.GetConnectionString(MessageBusExtensions.ConnectionName)
            ?? throw new InvalidOperationException($"ConnectionStrings:{MessageBusExtensions.ConnectionName} is not set."));
        var quorum = configuration.GetValue(MessageBusExtensions.QuorumQueuesKey, false);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ConsumeAsync(uri, quorum, stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // The service runs while the broker is down, like the bus does; the inbox starts when it can.
                logger.LogWarning(e, "The networks' AMQP inbox could not connect; trying again in 5 s");
                await Task.Delay(TimeSpan.FromSeconds(5), clock, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task ConsumeAsync(Uri uri, bool quorum, CancellationToken stoppingToken)
    {
        var factory = new ConnectionFactory { Uri = uri, ClientProvidedName = "networks-inbox", AutomaticRecoveryEnabled = true };
        await using var connection = await factory.CreateConnectionAsync(stoppingToken);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: stoppingToken);
        await using var errors = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), stoppingToken);

        Dictionary<string, object?> queueArguments = new() { ["x-single-active-consumer"] = true };
        Dictionary<string, object?>? errorArguments = null;
        if (quorum)
        {
            queueArguments["x-queue-type"] = "quorum";
            errorArguments = new() { ["x-queue-type"] = "quorum" };
        }

        await channel.ExchangeDeclareAsync(Exchange, ExchangeType.Topic, durable: true, autoDelete: false, cancellationToken: stoppingToken);
        await channel.QueueDeclareAsync(Queue, durable: true, exclusive: false, autoDelete: false, queueArguments, cancellationToken: stoppingToken);
        await channel.QueueBindAsync(Queue, Exchange, "#", cancellationToken: stoppingToken);
        await channel.QueueDeclareAsync(ErrorQueue, durable: true, exclusive: false, autoDelete: false, errorArguments, cancellationToken: stoppingToken);
        await channel.BasicQosAsync(0, 16, global: false, stoppingToken);

        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, delivery) => HandleAsync(channel, errors, delivery, stoppingToken);
        await channel.BasicConsumeAsync(Queue, autoAck: false, consumer, stoppingToken);
        logger.LogInformation("The networks' AMQP inbox consumes {Queue} bound to {Exchange}", Queue, Exchange);

        // Automatic recovery brings the connection, channels and consumer back after a failure, for as long as it
        // takes: this session lasts until the service stops.
        connection.ConnectionShutdownAsync += (_, args) =>
        {
            logger.LogInformation("The inbox connection closed ({Reason}); it recovers on its own", args.ReplyText);
            return Task.CompletedTask;
        };
        await Task.Delay(Timeout.Infinite, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task HandleAsync(IChannel channel, IChannel errors, BasicDeliverEventArgs delivery, CancellationToken ct)
    {
        var body = delivery.Body.ToArray();
        var received = clock.GetUtcNow();
        InboxOutcome outcome;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var sessions = scope.ServiceProvider.GetRequiredService<ISessionFactory>();
                outcome = await InboxProcessor.ProcessAsync(sessions, delivery.RoutingKey, body, clock.GetUtcNow(), ct);
                break;
            }
            catch (Exception e) when (IsInfrastructure(e) && !ct.IsCancellationRequested)
            {
                // The database is away: this message and every one behind it must wait for it, in order.
                logger.LogWarning(e, "Inbox message {RoutingKey} waits for the database", delivery.RoutingKey);
                await Task.Delay(Retries[^1], clock, ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                await channel.BasicNackAsync(delivery.DeliveryTag, multiple: false, requeue: true, CancellationToken.None);
                return;
            }
            catch (Exception e) when (attempt < Retries.Length && !ct.IsCancellationRequested)
            {
                logger.LogWarning(e, "Inbox message {RoutingKey} failed, attempt {Attempt}", delivery.RoutingKey, attempt + 1);
                await Task.Delay(Retries[attempt], clock, ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                logger.LogError(e, "Inbox message {RoutingKey} failed after {Attempts} attempts: dead-lettered", delivery.RoutingKey, attempt + 1);
                outcome = new InboxOutcome(500, $"The service could not apply the message: {e.Message}");
                break;
            }
        }

        if (!outcome.Applied)
        {
            logger.LogInformation("Inbox message {RoutingKey} refused ({Status}): {Reason}", delivery.RoutingKey, outcome.Status, outcome.Reason);
            if (!await RecordRefusalAsync(delivery, body, outcome, received, ct))
            {
                await channel.BasicNackAsync(delivery.DeliveryTag, multiple: false, requeue: true, CancellationToken.None);
                return;
            }

            await DeadLetterAsync(errors, delivery, body, outcome, ct);
        }

        await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false, CancellationToken.None);
    }

    /// <summary>
    /// Keeps the refusal in the service's database for the network to read over HTTP, before the message leaves the
    /// inbox. False when the database is away: the message is requeued and refused (and recorded) again later.
    /// </summary>
    private async Task<bool> RecordRefusalAsync(BasicDeliverEventArgs delivery, byte[] body, InboxOutcome outcome, DateTimeOffset received, CancellationToken ct)
    {
        var properties = delivery.BasicProperties;
        if (RefusedMessages.Describe(delivery.RoutingKey, properties.UserId, properties.MessageId, body, received,
                outcome.Status, outcome.Reason, outcome.Fields) is not { } refusal)
        {
            return true;  // no network to tell: the error queue alone keeps it, for operators
        }

        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await using var session = scope.ServiceProvider.GetRequiredService<IDocumentStore>().LightweightSession();
            session.Store(refusal);
            await session.SaveChangesAsync(ct);
            return true;
        }
        catch (Exception e) when (IsInfrastructure(e) && !ct.IsCancellationRequested)
        {
            logger.LogWarning(e, "The refusal of inbox message {RoutingKey} waits for the database", delivery.RoutingKey);
            await Task.Delay(Retries[^1], clock, ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            return false;
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            // Anything else would fail again on every redelivery: the error queue still gets the message and its reason.
            logger.LogError(e, "The refusal of inbox message {RoutingKey} could not be recorded for its network", delivery.RoutingKey);
            return true;
        }
    }

    private async Task DeadLetterAsync(IChannel errors, BasicDeliverEventArgs delivery, byte[] body, InboxOutcome outcome, CancellationToken ct)
    {
        var received = delivery.BasicProperties;
        var headers = received.Headers is { } original ? new Dictionary<string, object?>(original) : [];
        headers[ReasonHeader] = outcome.Reason;
        headers[StatusHeader] = outcome.Status;
        headers[RoutingKeyHeader] = delivery.RoutingKey;
        headers["x-original-exchange"] = delivery.Exchange;
        headers["x-failed-at"] = clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
        if (outcome.Fields is { } fields)
        {
            headers[FieldsHeader] = JsonSerializer.Serialize(fields);
        }

        var properties = new BasicProperties
        {
            Persistent = true,
            ContentType = received.ContentType ?? "application/json",
            MessageId = received.MessageId,
            CorrelationId = received.CorrelationId,
            Headers = headers,
        };

        // Confirmed before the original is acknowledged: a refused message is never lost between the two queues.
        await errors.BasicPublishAsync("", ErrorQueue, mandatory: true, properties, body, ct);
    }

    private static bool IsInfrastructure(Exception e) =>
        e is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException
        || (e.InnerException is { } inner && IsInfrastructure(inner));

    /// <summary>Reads a header as RabbitMQ returns it (long strings come back as bytes).</summary>
    public static string? HeaderText(IReadOnlyBasicProperties properties, string name) =>
        properties.Headers?.TryGetValue(name, out var value) == true
            ? value switch
            {
                byte[] bytes => Encoding.UTF8.GetString(bytes),
                null => null,
                _ => Convert.ToString(value, CultureInfo.InvariantCulture),
            }
            : null;
}
