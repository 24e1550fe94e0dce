using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Npgsql;
using SocialTech.Actors.Territories;
using SocialTech.Benchmarks.Harness;
using SocialTech.Funding;
using SocialTech.Funding.Flows;

namespace SocialTech.Benchmarks.Scenarios.FundingFlows;

/// <summary>
/// Issue 10's "funding-flow queries over 1 million grants": the flow API of a Funding process, over grants appended
/// through its event store, against the same aggregates as hand-written SQL over a flat copy of the same rows.
/// Target: p99 ≤ 50 ms and at least half the baseline's throughput, reported for the cold path (no-cache) and for
/// repeated questions (the answer cache) separately.
/// </summary>
public sealed class FundingFlowsScenario : IScenario
{
    private const string Database = "socialtech_bench_funding";
    private const string ServiceAssembly = "services/Funding/Funding.Api/bin/Release/net10.0/Funding.Api.dll";

    /// <summary>The API with <c>Cache-Control: no-cache</c>: every request computed.</summary>
    private const string Cold = "cold";

    /// <summary>The API with its answer cache: the same question over unchanged data.</summary>
    private const string Repeated = "repeated";

    public string Name => "funding-flows";

    public string Description => "flow queries over BENCH_GRANTS (default 1 000 000) grants vs hand-written SQL over a flat table";

    /// <summary>One flow query as the API answers it and as the baseline computes it.</summary>
    private sealed record FlowCase(string Name, string Path, int Concurrency, Func<NpgsqlDataSource, CancellationToken, Task<decimal>> Baseline);

    public async Task<ScenarioReport> RunAsync(BenchContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var grants = int.TryParse(Environment.GetEnvironmentVariable("BENCH_GRANTS"), CultureInfo.InvariantCulture, out var g) ? g : 1_000_000;
        var referential = TerritoryReferential.LoadEmbedded();
        var dataset = new GrantDataset(referential, grants);
        var notes = new Dictionary<string, string>();

        var existing = await DatasetAsync(context, ct);
        var reuse = existing is { } d && d.Grants == grants && d.Generator == GrantDataset.GeneratorVersion;
        if (!reuse)
        {
            await context.RecreateDatabaseAsync(Database, ct);
        }

        // The daemon is off: this process is an API replica (EventStore:Daemon=Disabled), as a read-heavy deployment
        // runs them, and the outbox must not start publishing a million loaded grants in the middle of the measure.
        await using var service = await ServiceProcess.StartAsync(context, ServiceAssembly, new Dictionary<string, string>
        {
            ["ConnectionStrings__fundingdb"] = context.ConnectionTo(Database, "bench-service"),
            ["ConnectionStrings__messaging"] = context.RabbitMq.ToString(),
            ["EventStore__Daemon"] = "Disabled",
        }, ct);

        if (reuse)
        {
            notes["dataset"] = $"reused: {existing!.Grants} grants, {existing.Rows} flow rows, loaded in {existing.LoadSeconds:F0} s on {existing.LoadedAt:u}";
        }
        else
        {
            var clock = Stopwatch.StartNew();
            await dataset.LoadAsync(context.ConnectionTo(Database, "bench-loader"), writers: 3, ct);
            var appended = clock.Elapsed.TotalSeconds;
            await FlatBaseline.BuildAsync(context.ConnectionTo(Database, "bench-loader"), referential, ct);
            await using var connection = new NpgsqlConnection(context.ConnectionTo(Database, "bench-loader"));
            await connection.OpenAsync(ct);
            await using (var analyze = new NpgsqlCommand("VACUUM ANALYZE funding.mt_doc_grantflowrow", connection) { CommandTimeout = 0 })
            {
                await analyze.ExecuteNonQueryAsync(ct);
            }

            var rows = await ScalarAsync<long>(connection, "SELECT count(*) FROM flat.flow_rows", ct);
            await using (var schema = new NpgsqlCommand("""
                CREATE SCHEMA IF NOT EXISTS bench;
                CREATE TABLE IF NOT EXISTS bench.dataset (grants int, generator int, flow_rows bigint, load_seconds float8, loaded_at timestamptz);
                TRUNCATE bench.dataset;
                """, connection))
            {
                await schema.ExecuteNonQueryAsync(ct);
            }

            await using (var mark = new NpgsqlCommand("INSERT INTO bench.dataset VALUES ($1, $2, $3, $4, now())", connection))
            {
                mark.Parameters.Add(new() { Value = grants });
                mark.Parameters.Add(new() { Value = GrantDataset.GeneratorVersion });
                mark.Parameters.Add(new() { Value = rows });
                mark.Parameters.Add(new() { Value = clock.Elapsed.TotalSeconds });
                await mark.ExecuteNonQueryAsync(ct);
            }

            notes["dataset"] = $"loaded: {grants} grants ({rows} flow rows) written (events, documents, their indexes) in {appended:F0} s, flat copy and ANALYZE in {clock.Elapsed.TotalSeconds - appended:F0} s";
        }

        // The flat table the flow queries sum (flow_amounts, ADR 0008) is written by the projection; the loader bulk-inserts
        // documents without it, so it is filled here from those documents, by the same column mapping, when empty.
        await using (var connection = new NpgsqlConnection(context.ConnectionTo(Database, "bench-loader")))
        {
            await connection.OpenAsync(ct);
            var table = $"{FundingEventStore.Schema}.{FlowAmounts.TableName}";
            if (await ScalarAsync<bool>(connection, $"SELECT NOT EXISTS (SELECT 1 FROM {table})", ct))
            {
                var clock = Stopwatch.StartNew();
                await using (var fill = new NpgsqlCommand($"SET maintenance_work_mem = '512MB'; {FlowAmounts.BackfillSql(FundingEventStore.Schema)}; ANALYZE {table}", connection) { CommandTimeout = 0 })
                {
                    await fill.ExecuteNonQueryAsync(ct);
                }

                notes["flow_amounts"] = $"filled from the documents in {clock.Elapsed.TotalSeconds:F0} s";
            }

            notes["flow_amounts rows"] = (await ScalarAsync<long>(connection, $"SELECT count(*) FROM {table}", ct)).ToString(CultureInfo.InvariantCulture);
        }

        var cases = Cases();
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = service.BaseAddress, Timeout = TimeSpan.FromMinutes(5) };
        await using var baseline = NpgsqlDataSource.Create(context.ConnectionTo(Database, "bench-baseline"));

