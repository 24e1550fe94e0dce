using System.Diagnostics;
using System.Diagnostics.Metrics;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Subscriptions;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using SocialTech.BuildingBlocks.EventStore;

namespace SocialTech.BuildingBlocks.Messaging;

/// <summary>
/// The event log is the outbox: this Marten subscription publishes the contract of every committed event, in log order.
/// </summary>
/// <remarks>
/// Marten records the subscription's progress only after <see cref="ProcessEventsAsync"/> returns, so a crash between
/// publish and progress means the page is published again: delivery is at-least-once. Each message's id is the event's
/// id, which is what consumers deduplicate on. While RabbitMQ is unreachable the page is retried with back-off; HTTP
/// writes are not affected because they only append to PostgreSQL.
/// </remarks>
public sealed partial class EventLogOutbox : SubscriptionBase
{
    public const string SubscriptionName = "contracts-outbox";
    public const string StreamIdHeader = "SocialTech-Stream-Id";
    public const string StreamVersionHeader = "SocialTech-Stream-Version";

    public static readonly ActivitySource ActivitySource = new("SocialTech.Outbox");
    private static readonly Meter Meter = new("SocialTech.Outbox");
    private static readonly Counter<long> Published = Meter.CreateCounter<long>("socialtech.outbox.published", "{message}", "Contracts published from the event log.");
    private static readonly Counter<long> PublishFailures = Meter.CreateCounter<long>("socialtech.outbox.publish_failures", "{attempt}", "Publish attempts that failed and will be retried.");

    private static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Configuration key: how many publishes may await their broker confirm at once (default 128; a page holds up
    /// to <c>BatchSize</c> events). <c>1</c> publishes one message at a time, as the outbox first did.
    /// </summary>
    public const string PublishConcurrencyKey = "Messaging:OutboxPublishConcurrency";

    public EventLogOutbox(IBus bus, IContractMapper mapper, ILogger<EventLogOutbox> logger, IConfiguration configuration)
    {
        this.bus = bus;
        this.mapper = mapper;
        this.logger = logger;
        publishConcurrency = Math.Max(1, configuration.GetValue(PublishConcurrencyKey, 128));
        Name = SubscriptionName;
        Options.BatchSize = 500;
    }

    private readonly IBus bus;
    private readonly IContractMapper mapper;
    private readonly ILogger<EventLogOutbox> logger;
    private readonly int publishConcurrency;

    public override async Task<IChangeListener> ProcessEventsAsync(
        EventRange page, ISubscriptionController controller, IDocumentOperations operations, CancellationToken cancellationToken)
    {
        // Mapped one by one (the mapper may read through the page's session, which is not thread-safe), then
        // published with up to publishConcurrency confirms outstanding: one publish at a time would wait a broker
        // round trip per message (docs/performance.md, "outbox"). A stream's contracts stay in log order, each
        // published once the previous one is confirmed, because consumers that keep a copy rely on that order;
        // contracts of different streams carry no order between them.
        var streams = new Dictionary<(Guid, string?), List<(IEvent Event, object Contract)>>();
        foreach (var @event in page.Events)
        {
            if (await mapper.ToContractAsync(@event, operations, cancellationToken) is { } contract)
            {
                if (!mapper.Contracts.Declares(contract.GetType(), @event.EventType))
                {
                    // Published all the same (live traffic must not stop for a declaration), but a replay would miss it.
                    LogUndeclared(logger, contract.GetType().Name, @event.EventType.Name);
                }

                var key = (@event.StreamId, @event.StreamKey);
                if (!streams.TryGetValue(key, out var contracts))
                {
                    streams[key] = contracts = [];
                }

                contracts.Add((@event, contract));
            }
        }

        await Parallel.ForEachAsync(streams.Values,
            new ParallelOptions { MaxDegreeOfParallelism = publishConcurrency, CancellationToken = cancellationToken },
            async (contracts, ct) =>
            {
                foreach (var (@event, contract) in contracts)
                {
                    await PublishUntilAcceptedAsync(@event, contract, ct);
                }
            });

        return NullChangeListener.Instance;
    }

    private async Task PublishUntilAcceptedAsync(IEvent @event, object contract, CancellationToken cancellationToken)
    {
        var contractType = contract.GetType();
        using var activity = ActivitySource.StartActivity(
            $"outbox publish {contractType.Name}", ActivityKind.Internal, ParentContext(@event));
        activity?.SetTag("socialtech.event.sequence", @event.Sequence);
        activity?.SetTag("socialtech.stream.id", @event.StreamId);

        var backoff = TimeSpan.FromMilliseconds(200);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(PublishTimeout);
                await bus.Publish(contract, contractType, context => Stamp(context, @event), timeout.Token);
                Published.Add(1, new KeyValuePair<string, object?>("message_type", contractType.Name));
                return;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                PublishFailures.Add(1, new KeyValuePair<string, object?>("message_type", contractType.Name));
                LogPublishFailed(logger, ex, contractType.Name, @event.Sequence, attempt, backoff);
                await Task.Delay(backoff, cancellationToken);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            }
        }
    }

    /// <summary>
    /// What identifies a contract on the wire: the message id is the event id (consumers deduplicate on it), the
    /// correlation id and headers name the source stream and its version. The replay command stamps its sends alike.
    /// </summary>
    public static void Stamp(SendContext context, IEvent @event)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(@event);
        context.MessageId = @event.Id;
        context.CorrelationId = @event.StreamId;
        context.Headers.Set(StreamIdHeader, @event.StreamId.ToString());
        context.Headers.Set(StreamVersionHeader, @event.Version);
    }

    private static ActivityContext ParentContext(IEvent @event)
    {
        if (@event.Headers is not null
            && @event.Headers.TryGetValue(TracingSessionFactory.TraceParentHeader, out var value)
            && ActivityContext.TryParse(value?.ToString(), null, out var parent))
        {
            return parent;
        }

        return default;
    }

    [LoggerMessage(Level = LogLevel.Error,
        Message = "{ContractType} was mapped from {EventType}, which the mapper's ContractCatalog does not declare: replays of {ContractType} miss these events.")]
    private static partial void LogUndeclared(ILogger logger, string contractType, string eventType);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Publishing {ContractType} for event #{Sequence} failed (attempt {Attempt}); retrying in {Backoff}. Nothing is lost: the event stays in the log.")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, string contractType, long sequence, int attempt, TimeSpan backoff);
}
