using System.Diagnostics;
using System.Globalization;
using Marten;
using RabbitMQ.Client;
using SocialTech.Actors.Contracts;
using SocialTech.Benchmarks.Harness;
using SocialTech.Benchmarks.Scenarios.FundingFlows;
using SocialTech.Funding;
using SocialTech.Funding.Grants;

namespace SocialTech.Benchmarks.Scenarios.Outbox;

/// <summary>
/// Issue 10's "publishing through the event-log outbox with confirms": a Funding process whose async daemon (Solo)
/// runs the <c>EventLogOutbox</c> subscription, publishing <c>GrantAwarded</c> with MassTransit and publisher confirms,
/// against raw RabbitMQ.Client 7 publishes with confirms of bodies of the same size. Each round, per side, sends
/// BENCH_OUTBOX_MESSAGES (10 000) messages, in alternating order (A B, then B A):
/// <list type="bullet">
/// <item>subject: that many <c>GrantAwarded</c> events committed in one transaction (binary COPY into Marten's event
/// tables, <see cref="EventCopy"/>) while the daemon runs; timed from the commit until the last contract has arrived
/// in a queue of the benchmark's own bound to the contract's exchange;</item>
/// <item>baseline: the same number of persistent messages published on one confirming channel, 500 outstanding at a
/// time (one outbox page), to an exchange of its own with the same kind of queue; timed from the first publish until
/// the last message has arrived and every confirm is in.</item>
/// </list>
/// Target: at least 0.25× the raw publisher's messages per second.
/// </summary>
public sealed class OutboxScenario : IScenario
{
    private const string Database = "socialtech_bench_outbox";
    private const string ServiceAssembly = "services/Funding/Funding.Api/bin/Release/net10.0/Funding.Api.dll";

    /// <summary>MassTransit's exchange for a message type: its namespace and name.</summary>
    private const string ContractExchange = "SocialTech.Funding.Contracts:GrantAwarded";
    private const string RawExchange = "bench-outbox-raw";
    private const string LabellingFundingFactsQueue = "labelling-funding-facts";
    private const int RawOutstanding = 500;

    public string Name => "outbox";

    public string Description => "event-log outbox publishing with confirms vs raw RabbitMQ.Client publishes with confirms (BENCH_OUTBOX_MESSAGES a round, default 10 000)";

