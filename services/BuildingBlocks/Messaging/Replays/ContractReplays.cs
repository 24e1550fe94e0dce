using System.Threading.Channels;
using JasperFx.Events;
using Marten;
using Marten.Events;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SocialTech.BuildingBlocks.Messaging.Replays;

/// <summary>
/// Runs the replay command in the background: reads the service's own event log from sequence 0 for the event types
/// of the named contracts, maps each through the service's <see cref="IContractMapper"/> (the very messages the outbox
/// published: message id = event id, same stream version) and <em>sends</em> them to one queue, with publisher
/// confirms, page by page. Progress is written after each page, so a restart resumes from the last page sent.
/// </summary>
/// <remarks>
/// Consumers keep their copies with <see cref="EventStore.LocalCopies.ApplyOnceAsync"/> (processed-message record and
/// source version), so a replay over a live copy, or twice, changes nothing. A replay ends at the outbox's progress
/// when it starts (<see cref="ContractReplay.HighWaterMark"/>): the queue exists by then, so later events reach it
/// live. Replays run one at a time per replica. After a restart every replica resumes the unfinished ones it finds,
/// so two may send the same pages: harmless for the same reason.
/// </remarks>
public sealed partial class ContractReplays(
    IDocumentStore store, IBus bus, IContractMapper mapper, TimeProvider clock, ILogger<ContractReplays> logger) : BackgroundService
{
    /// <summary>Events read per page; progress is recorded after each page is confirmed.</summary>
    public const int PageSize = 500;

    /// <summary>Header naming the replay a message was sent by (consumers ignore it; it tells a replayed message apart when tracing).</summary>
    public const string ReplayHeader = "SocialTech-Replay";

    private const int SendConcurrency = 64;
    private static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);

    private readonly Channel<Guid> pending = Channel.CreateUnbounded<Guid>();

    /// <summary>Queues a stored replay for this replica to run.</summary>
    public void Enqueue(Guid id) => pending.Writer.TryWrite(id);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await ResumeUnfinishedAsync(stoppingToken);
        await foreach (var id in pending.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await RunAsync(id, stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogFailed(logger, ex, id);
                await UpdateAsync(id, r => r with { Status = ContractReplay.Failed, FinishedAt = clock.GetUtcNow(), Error = ex.Message },
                    CancellationToken.None);
            }
        }
    }

    private async Task ResumeUnfinishedAsync(CancellationToken ct)
    {
        try
        {
            await using var session = store.QuerySession();
            var unfinished = await session.Query<ContractReplay>()
                .Where(r => r.Status == ContractReplay.Queued || r.Status == ContractReplay.Running)
                .OrderBy(r => r.RequestedAt)
                .Select(r => r.Id)
                .ToListAsync(ct);
            foreach (var id in unfinished)
            {
                Enqueue(id);
            }
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            // The database may still be starting: new requests work, the old ones wait for the next restart or a new request.
            LogResumeFailed(logger, ex);
        }
    }

    private async Task RunAsync(Guid id, CancellationToken ct)
    {
        ContractReplay? replay;
        await using (var read = store.QuerySession())
        {
            replay = await read.LoadAsync<ContractReplay>(id, ct);
        }

        if (replay is null || replay.IsFinished)
        {
            return;
        }

        if (replay.Status == ContractReplay.Queued)
        {
            var highWaterMark = await OutboxProgressAsync(ct);
            replay = await UpdateAsync(id, r => r with { Status = ContractReplay.Running, StartedAt = clock.GetUtcNow(), HighWaterMark = highWaterMark }, ct);
        }

        var names = replay!.Contracts.ToHashSet(StringComparer.Ordinal);
        var eventTypes = mapper.Contracts.EventTypesOf(names);
        var endpoint = await bus.GetSendEndpoint(new Uri($"exchange:{replay.Queue}"));
        var from = replay.LastSequence;
        var end = replay.HighWaterMark;
        var sent = replay.EventsSent;
        while (from < end)
        {
            await using var session = store.QuerySession();
            var page = await session.Events.QueryAllRawEvents()
                .Where(e => e.Sequence > from && e.Sequence <= end)
                .Where(e => e.EventTypesAre(eventTypes))
                .OrderBy(e => e.Sequence)
                .Take(PageSize)
                .ToListAsync(ct);
            if (page.Count == 0)
            {
                break;
            }

            // As the outbox does: mapped one by one through the page's session, then sent with several confirms
            // outstanding, one stream's contracts in log order (the consumers keeping a copy rely on it).
            var streams = new Dictionary<(Guid, string?), List<(IEvent Event, object Contract)>>();
            foreach (var @event in page)
            {
                if (await mapper.ToContractAsync(@event, session, ct) is { } contract && names.Contains(contract.GetType().Name))
                {
                    var key = (@event.StreamId, @event.StreamKey);
                    if (!streams.TryGetValue(key, out var contracts))
                    {
                        streams[key] = contracts = [];
                    }

                    contracts.Add((@event, contract));
                }
            }

            await Parallel.ForEachAsync(streams.Values,
                new ParallelOptions { MaxDegreeOfParallelism = SendConcurrency, CancellationToken = ct },
                async (contracts, token) =>
                {
                    foreach (var (@event, contract) in contracts)
                    {
                        await SendUntilAcceptedAsync(endpoint, id, @event, contract, token);
                    }
                });

            from = page[^1].Sequence;
            sent += streams.Values.Sum(c => c.Count);
            var lastSequence = from;
            var eventsSent = sent;
            await UpdateAsync(id, r => r with { LastSequence = lastSequence, EventsSent = eventsSent }, ct);
        }

        await UpdateAsync(id, r => r with { Status = ContractReplay.Completed, LastSequence = r.HighWaterMark, FinishedAt = clock.GetUtcNow() }, ct);
        LogCompleted(logger, id, replay!.Queue, sent);
    }

    /// <summary>How far the outbox has published: the sequence of the last event whose contract went out live.</summary>
    private async Task<long> OutboxProgressAsync(CancellationToken ct)
    {
        var progress = await store.Advanced.AllProjectionProgress(token: ct);
        return progress.FirstOrDefault(p => p.ShardName.StartsWith(EventLogOutbox.SubscriptionName + ":", StringComparison.Ordinal))?.Sequence ?? 0;
    }

    private async Task SendUntilAcceptedAsync(ISendEndpoint endpoint, Guid replayId, IEvent @event, object contract, CancellationToken ct)
    {
        var backoff = TimeSpan.FromMilliseconds(200);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(SendTimeout);
                await endpoint.Send(contract, contract.GetType(), context =>
                {
                    EventLogOutbox.Stamp(context, @event);
                    context.Headers.Set(ReplayHeader, replayId.ToString());
                }, timeout.Token);
                return;
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                LogSendFailed(logger, ex, contract.GetType().Name, @event.Sequence, attempt, backoff);
                await Task.Delay(backoff, ct);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            }
        }
    }

    private async Task<ContractReplay?> UpdateAsync(Guid id, Func<ContractReplay, ContractReplay> change, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        if (await session.LoadAsync<ContractReplay>(id, ct) is not { } replay)
        {
            return null;
        }

        var changed = change(replay);
        session.Store(changed);
        await session.SaveChangesAsync(ct);
        return changed;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Replay {ReplayId} failed; it stays failed (start a new one: replays are idempotent).")]
    private static partial void LogFailed(ILogger logger, Exception exception, Guid replayId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Unfinished replays could not be read at start-up; they resume at the next start.")]
    private static partial void LogResumeFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Replay {ReplayId} to {Queue} completed: {Sent} contracts sent.")]
    private static partial void LogCompleted(ILogger logger, Guid replayId, string queue, long sent);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Replaying {ContractType} for event #{Sequence} failed (attempt {Attempt}); retrying in {Backoff}.")]
    private static partial void LogSendFailed(ILogger logger, Exception exception, string contractType, long sequence, int attempt, TimeSpan backoff);
}
