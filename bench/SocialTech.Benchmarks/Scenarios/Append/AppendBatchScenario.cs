using System.Text;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;
using SocialTech.Benchmarks.Harness;
using SocialTech.BuildingBlocks.EventStore;
using SocialTech.IncubatorNetworks.Ventures;

namespace SocialTech.Benchmarks.Scenarios.Append;

/// <summary>
/// Issue 10's "batched append (many streams per commit)": Marten as the IncubatorNetworks service registers it
/// appending one indicators event to each of 100 existing venture streams per <c>SaveChangesAsync</c>, against a
/// 100-row multi-row <c>INSERT</c> of the same serialized events, 4 writers a side, interleaved. Each writer owns a
/// quarter of the streams (a consumer partitioned by stream, as the in-order consumers are), so that writers never
/// race on a stream. Target: at least the baseline's events per second.
/// </summary>
public sealed class AppendBatchScenario : IScenario
{
    private const string Database = "socialtech_bench_append_batch";
    private const int Writers = 4;
    private const int BatchSize = 100;

    public string Name => "append-batch";

    public string Description => "Marten appending to 100 streams per commit vs a 100-row multi-row INSERT";

    public async Task<ScenarioReport> RunAsync(BenchContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var streams = AppendScenario.Streams();
        var notes = new Dictionary<string, string> { ["load average at start"] = AppendScenario.LoadAverage() };
        await context.RecreateDatabaseAsync(Database, ct);

        using var host = VentureFleet.StoreHost(context.ConnectionTo(Database, "bench-subject"));
        var store = host.Services.GetRequiredService<IDocumentStore>();
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        var fleet = await VentureFleet.SeedAsync(store, streams, ct);
        var sessions = host.Services.GetRequiredService<ISessionFactory>();

        // The same event tables without the inline projections: not the service, but where the subject's time goes.
        using var eventsOnly = DocumentStore.For(options =>
        {
            options.Connection(context.ConnectionTo(Database, "bench-events-only"));
            options.DatabaseSchemaName = SocialTech.IncubatorNetworks.IncubatorNetworksEventStore.Schema;
            options.AutoCreateSchemaObjects = JasperFx.AutoCreate.None;
            options.Events.MetadataConfig.HeadersEnabled = true;
            options.Events.MetadataConfig.CorrelationIdEnabled = true;
            options.Events.MetadataConfig.CausationIdEnabled = true;
            options.Events.MetadataConfig.UserNameEnabled = true;
        });

        await using var baseline = NpgsqlDataSource.Create(context.ConnectionTo(Database, "bench-baseline"));
        await AppendLoad.CreateBaselineTableAsync(baseline, ct);
        var serializer = store.Options.Serializer();
        notes["workload"] = $"{streams} venture streams, {Writers} writers a side, each owning a quarter of them; {BatchSize} distinct streams per commit, "
            + "chosen uniformly; one VentureIndicatorsReported each; the baseline inserts the same events as Marten serializes them";

        var monitor = context.ConnectionTo(Database, "bench-monitor");
        var client = new ProcessMeter("client", Environment.ProcessId);
        long martenEvents = 0, eventsOnlyEvents = 0, insertedRows = 0;
        var random = Enumerable.Range(0, Writers * 3).Select(i => new Random(i * 7919)).ToArray();
        var cases = new[]
        {
            new LoadCase("Marten, service's store, 100 streams/commit", "subject", Writers, async (w, _, token) =>
            {
                await using var session = sessions.OpenSession();
                foreach (var (stream, e) in Batch(fleet, w, random[w]))
                {
                    session.Events.Append(stream, e);
                }

                await session.SaveChangesAsync(token);
                Interlocked.Add(ref martenEvents, BatchSize);
            }, [new PostgresBackendMeter("pg", monitor, Database, "bench-subject"), client]),
            new LoadCase("100-row multi-row INSERT", "baseline", Writers, async (w, _, token) =>
            {
                var sql = new StringBuilder($"INSERT INTO {AppendLoad.BaselineTable} (stream_id, data) VALUES ");
                await using var command = baseline.CreateCommand();
                var i = 0;
                foreach (var (stream, e) in Batch(fleet, w, random[Writers + w]))
                {
                    sql.Append(i == 0 ? "($" : ", ($").Append((2 * i) + 1).Append(", $").Append((2 * i) + 2).Append(')');
                    command.Parameters.Add(new NpgsqlParameter { Value = stream });
                    command.Parameters.Add(new NpgsqlParameter { Value = serializer.ToJson(e), NpgsqlDbType = NpgsqlDbType.Jsonb });
                    i++;
                }

                command.CommandText = sql.ToString();
                await command.ExecuteNonQueryAsync(token);
                Interlocked.Add(ref insertedRows, BatchSize);
            }, [new PostgresBackendMeter("pg", monitor, Database, "bench-baseline"), client]),
            new LoadCase("diagnosis: Marten without inline projections", "subject", Writers, async (w, _, token) =>
            {
                await using var session = eventsOnly.LightweightSession();
                foreach (var (stream, e) in Batch(fleet, w, random[(2 * Writers) + w]))
                {
                    session.Events.Append(stream, e);
                }

                await session.SaveChangesAsync(token);
                Interlocked.Add(ref eventsOnlyEvents, BatchSize);
            }, [new PostgresBackendMeter("pg", monitor, Database, "bench-events-only"), client]),
        };

        var measurements = await Interleaved.RunAsync(cases, context.Rounds, TimeSpan.FromSeconds(context.RoundSeconds), ct);
        notes["load average at end"] = AppendScenario.LoadAverage();

        await using (var connection = await baseline.OpenConnectionAsync(ct))
        {
            await using var events = new NpgsqlCommand("SELECT count(*) FROM networks.mt_events WHERE type = 'venture_indicators_reported'", connection);
            var logged = (long)(await events.ExecuteScalarAsync(ct))!;
            await using var rows = new NpgsqlCommand($"SELECT count(*) FROM {AppendLoad.BaselineTable}", connection);
            var inserted = (long)(await rows.ExecuteScalarAsync(ct))!;
            notes["check"] = $"{martenEvents + eventsOnlyEvents} events committed through Marten, {logged} in the log; {insertedRows} rows inserted, {inserted} in the table"
                + (logged == martenEvents + eventsOnlyEvents && inserted == insertedRows ? "" : " — MISMATCH");
        }

        foreach (var m in measurements)
        {
            notes[$"cpu per event, {m.Case}"] = AppendLoad.CpuPerOperation(m, BatchSize);
        }

        // Operations are commits of 100: the rates to compare are events per second.
        var subject = measurements[0];
        var reference = measurements[1];
        var diagnosis = measurements[2];
        var ratio = reference.Throughput == 0 ? 0 : subject.Throughput / reference.Throughput;
        notes["events/s"] = $"Marten {subject.Throughput * BatchSize:F0}, INSERT {reference.Throughput * BatchSize:F0}, "
            + $"Marten without projections {diagnosis.Throughput * BatchSize:F0}; ratio {ratio:F2}× (without projections {(reference.Throughput == 0 ? 0 : diagnosis.Throughput / reference.Throughput):F2}×)";
        return new ScenarioReport(Name, measurements, [new TargetCheck("batched append events/s", "≥ 1.0× 100-row INSERT", $"{ratio:F2}×", ratio >= 1.0)], notes);
    }

    /// <summary>100 distinct streams of writer <paramref name="writer"/>'s quarter, one new event for each.</summary>
    private static IEnumerable<(Guid Stream, VentureIndicatorsReported Event)> Batch(VentureFleet fleet, int writer, Random random)
    {
        var owned = fleet.Count / Writers;
        var chosen = new HashSet<int>();
        var now = DateTimeOffset.UtcNow;
        while (chosen.Count < Math.Min(BatchSize, owned))
        {
            var venture = (random.Next(owned) * Writers) + writer;
            if (chosen.Add(venture))
            {
                var stream = fleet.StreamOf(venture);
                yield return (stream, new VentureIndicatorsReported(stream, 2018 + random.Next(8), random.Next(0, 40),
                    Math.Round((decimal)(random.NextDouble() * 900_000), 2), random.Next(0, 2_000), now));
            }
        }
    }
}
