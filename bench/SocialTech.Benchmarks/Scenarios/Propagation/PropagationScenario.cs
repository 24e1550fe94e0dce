using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Npgsql;
using RabbitMQ.Client;
using SocialTech.Actors.Contracts;
using SocialTech.Actors.Directory;
using SocialTech.Benchmarks.Harness;

namespace SocialTech.Benchmarks.Scenarios.Propagation;

/// <summary>
/// Issue 10's "cross-service propagation": a grant awarded in Funding (<c>POST /api/funding/grants</c>) until it is in
/// Labelling's funding facts (<c>FundingFactsConsumer</c> on <c>GrantAwarded</c>, the read model eligibility is
/// answered from), both services started from their Release builds with their daemons (Solo), their own databases and
/// the benchmark's virtual host. First the maximum award rate (closed loop, BENCH_PROPAGATION_CLIENTS clients, 16),
/// then awards sent open-loop at a constant 70% of it for BENCH_ROUNDS × BENCH_ROUND_SECONDS seconds; each award's
/// propagation time runs from its <c>201 Created</c> until a poller (every 5 ms, by primary key, over the awards in
/// flight) finds its row in <c>labelling.mt_doc_fundingfact</c>. Target: p50 ≤ 100 ms and p99 ≤ 1 s. No baseline.
/// </summary>
public sealed class PropagationScenario : IScenario
{
    private const string FundingDatabase = "socialtech_bench_propagation_funding";
    private const string LabellingDatabase = "socialtech_bench_propagation_labelling";
    private const string FundingAssembly = "services/Funding/Funding.Api/bin/Release/net10.0/Funding.Api.dll";
    private const string LabellingAssembly = "services/Labelling/Labelling.Api/bin/Release/net10.0/Labelling.Api.dll";

    /// <summary>Labelling's queue for Funding's grant contracts (MassTransit's kebab-case name with the service prefix).</summary>
    private const string FundingFactsQueue = "labelling-funding-facts";

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(5);

    public string Name => "propagation";

    public string Description => "grant awarded in Funding → in Labelling's funding facts, open-loop at 70% of the maximum award rate";

    public async Task<ScenarioReport> RunAsync(BenchContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var clients = int.TryParse(Environment.GetEnvironmentVariable("BENCH_PROPAGATION_CLIENTS"), CultureInfo.InvariantCulture, out var c) && c > 0 ? c : 16;
        var notes = new Dictionary<string, string>();
        foreach (var database in new[] { FundingDatabase, LabellingDatabase })
        {
            await context.RecreateDatabaseAsync(database, ct);
        }

        // A queue left by an earlier run holds contracts published since (the outbox scenario publishes thousands):
        // Labelling would start by consuming them in the middle of the measure.
        var factory = new ConnectionFactory { Uri = context.RabbitMq, ClientProvidedName = "bench-propagation" };
        await using (var connection = await factory.CreateConnectionAsync(ct))
        await using (var channel = await connection.CreateChannelAsync(cancellationToken: ct))
        {
            await channel.QueueDeleteAsync(FundingFactsQueue, cancellationToken: ct);
        }

        await using var funding = await ServiceProcess.StartAsync(context, FundingAssembly, new Dictionary<string, string>
        {
            ["ConnectionStrings__fundingdb"] = context.ConnectionTo(FundingDatabase, "bench-funding"),
            ["ConnectionStrings__messaging"] = context.RabbitMq.ToString(),
            ["EventStore__Daemon"] = "Solo",
        }, ct);
        await using var labelling = await ServiceProcess.StartAsync(context, LabellingAssembly, new Dictionary<string, string>
        {
            ["ConnectionStrings__labellingdb"] = context.ConnectionTo(LabellingDatabase, "bench-labelling"),
            ["ConnectionStrings__messaging"] = context.RabbitMq.ToString(),
            ["EventStore__Daemon"] = "Solo",
        }, ct);

        try
        {
            return await MeasureAsync(context, funding, labelling, clients, notes, ct);
        }
        finally
        {
            // Labelling's queue would otherwise keep every GrantAwarded later scenarios publish, with nobody consuming.
            await using var connection = await factory.CreateConnectionAsync(CancellationToken.None);
            await using var channel = await connection.CreateChannelAsync(cancellationToken: CancellationToken.None);
            await channel.QueueDeleteAsync(FundingFactsQueue, cancellationToken: CancellationToken.None);
        }
    }

