using System.Diagnostics;
using System.Globalization;
using JasperFx;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using RabbitMQ.Client;
using SocialTech.Actors.Contracts;
using SocialTech.Actors.Territories;
using SocialTech.Benchmarks.Harness;
using SocialTech.Benchmarks.Scenarios.FundingFlows;
using SocialTech.BuildingBlocks.EventStore;
using SocialTech.Funding;
using SocialTech.Funding.Grants;
using SocialTech.Funding.Territories;

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

        await context.DropDatabaseAsync(Database, ct);
        await context.EnsureDatabaseAsync(Database, ct);

        var factory = new ConnectionFactory { Uri = context.RabbitMq, ClientProvidedName = "bench-outbox" };
        await using var probeConnection = await factory.CreateConnectionAsync(ct);
        await using var publishConnection = await factory.CreateConnectionAsync(ct);
        await using var outboxProbe = await QueueProbe.StartAsync(probeConnection, ContractExchange, "bench-outbox-contracts", ct);
        await using var rawProbe = await QueueProbe.StartAsync(probeConnection, RawExchange, "bench-outbox-raw", ct);

        await using var service = await ServiceProcess.StartAsync(context, ServiceAssembly, new Dictionary<string, string>
        {
            ["ConnectionStrings__fundingdb"] = context.ConnectionTo(Database, "bench-service"),
            ["ConnectionStrings__messaging"] = context.RabbitMq.ToString(),
            ["EventStore__Daemon"] = "Solo",
        }, ct);

        using var store = FundingStore(context.ConnectionTo(Database, "bench-loader"));
        var grants = new AwardedGrants(seed: 10);
        var loader = context.ConnectionTo(Database, "bench-loader");

        // Warm-up, unrecorded: JIT, pools, the bus's channel; and the contract's size, which the raw side copies.
        await EventCopy.AppendAsync(store, loader, grants.Next(500), ct);
        await outboxProbe.WaitForAsync(500, timeout, ct);
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

        var clientMeter = new ProcessMeter("client", Environment.ProcessId);
        var subject = new BatchSide("outbox: commit → all contracts in a queue", "subject",
            [new ProcessMeter("service", service.ProcessId), new PostgresBackendMeter("pg", context.ConnectionTo(Database, "bench-monitor"), Database, "bench-service"), clientMeter]);
        var reference = new BatchSide("raw publish with confirms → all in a queue", "baseline", [clientMeter]);

        for (var round = 0; round < rounds; round++)
        {
            foreach (var side in round % 2 == 0 ? new[] { subject, reference } : [reference, subject])
            {
                if (side == subject)
                {
                    var batch = grants.Next(perRound);
                    outboxProbe.Reset();
                    await subject.RunAsync(async token =>
                    {
                        await EventCopy.AppendAsync(store, loader, batch, token);
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

        // Nothing lost or doubled on the subject's side: the daemon's progression is at the log's end.
        var (lastEvent, progression) = await ProgressAsync(loader, ct);
        notes["check"] = $"event log at #{lastEvent}, outbox subscription at #{progression}"
            + (lastEvent == progression ? "" : " — BEHIND");

        var ratio = reference.MessagesPerSecond == 0 ? 0 : subject.MessagesPerSecond / reference.MessagesPerSecond;
        notes["messages/s"] = $"outbox {subject.MessagesPerSecond:F0}/s (between first and last arrival {subject.SteadyMessagesPerSecond:F0}/s), "
            + $"raw {reference.MessagesPerSecond:F0}/s ({reference.SteadyMessagesPerSecond:F0}/s), ratio {ratio:F3}×";
        return new ScenarioReport(Name, [subject.Measure(), reference.Measure()],
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

    /// <summary>A Marten store with Funding's configuration, for <see cref="EventCopy"/>'s serializer and sequence only.</summary>
    private static DocumentStore FundingStore(string connectionString)
    {
        var services = new ServiceCollection()
            .AddSingleton(TerritoryReferential.LoadEmbedded())
            .AddSingleton<IFundingTerritories, ReferentialTerritories>()
            .BuildServiceProvider();
        return DocumentStore.For(options =>
        {
            options.Connection(connectionString);
            options.DatabaseSchemaName = FundingEventStore.Schema;
            options.AutoCreateSchemaObjects = AutoCreate.None;
            options.Events.MetadataConfig.HeadersEnabled = true;
            options.Events.MetadataConfig.CorrelationIdEnabled = true;
            options.Events.MetadataConfig.CausationIdEnabled = true;
            options.Events.MetadataConfig.UserNameEnabled = true;
            options.Schema.For<ProcessedMessage>();
            FundingEventStore.Configure(options, services);
        });
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