        // Every side must sum the same money, or the comparison means nothing: computed, then as kept by the cache.
        foreach (var c in cases)
        {
            var cold = await TotalAsync(http, c.Path, cold: true, ct);
            var repeated = await TotalAsync(http, c.Path, cold: false, ct);
            var sql = await c.Baseline(baseline, ct);
            notes[$"check {c.Name}"] = cold == sql && repeated == sql
                ? $"same total on every side, {sql:N2} €"
                : $"TOTALS DIFFER: api cold {cold:N2} €, repeated {repeated:N2} € vs baseline {sql:N2} €";
        }

        var serviceMeter = new ProcessMeter("service", service.ProcessId);
        var clientMeter = new ProcessMeter("client", Environment.ProcessId);
        var monitor = context.ConnectionTo(Database, "bench-monitor");
        var apiBackends = new PostgresBackendMeter("pg", monitor, Database, "bench-service");
        var sqlBackends = new PostgresBackendMeter("pg", monitor, Database, "bench-baseline");
        // Each query twice (docs/adr/0009-flow-answer-cache.md): "cold" sends Cache-Control: no-cache, so that every
        // request computes in PostgreSQL (what a first or changed question costs); "repeated" lets the answer cache
        // serve an unchanged question (what dashboards asking again cost). The data does not change during the measure.
        async Task GetAsync(string path, bool cold, CancellationToken token)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            if (cold)
            {
                request.Headers.CacheControl = new System.Net.Http.Headers.CacheControlHeaderValue { NoCache = true };
            }