    private static async Task<ScenarioReport> MeasureAsync(
        BenchContext context, ServiceProcess funding, ServiceProcess labelling, int clients, Dictionary<string, string> notes, CancellationToken ct)
    {
        var (funders, recipients) = await SeedDirectoryAsync(context.ConnectionTo(FundingDatabase, "bench-loader"), ct);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = funding.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = BenchToken.Admin();
        await using var observer = NpgsqlDataSource.Create(context.ConnectionTo(LabellingDatabase, "bench-observer"));
        var awards = new Awards(http, funders, recipients);

        // Labelling must be listening before the measure: its queue is bound once its bus has started, and a contract
        // published before that never reaches it. One award every 2 s until one arrives.
        await WaitListeningAsync(observer, awards, TimeSpan.FromMinutes(2), ct);

        var clientMeter = new ProcessMeter("client", Environment.ProcessId);
        IResourceMeter[] meters =
        [
            new ProcessMeter("funding", funding.ProcessId), new ProcessMeter("labelling", labelling.ProcessId),
            new PostgresBackendMeter("pg-funding", context.ConnectionTo(FundingDatabase, "bench-monitor"), FundingDatabase, "bench-funding"),
            new PostgresBackendMeter("pg-labelling", context.ConnectionTo(LabellingDatabase, "bench-monitor"), LabellingDatabase, "bench-labelling"),
            clientMeter,
        ];

        // 1. The maximum award rate: as many awards as `clients` closed-loop clients get through, Labelling consuming meanwhile.
        var maximum = (await Interleaved.RunAsync(
            [new LoadCase($"award (closed loop, {clients} clients)", "subject", clients, async (w, i, token) => await awards.SendAsync(w, token), meters)],
            rounds: 2, TimeSpan.FromSeconds(context.RoundSeconds), ct))[0];
        var rate = 0.7 * maximum.Throughput;
        notes["maximum award rate"] = $"{maximum.Throughput:F1} awards/s ({clients} closed-loop clients, {maximum.Seconds:F0} s)";

        // Labelling catches up with what that burst awarded before the measure starts; how fast it does is its consumer's rate.
        var backlogClock = Stopwatch.StartNew();
        var awarded = await CountAsync(context.ConnectionTo(FundingDatabase, "bench-loader"), "SELECT count(*) FROM funding.mt_streams", ct);
        var backlog = awarded - await CountAsync(context.ConnectionTo(LabellingDatabase, "bench-loader"), "SELECT count(*) FROM labelling.mt_doc_fundingfact", ct);
        while (await CountAsync(context.ConnectionTo(LabellingDatabase, "bench-loader"), "SELECT count(*) FROM labelling.mt_doc_fundingfact", ct) < awarded)
        {
            if (backlogClock.Elapsed > TimeSpan.FromMinutes(10))
            {
                throw new TimeoutException($"Labelling did not catch up with {awarded} awards within 10 minutes.");
            }

            await Task.Delay(100, ct);
        }

        notes["catch-up"] = $"{backlog} awards not yet in Labelling when the closed loop stopped, in it {backlogClock.Elapsed.TotalSeconds:F1} s later"
            + (backlog > 0 ? $" ({backlog / backlogClock.Elapsed.TotalSeconds:F0} awards/s on top of the daemon's start-up)" : "");

        // 2. Open loop at 70%: award i is due at i / rate seconds, sent then whatever the earlier ones are doing.
        var duration = TimeSpan.FromSeconds(Math.Max(1, context.Rounds) * context.RoundSeconds);
        var propagation = new LatencyRecorder();
        var sentToVisible = new LatencyRecorder();
        var awardLatency = new LatencyRecorder();
        var inFlight = new ConcurrentDictionary<Guid, (long Due, long Acknowledged)>();
        var before = await SampleAsync(meters, ct);
        using var stopPolling = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var poller = PollAsync(observer, inFlight, propagation, sentToVisible, stopPolling.Token);
        var start = Stopwatch.GetTimestamp();
        var sends = new List<Task>();
        var failures = 0;
        for (var i = 0L; ; i++)
        {
            var due = start + (long)(i / rate * Stopwatch.Frequency);
            if (Stopwatch.GetElapsedTime(start, due) >= duration)
            {
                break;
            }

            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, ct);
            }

