using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SocialTech.Benchmarks.Harness;

namespace SocialTech.Benchmarks.Scenarios.Append;

/// <summary>
/// Issue 10's "HTTP command appending one event": 32 clients report venture indicators to an IncubatorNetworks process
/// (one event per request on an existing stream, streams Zipf-distributed over BENCH_STREAMS ventures), against the
/// same bodies inserted one row per transaction into a minimal table through Npgsql by 32 clients, interleaved.
/// Target: at least half the baseline's rate.
/// </summary>
public sealed class AppendScenario : IScenario
{
    private const string Database = "socialtech_bench_append";

    public string Name => "append";

    public string Description => "HTTP command appending one event (32 clients, Zipf streams) vs single-row INSERT + commit";

    public async Task<ScenarioReport> RunAsync(BenchContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var streams = Streams();
        var notes = new Dictionary<string, string> { ["load average at start"] = LoadAverage() };
        await context.RecreateDatabaseAsync(Database, ct);

        // Daemon off (an API replica): the outbox's publishing is measured by its own scenario, and must not take the
        // cores from this one. Telemetry off: otel-cost measures what it adds.
        await using var service = await ServiceProcess.StartAsync(context, VentureFleet.ServiceAssembly, new Dictionary<string, string>
        {
            ["ConnectionStrings__networksdb"] = context.ConnectionTo(Database, "bench-service"),
            ["ConnectionStrings__messaging"] = context.RabbitMq.ToString(),
            ["EventStore__Daemon"] = "Disabled",
            ["OTEL_SDK_DISABLED"] = "true",
        }, ct);

        VentureFleet fleet;
        using (var host = VentureFleet.StoreHost(context.ConnectionTo(Database, "bench-loader")))
        {
            fleet = await VentureFleet.SeedAsync(host.Services.GetRequiredService<Marten.IDocumentStore>(), streams, ct);
        }

        await using var baseline = NpgsqlDataSource.Create(context.ConnectionTo(Database, "bench-baseline"));
        await AppendLoad.CreateBaselineTableAsync(baseline, ct);
        var zipf = new Zipf(streams, AppendLoad.ZipfExponent);
        notes["workload"] = $"{streams} venture streams, Zipf s={AppendLoad.ZipfExponent} (the busiest takes {zipf.Share(0):P1} of the writes, "
            + $"the top 10 {Enumerable.Range(0, 10).Sum(zipf.Share):P1}); POST …/ventures/{{ref}}/indicators, ~130-byte bodies; daemon and telemetry off";

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = service.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        http.DefaultRequestHeaders.Authorization = BenchToken.Admin();
        var monitor = context.ConnectionTo(Database, "bench-monitor");
        var client = new ProcessMeter("client", Environment.ProcessId);
        var subjectCounters = new AppendCounters();
        var baselineCounters = new AppendCounters();
        var uniformCounters = new AppendCounters();
        var cases = new[]
        {
            AppendLoad.Http("HTTP append (report indicators)", "subject", fleet, zipf.Next, http, subjectCounters,
                [new ProcessMeter("service", service.ProcessId), new PostgresBackendMeter("pg", monitor, Database, "bench-service"), client]),
            AppendLoad.Insert("single-row INSERT + commit", fleet, zipf, baseline, baselineCounters,
                [new PostgresBackendMeter("pg", monitor, Database, "bench-baseline"), client]),

            // Not the target's workload: the same requests spread evenly, to tell the hot streams' share of the cost.
            AppendLoad.Http("diagnosis: HTTP append, streams uniform", "subject", fleet, r => r.Next(streams), http, uniformCounters,
                [new ProcessMeter("service", service.ProcessId), new PostgresBackendMeter("pg", monitor, Database, "bench-service"), client]),
        };

        var measurements = await Interleaved.RunAsync(cases, context.Rounds, TimeSpan.FromSeconds(context.RoundSeconds), ct);
        notes["load average at end"] = LoadAverage();
        notes["check"] = await CheckAsync(context, Database, subjectCounters.Appended + uniformCounters.Appended, baselineCounters.Appended, ct);
        notes["412 retries"] = $"Zipf: {subjectCounters.Retries} over {subjectCounters.Appended} acknowledged appends "
            + $"({(subjectCounters.Appended == 0 ? 0 : 100.0 * subjectCounters.Retries / subjectCounters.Appended):F2} %), each retry counted in its request's latency; "
            + $"uniform: {uniformCounters.Retries} over {uniformCounters.Appended}";
        foreach (var m in measurements)
        {
            notes[$"cpu per operation, {m.Case}"] = AppendLoad.CpuPerOperation(m);
        }

        var subject = measurements[0];
        var reference = measurements[1];
        var ratio = reference.Throughput == 0 ? 0 : subject.Throughput / reference.Throughput;
        notes["rate"] = $"append {subject.Throughput:F0}/s, INSERT {reference.Throughput:F0}/s, ratio {ratio:F2}×";
        return new ScenarioReport(Name, measurements, [new TargetCheck("HTTP append rate", "≥ 0.5× single-row INSERT rate", $"{ratio:F2}×", ratio >= 0.5)], notes);
    }

    /// <summary>The figures count only if what was acknowledged is there: events in the log, rows in the table.</summary>
    internal static async Task<string> CheckAsync(BenchContext context, string database, long acknowledgedAppends, long acknowledgedInserts, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(context.ConnectionTo(database, "bench-loader"));
        await connection.OpenAsync(ct);
        await using var events = new NpgsqlCommand("SELECT count(*) FROM networks.mt_events WHERE type = 'venture_indicators_reported'", connection);
        var appended = (long)(await events.ExecuteScalarAsync(ct))!;
        await using var rows = new NpgsqlCommand($"SELECT count(*) FROM {AppendLoad.BaselineTable}", connection);
        var inserted = (long)(await rows.ExecuteScalarAsync(ct))!;
        return $"{acknowledgedAppends} appends acknowledged, {appended} indicator events in the log; {acknowledgedInserts} inserts, {inserted} rows"
            + (appended == acknowledgedAppends && inserted == acknowledgedInserts ? "" : " — MISMATCH");
    }

    internal static int Streams() =>
        int.TryParse(Environment.GetEnvironmentVariable("BENCH_STREAMS"), CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 10_000;

    internal static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