    public async Task<ScenarioReport> RunAsync(BenchContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var perRound = int.TryParse(Environment.GetEnvironmentVariable("BENCH_OUTBOX_MESSAGES"), CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 10_000;
        var rounds = Math.Max(1, context.Rounds);
        var timeout = TimeSpan.FromMinutes(10);
        var notes = new Dictionary<string, string>();

        var factory = new ConnectionFactory { Uri = context.RabbitMq, ClientProvidedName = "bench-outbox" };
        await using var probeConnection = await factory.CreateConnectionAsync(ct);
        await using var publishConnection = await factory.CreateConnectionAsync(ct);

        // Only the probe's queue may be bound to the contract's exchange, as only the baseline's queue is bound to its
        // own: a queue nobody consumes (Labelling's, left by the propagation scenario) makes the broker write every
        // message to disk before confirming it, which the baseline would not pay.
        await using (var cleanup = await probeConnection.CreateChannelAsync(cancellationToken: ct))
        {
            await cleanup.QueueDeleteAsync(LabellingFundingFactsQueue, cancellationToken: ct);
        }
        await using var outboxProbe = await QueueProbe.StartAsync(probeConnection, ContractExchange, "bench-outbox-contracts", ct);
        await using var rawProbe = await QueueProbe.StartAsync(probeConnection, RawExchange, "bench-outbox-raw", ct);

        // Two Funding processes, each with its own database: the outbox as configured, and the same outbox publishing
        // one message at a time (its first design), so that the difference is measured in the same run. Only the one
        // whose turn it is has events to publish; the probe's queue hears both.
        var clientMeter = new ProcessMeter("client", Environment.ProcessId);
        var outboxes = new List<OutboxUnderTest>();
        foreach (var (database, concurrency, name) in new[]
        {
            (Database, (int?)null, "outbox: commit → all contracts in a queue"),
            (Database + "_serial", (int?)1, "outbox, 1 publish at a time (before)"),
        })
        {
            await context.RecreateDatabaseAsync(database, ct);
            var environment = new Dictionary<string, string>
            {
                ["ConnectionStrings__fundingdb"] = context.ConnectionTo(database, "bench-service"),
                ["ConnectionStrings__messaging"] = context.RabbitMq.ToString(),
                ["EventStore__Daemon"] = "Solo",
            };
            if (concurrency is { } c)
            {
                environment["Messaging__OutboxPublishConcurrency"] = c.ToString(CultureInfo.InvariantCulture);
            }

            var service = await ServiceProcess.StartAsync(context, ServiceAssembly, environment, ct);
            var loader = context.ConnectionTo(database, "bench-loader");
            outboxes.Add(new OutboxUnderTest(service, FundingStores.For(loader), loader,
                new BatchSide(name, "subject", [new ProcessMeter("service", service.ProcessId),
                    new PostgresBackendMeter("pg", context.ConnectionTo(database, "bench-monitor"), database, "bench-service"), clientMeter])));
        }

        try
        {
            return await MeasureAsync(outboxes, outboxProbe, rawProbe, publishConnection, clientMeter, perRound, rounds, timeout, notes, ct);
        }
        finally
        {
            foreach (var outbox in outboxes)
            {
                await outbox.Service.DisposeAsync();
                outbox.Store.Dispose();
            }
        }
    }

    private sealed record OutboxUnderTest(ServiceProcess Service, IDocumentStore Store, string Loader, BatchSide Side);

    private static async Task<ScenarioReport> MeasureAsync(
        List<OutboxUnderTest> outboxes, QueueProbe outboxProbe, QueueProbe rawProbe, IConnection publishConnection, ProcessMeter clientMeter,
        int perRound, int rounds, TimeSpan timeout, Dictionary<string, string> notes, CancellationToken ct)
    {
        var grants = new AwardedGrants(seed: 10);

        // Warm-up, unrecorded: JIT, pools, the bus's channel; and the contract's size, which the raw side copies.
        foreach (var outbox in outboxes)
        {
            outboxProbe.Reset();
            await EventCopy.AppendAsync(outbox.Store, outbox.Loader, grants.Next(500), ct);
            await outboxProbe.WaitForAsync(500, timeout, ct);
        }

        var bodySize = (int)Math.Round(outboxProbe.MeanBodyBytes);
        var body = new byte[bodySize];
        new Random(3).NextBytes(body);
        var properties = new BasicProperties { Persistent = true, ContentType = "application/vnd.masstransit+json" };
        var channelOptions = new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true,
            outstandingPublisherConfirmationsRateLimiter: null);
        await using var channel = await publishConnection.CreateChannelAsync(channelOptions, ct);
        await PublishRawAsync(channel, properties, body, 500, ct);
        await rawProbe.WaitForAsync(500, timeout, ct);
        notes["messages"] = $"{rounds} rounds × {perRound} messages per side; GrantAwarded contracts of {bodySize} bytes (MassTransit JSON envelope), "
            + $"raw bodies of the same size; persistent messages, durable classic queues, one consumer each (auto-ack)";

        var reference = new BatchSide("raw publish with confirms → all in a queue", "baseline", [clientMeter]);
        var sides = outboxes.Select(o => o.Side).Append(reference).ToArray();
        for (var round = 0; round < rounds; round++)
        {
            foreach (var side in round % 2 == 0 ? sides : sides.Reverse())
            {
                if (outboxes.FirstOrDefault(o => o.Side == side) is { } outbox)
                {
                    var batch = grants.Next(perRound);
                    outboxProbe.Reset();
                    await side.RunAsync(async token =>
                    {
                        await EventCopy.AppendAsync(outbox.Store, outbox.Loader, batch, token);
                        var start = Stopwatch.GetTimestamp();
                        return (start, await outboxProbe.WaitForAsync(perRound, timeout, token));
                    }, ct);
                }
                else
                {
                    rawProbe.Reset();
                    await reference.RunAsync(async token =>
                    {
                        var start = Stopwatch.GetTimestamp();
                        await PublishRawAsync(channel, properties, body, perRound, token);
                        var confirmed = Stopwatch.GetTimestamp();
                        var arrivals = await rawProbe.WaitForAsync(perRound, timeout, token);
                        // The round ends when both are true: every message confirmed and every one delivered.
                        var last = Array.IndexOf(arrivals, arrivals.Max());
                        arrivals[last] = Math.Max(arrivals[last], confirmed);
                        return (start, arrivals);
                    }, ct);
                }
            }

            BenchContext.Log($"round {round + 1}/{rounds} done");
        }

        // Nothing left behind: each daemon's progression reaches its log's end (it is recorded just after the last
        // page's publishes are confirmed, so it may trail the last arrival by a moment).
        foreach (var outbox in outboxes)
        {
            var (lastEvent, progression) = await ProgressAsync(outbox.Loader, ct);
            for (var wait = 0; wait < 100 && progression < lastEvent; wait++)
            {
                await Task.Delay(100, ct);
                (lastEvent, progression) = await ProgressAsync(outbox.Loader, ct);
            }

            notes[$"check {outbox.Side.Name}"] = $"event log at #{lastEvent}, outbox subscription at #{progression}" + (lastEvent == progression ? "" : " — BEHIND");
        }

        var subject = outboxes[0].Side;
        var serial = outboxes[1].Side;
        var ratio = reference.MessagesPerSecond == 0 ? 0 : subject.MessagesPerSecond / reference.MessagesPerSecond;
        notes["messages/s"] = $"outbox {subject.MessagesPerSecond:F0}/s (between first and last arrival {subject.SteadyMessagesPerSecond:F0}/s), "
            + $"1 at a time {serial.MessagesPerSecond:F0}/s ({serial.SteadyMessagesPerSecond:F0}/s), "
            + $"raw {reference.MessagesPerSecond:F0}/s ({reference.SteadyMessagesPerSecond:F0}/s), ratio {ratio:F3}× "
            + $"(1 at a time {(reference.MessagesPerSecond == 0 ? 0 : serial.MessagesPerSecond / reference.MessagesPerSecond):F3}×)";
        var measurements = sides.Select(s => s.Measure()).ToArray();
        notes["cpu per message"] = string.Join(", ", measurements.Select(m =>
            $"{m.Case}: {string.Join(" + ", m.Resources.Select(r => $"{r.Name} {(m.Operations == 0 ? 0 : r.CpuSeconds * 1e6 / m.Operations):F0} µs"))}"));
        return new ScenarioReport("outbox", measurements,
            [new TargetCheck("outbox messages/s", "≥ 0.25× raw publish with confirms", $"{ratio:F3}×", ratio >= 0.25)], notes);
    }