            var worker = (int)(i % clients);
            sends.Add(Task.Run(async () =>
            {
                try
                {
                    var id = await awards.SendAsync(worker, ct);
                    var acknowledged = Stopwatch.GetTimestamp();
                    lock (awardLatency)
                    {
                        awardLatency.Record(acknowledged - due);
                    }

                    inFlight[id] = (due, acknowledged);
                }
                catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    if (Interlocked.Increment(ref failures) == 1)
                    {
                        BenchContext.Log($"award failed: {e.GetType().Name}: {e.Message}");
                    }
                }
            }, ct));
        }

        await Task.WhenAll(sends);
        var sent = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var drain = Stopwatch.StartNew();
        while (!inFlight.IsEmpty && drain.Elapsed < TimeSpan.FromMinutes(2))
        {
            await Task.Delay(50, ct);
        }

        var lost = inFlight.Count;
        await stopPolling.CancelAsync();
        await poller;
        var after = await SampleAsync(meters, ct);

        var visible = propagation.Summarise();
        var http201 = awardLatency.Summarise();
        var fromSent = sentToVisible.Summarise();
        notes["open loop"] = $"{http201.Count} awards at {rate:F1}/s (70% of the maximum) over {sent:F1} s, {failures} failed, "
            + $"{lost} not in Labelling 2 minutes after the last";
        notes["award request → in Labelling"] = $"p50 {fromSent.P50:F1} ms, p95 {fromSent.P95:F1} ms, p99 {fromSent.P99:F1} ms (from the moment each award was due)";
        var seconds = sent + drain.Elapsed.TotalSeconds;
        var resources = meters.Select((m, i) => new ResourceUse(m.Name, Math.Max(0, after[i].CpuSeconds - before[i].CpuSeconds),
            Math.Max(0, after[i].CpuSeconds - before[i].CpuSeconds) / seconds, Math.Max(after[i].WorkingSetBytes, before[i].WorkingSetBytes) / 1048576.0)).ToArray();
        Measurement[] measurements =
        [
            maximum,
            new("award at 70%: request → 201", "subject", clients, http201.Count, failures, sent, http201.Count / sent,
                http201.P50, http201.P95, http201.P99, http201.Max, resources),
            new("award at 70%: 201 → in Labelling", "subject", clients, visible.Count, lost, sent, visible.Count / sent,
                visible.P50, visible.P95, visible.P99, visible.Max, resources),
        ];
        TargetCheck[] targets =
        [
            new("201 → in Labelling", "p50 ≤ 100 ms", $"{visible.P50:F1} ms", visible.P50 <= 100 && visible.Count > 0 && lost == 0),
            new("201 → in Labelling", "p99 ≤ 1 s", $"{visible.P99:F1} ms", visible.P99 <= 1000 && visible.Count > 0 && lost == 0),
        ];
        return new ScenarioReport("propagation", measurements, targets, notes);
    }

    /// <summary>
    /// Every 5 ms, looks up the awards in flight by primary key in Labelling's funding facts; each one found leaves the
    /// set with its propagation time. One cheap indexed query per tick, on a connection of its own.
    /// </summary>
    private static async Task PollAsync(
        NpgsqlDataSource observer, ConcurrentDictionary<Guid, (long Due, long Acknowledged)> inFlight,
        LatencyRecorder propagation, LatencyRecorder sentToVisible, CancellationToken ct)
    {
        await using var connection = await observer.OpenConnectionAsync(ct);
        await using var command = new NpgsqlCommand("SELECT id FROM labelling.mt_doc_fundingfact WHERE id = ANY($1)", connection);
        var ids = new NpgsqlParameter<Guid[]> { TypedValue = [] };
        command.Parameters.Add(ids);
        await command.PrepareAsync(ct);
        using var timer = new PeriodicTimer(PollInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                if (inFlight.IsEmpty)
                {
                    continue;
                }

                ids.TypedValue = [.. inFlight.Keys];
                var found = new List<Guid>();
                await using (var reader = await command.ExecuteReaderAsync(ct))
                {
                    while (await reader.ReadAsync(ct))
                    {
                        found.Add(reader.GetGuid(0));
                    }
                }

                var seen = Stopwatch.GetTimestamp();
                foreach (var id in found)
                {
                    if (inFlight.TryRemove(id, out var award))
                    {
                        propagation.Record(Math.Max(0, seen - award.Acknowledged));
                        sentToVisible.Record(Math.Max(0, seen - award.Due));
                    }
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private static async Task WaitListeningAsync(NpgsqlDataSource observer, Awards awards, TimeSpan timeout, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var sent = new List<Guid>();
        while (clock.Elapsed < timeout)
        {
            if (sent.Count == 0 || clock.Elapsed.TotalSeconds > 2 * sent.Count)
            {
                sent.Add(await awards.SendAsync(0, ct));
            }

            await using var command = observer.CreateCommand("SELECT count(*) FROM labelling.mt_doc_fundingfact WHERE id = ANY($1)");
            command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = [.. sent] });
            long seen;
            try
            {
                seen = (long)(await command.ExecuteScalarAsync(ct))!;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
            {
                // Marten creates a document's table with its first write: none has arrived yet.
                seen = 0;
            }

            if (seen > 0)
            {
                BenchContext.Log($"Labelling receives Funding's awards ({clock.Elapsed.TotalSeconds:F1} s after the first)");
                return;
            }

            await Task.Delay(100, ct);
        }

        throw new TimeoutException($"no award reached Labelling within {timeout.TotalSeconds:F0} s.");
    }

    private static async Task<long> CountAsync(string connectionString, string sql, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    private static async Task<ResourceSample[]> SampleAsync(IResourceMeter[] meters, CancellationToken ct)
    {
        var samples = new ResourceSample[meters.Length];
        for (var i = 0; i < meters.Length; i++)
        {
            samples[i] = await meters[i].SampleAsync(ct);
        }

        return samples;
    }

    /// <summary>Funding's directory as the Actors contracts would have left it: 50 regional funders, 2 000 associations.</summary>
    private static async Task<(Guid[] Funders, Guid[] Recipients)> SeedDirectoryAsync(string connectionString, CancellationToken ct)
    {
        using var store = FundingStores.For(connectionString);
        var place = new CommuneReference("69123", 2025);
        DirectoryActor Actor(string name, string kind) => new(
            Guid.CreateVersion7(), name, [kind], new ActorIdentifiers(null, null, null), true, place, [], DirectoryActor.Active, null, 1, DateTimeOffset.UtcNow);
        var funders = Enumerable.Range(0, 50).Select(i => Actor($"Région {i}", "local-authority")).ToArray();
        var recipients = Enumerable.Range(0, 2_000).Select(i => Actor($"Association {i}", "association")).ToArray();
        await store.BulkInsertAsync([.. funders, .. recipients], batchSize: 5_000, cancellation: ct);
        return ([.. funders.Select(f => f.Id)], [.. recipients.Select(r => r.Id)]);
    }

    /// <summary>Realistic awards (one funder, an association, a purpose, a year's period), each a new grant.</summary>
    private sealed class Awards(HttpClient http, Guid[] funders, Guid[] recipients)
    {
        public async Task<Guid> SendAsync(int worker, CancellationToken ct)
        {
            var random = Random.Shared;
            var amount = Math.Round(500m + (decimal)(random.NextDouble() * 150_000), 2);
            var decided = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-random.Next(300));
            using var response = await http.PostAsJsonAsync("api/funding/grants", new
            {
                funders = new[] { new { funderId = funders[random.Next(funders.Length)], funderType = "region" } },
                recipientId = recipients[random.Next(recipients.Length)],
                purpose = $"Soutien au fonctionnement de l'association (poste {worker})",
                amount,
                plannedStart = decided,
                plannedEnd = decided.AddMonths(12),
                decisionDate = decided,
            }, ct);
            if (response.StatusCode != HttpStatusCode.Created)
            {
                throw new HttpRequestException($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
            }

            return Guid.Parse(response.Headers.Location!.OriginalString.Split('/')[^1]);
        }
    }
}