            using var response = await http.SendAsync(request, token);
            response.EnsureSuccessStatusCode();
            _ = await response.Content.ReadAsByteArrayAsync(token);
        }

        var loadCases = cases.SelectMany(c => new[]
        {
            new LoadCase(c.Name, Cold, c.Concurrency, async (_, _, token) => await GetAsync(c.Path, cold: true, token), [serviceMeter, apiBackends, clientMeter]),
            new LoadCase(c.Name, Repeated, c.Concurrency, async (_, _, token) => await GetAsync(c.Path, cold: false, token), [serviceMeter, apiBackends, clientMeter]),
            new LoadCase(c.Name, "baseline", c.Concurrency, async (_, _, token) => await c.Baseline(baseline, token), [sqlBackends, clientMeter]),
        }).ToArray();

        var measurements = await Interleaved.RunAsync(loadCases, context.Rounds, TimeSpan.FromSeconds(context.RoundSeconds), ct);
        var targets = new List<TargetCheck>();
        foreach (var c in cases)
        {
            var reference = measurements.Single(m => m.Case == c.Name && m.Side == "baseline");
            foreach (var side in new[] { Cold, Repeated })
            {
                var subject = measurements.Single(m => m.Case == c.Name && m.Side == side);
                targets.Add(new TargetCheck(c.Name, $"{side}: p99 ≤ 50 ms", $"{subject.P99Ms:F1} ms", subject.P99Ms <= 50 && subject.Operations > 0));
                var ratio = reference.Throughput == 0 ? 0 : subject.Throughput / reference.Throughput;
                targets.Add(new TargetCheck(c.Name, $"{side}: ≥ 0.5× baseline throughput", $"{ratio:F2}×", ratio >= 0.5));
            }
        }

        return new ScenarioReport(Name, measurements, targets, notes);
    }

    private static FlowCase[] Cases() =>
    [
        new("by-territory departement:24 → communes", "api/funding/flows/by-territory?territory=departement:24&level=commune", 4,
            (s, ct) => FlatBaseline.TableAsync(s, "loc_commune", "loc_dep = $1", "24", ct)),
        new("by-territory epci:200046977 → communes", "api/funding/flows/by-territory?territory=epci:200046977&level=commune", 4,
            (s, ct) => FlatBaseline.TableAsync(s, "loc_commune", "loc_epci = $1", "200046977", ct)),
        new("by-territory region:84 → départements", "api/funding/flows/by-territory?territory=region:84&level=departement", 2,
            (s, ct) => FlatBaseline.TableAsync(s, "loc_dep", "loc_reg = $1", "84", ct)),
        new("by-territory France → régions", "api/funding/flows/by-territory?level=region", 1,
            (s, ct) => FlatBaseline.TableAsync(s, "loc_reg", "true", null, ct)),
        new("by-funder departement:69", "api/funding/flows/by-funder?territory=departement:69", 4,
            (s, ct) => FlatBaseline.TableAsync(s, "funder_id::text", "loc_dep = $1", "69", ct)),
        new("by-period departement:33 (year)", "api/funding/flows/by-period?territory=departement:33&granularity=year", 4,
            (s, ct) => FlatBaseline.TableAsync(s, "extract(year FROM decision_date)::int::text", "loc_dep = $1", "33", ct)),
        new("qpv-rural departement:93", "api/funding/flows/qpv-rural?territory=departement:93", 4,
            (s, ct) => FlatBaseline.QpvRuralAsync(s, "loc_dep", "93", ct)),
        new("concentration departement:13", "api/funding/flows/concentration?territory=departement:13", 4,
            (s, ct) => FlatBaseline.ConcentrationAsync(s, "loc_dep", "13", ct)),
    ];

    private static async Task<decimal> TotalAsync(HttpClient http, string path, bool cold, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (cold)
        {
            request.Headers.CacheControl = new System.Net.Http.Headers.CacheControlHeaderValue { NoCache = true };
        }

        using var response = await http.SendAsync(request, ct);
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(ct));
        return json.RootElement.GetProperty("total").GetDecimal();
    }

    private sealed record Dataset(int Grants, int Generator, long Rows, double LoadSeconds, DateTimeOffset LoadedAt);

    private static async Task<Dataset?> DatasetAsync(BenchContext context, CancellationToken ct)
    {
        try
        {
            await using var connection = new NpgsqlConnection(context.ConnectionTo(Database, "bench-loader"));
            await connection.OpenAsync(ct);
            await using var command = new NpgsqlCommand("SELECT grants, generator, flow_rows, load_seconds, loaded_at FROM bench.dataset", connection);
            await using var reader = await command.ExecuteReaderAsync(ct);
            return await reader.ReadAsync(ct)
                ? new Dataset(reader.GetInt32(0), reader.GetInt32(1), reader.GetInt64(2), reader.GetDouble(3), reader.GetFieldValue<DateTimeOffset>(4))
                : null;
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.InvalidCatalogName or PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.InvalidSchemaName)
        {
            return null;
        }
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        return (T)(await command.ExecuteScalarAsync(ct))!;
    }
}