    /// <summary>Publishes <paramref name="count"/> messages, <see cref="RawOutstanding"/> unconfirmed at most: each batch's confirms are awaited together.</summary>
    private static async Task PublishRawAsync(IChannel channel, BasicProperties properties, byte[] body, int count, CancellationToken ct)
    {
        var pending = new List<Task>(RawOutstanding);
        for (var i = 0; i < count; i++)
        {
            pending.Add(channel.BasicPublishAsync(RawExchange, "", mandatory: false, properties, body, ct).AsTask());
            if (pending.Count == RawOutstanding)
            {
                await Task.WhenAll(pending);
                pending.Clear();
            }
        }

        await Task.WhenAll(pending);
    }

    private static async Task<(long Events, long Progression)> ProgressAsync(string connectionString, CancellationToken ct)
    {
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new Npgsql.NpgsqlCommand($"""
            SELECT (SELECT coalesce(max(seq_id), 0) FROM {FundingEventStore.Schema}.mt_events),
                   (SELECT coalesce(min(last_seq_id), 0) FROM {FundingEventStore.Schema}.mt_event_progression WHERE name LIKE 'contracts-outbox:%')
            """, connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    /// <summary>Grants awarded directly, one event a stream, as <c>POST /api/funding/grants</c> appends them; never the same twice.</summary>
    private sealed class AwardedGrants(int seed)
    {
        private readonly Random random = new(seed);
        private readonly Guid[] funders = [.. Enumerable.Range(0, 50).Select(_ => Guid.CreateVersion7())];
        private readonly Guid[] recipients = [.. Enumerable.Range(0, 2_000).Select(_ => Guid.CreateVersion7())];

        public IReadOnlyList<(Guid Id, object[] Events)> Next(int count) =>
        [
            .. Enumerable.Range(0, count).Select(_ =>
            {
                var id = Guid.CreateVersion7();
                var amount = Math.Round(500m + (decimal)(random.NextDouble() * 150_000), 2);
                var decided = new DateOnly(2025, 1, 1).AddDays(random.Next(300));
                var place = new CommuneReference("69123", 2025);
                var terms = new GrantTerms(
                    [new FunderShare(funders[random.Next(funders.Length)], FunderType.Region, amount)],
                    new GrantRecipient(recipients[random.Next(recipients.Length)], ["association"], place), null,
                    "Soutien au fonctionnement de l'association", amount, decided, decided.AddMonths(12), [decided.Year], null, [place], null);
                return (id, new object[] { new GrantAwarded(id, terms, decided, DateTimeOffset.UtcNow) });
            }),
        ];
    }
}
