using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using SocialTech.Actors.Territories;
using SocialTech.Benchmarks.Harness;

namespace SocialTech.Benchmarks.Scenarios.FundingImport;

/// <summary>
/// Issue 4's import rate: SCDL files posted to a Funding process (<c>POST /api/funding/imports/scdl</c>), whose
/// authorities and recipients are all in its actor directory already, against a binary COPY of the same rows into a
/// flat table, in alternating rounds (A B, then B A). Each round sends BENCH_IMPORT_ROWS rows per side (20 000), in
/// files of BENCH_IMPORT_FILE_ROWS (2 000) rows; each round's rows are new to both sides (their own decision
/// references), both appended to tables that grow over the run, the database being created afresh at its start.
/// Target (issue 10): at least 0.85× the COPY's rows per second.
/// </summary>
public sealed class FundingImportScenario : IScenario
{
    private const string Database = "socialtech_bench_import";
    private const string ServiceAssembly = "services/Funding/Funding.Api/bin/Release/net10.0/Funding.Api.dll";
    private const string Table = "flat_import.scdl_rows";

    public string Name => "funding-import";

    public string Description => "SCDL import (BENCH_IMPORT_ROWS rows a round, default 20 000) vs binary COPY of the same rows";

    public async Task<ScenarioReport> RunAsync(BenchContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var rowsPerRound = Setting("BENCH_IMPORT_ROWS", 20_000);
        var fileRows = Math.Min(Setting("BENCH_IMPORT_FILE_ROWS", 2_000), 20_000);
        var rounds = Math.Max(1, context.Rounds);
        var notes = new Dictionary<string, string>();

        await context.RecreateDatabaseAsync(Database, ct);

        // Daemon off, as in funding-flows: the outbox must not publish the imported grants during the measure.
        await using var service = await ServiceProcess.StartAsync(context, ServiceAssembly, new Dictionary<string, string>
        {
            ["ConnectionStrings__fundingdb"] = context.ConnectionTo(Database, "bench-service"),
            ["ConnectionStrings__messaging"] = context.RabbitMq.ToString(),
            ["EventStore__Daemon"] = "Disabled",
        }, ct);

        var referential = TerritoryReferential.LoadEmbedded();
        var dataset = new ScdlDataset(referential, funderCount: 300, recipientCount: 8_000, seed: 4);
        await dataset.SeedDirectoryAsync(context.ConnectionTo(Database, "bench-loader"), ct);
        await using (var connection = new NpgsqlConnection(context.ConnectionTo(Database, "bench-loader")))
        {
            await connection.OpenAsync(ct);
            await using var create = new NpgsqlCommand($"""
                CREATE SCHEMA flat_import;
                CREATE TABLE {Table} (funder_name text, funder_siret text, decision_date date, reference text, recipient_name text,
                                      recipient_siret text, purpose text, amount numeric(14, 2), period_start date, period_end date);
                """, connection);
            await create.ExecuteNonQueryAsync(ct);
        }

        notes["dataset"] = $"{dataset.Actors} directory actors (300 authorities, 8 000 recipients, with SIREN and SIRET); "
            + $"{rounds} rounds × {rowsPerRound} rows per side in files/COPYs of {fileRows} rows; fresh database at start, each round's rows new to both sides, tables growing";

        using var http = new HttpClient { BaseAddress = service.BaseAddress, Timeout = TimeSpan.FromMinutes(5) };
        http.DefaultRequestHeaders.Authorization = BenchToken.Admin();
        await using var baseline = NpgsqlDataSource.Create(context.ConnectionTo(Database, "bench-baseline"));
        var monitor = context.ConnectionTo(Database, "bench-monitor");
        var clientMeter = new ProcessMeter("client", Environment.ProcessId);
        var subject = new Side("import SCDL files", "subject", [new ProcessMeter("service", service.ProcessId), new PostgresBackendMeter("pg", monitor, Database, "bench-service"), clientMeter],
            (rows, token) => ImportAsync(http, rows, token));
        var reference = new Side("binary COPY", "baseline", [new PostgresBackendMeter("pg", monitor, Database, "bench-baseline"), clientMeter],
            (rows, token) => CopyAsync(baseline, rows, token));

        // One unrecorded file each: JIT, pools, caches, and proof that the import creates every row before any figure.
        var warmUp = dataset.Rows("warm-up", Math.Min(fileRows, 1_000));
        var warmUpCreated = await ImportAsync(http, warmUp, ct);
        await CopyAsync(baseline, warmUp, ct);
        BenchContext.Log($"warm-up: {warmUpCreated}/{warmUp.Count} rows created by the import");
        if (warmUpCreated != warmUp.Count)
        {
            throw new InvalidOperationException($"the warm-up import created {warmUpCreated} of {warmUp.Count} rows: the figures would mean nothing.");
        }

        var imported = (long)warmUpCreated;
        for (var round = 0; round < rounds; round++)
        {
            var rows = dataset.Rows(round.ToString(CultureInfo.InvariantCulture), rowsPerRound);
            foreach (var side in round % 2 == 0 ? new[] { subject, reference } : [reference, subject])
            {
                var done = await side.RunAsync(rows, fileRows, ct);
                if (side == subject)
                {
                    imported += done;
                }
            }

            BenchContext.Log($"round {round + 1}/{rounds} done");
        }

        // The figures count only if the rows are there: grants (the inline projection's documents) and flat rows.
        await using (var connection = new NpgsqlConnection(context.ConnectionTo(Database, "bench-loader")))
        {
            await connection.OpenAsync(ct);
            var grants = await ScalarAsync(connection, "SELECT count(*) FROM funding.mt_doc_grant", ct);
            var streams = await ScalarAsync(connection, "SELECT count(*) FROM funding.mt_streams", ct);
            var flat = await ScalarAsync(connection, $"SELECT count(*) FROM {Table}", ct);
            var expected = warmUp.Count + ((long)rounds * rowsPerRound);
            notes["check"] = $"import reports: {imported} of {expected} rows created; counted: {grants} grant documents, {streams} streams, {flat} flat rows (expected {expected} each)"
                + (grants == expected && flat == expected && imported == expected ? "" : " — MISMATCH");
        }

        var measurements = new[] { subject.Measure(), reference.Measure() };
        var ratio = reference.RowsPerSecond == 0 ? 0 : subject.RowsPerSecond / reference.RowsPerSecond;
        notes["rows/s"] = $"import {subject.RowsPerSecond:F0} rows/s, COPY {reference.RowsPerSecond:F0} rows/s, ratio {ratio:F3}×";
        return new ScenarioReport(Name, measurements, [new TargetCheck("import rows/s", "≥ 0.85× binary COPY rows/s", $"{ratio:F3}×", ratio >= 0.85)], notes);
    }

    /// <summary>Posts one SCDL file; returns how many rows its report says were created.</summary>
    private static async Task<int> ImportAsync(HttpClient http, IReadOnlyList<ScdlRow> rows, CancellationToken ct)
    {
        using var content = new ByteArrayContent(ScdlDataset.Csv(rows));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv") { CharSet = "utf-8" };
        using var response = await http.PostAsync("api/funding/imports/scdl", content, ct);
        var body = await response.Content.ReadAsByteArrayAsync(ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(body)[..Math.Min(body.Length, 500)]}");
        }

        using var json = JsonDocument.Parse(body);
        var totals = json.RootElement.GetProperty("totals");
        var created = totals.GetProperty("created").GetInt32();
        if (created != rows.Count)
        {
            var firstOther = json.RootElement.GetProperty("rows").EnumerateArray().FirstOrDefault(r => r.GetProperty("status").GetString() != "created");
            throw new InvalidOperationException($"the import created {created} of {rows.Count} rows: {totals}; first other row: {firstOther}");
        }

        return created;
    }

    /// <summary>The physical limit: the same rows as typed columns, one binary COPY per file, committed.</summary>
    private static async Task<int> CopyAsync(NpgsqlDataSource source, IReadOnlyList<ScdlRow> rows, CancellationToken ct)
    {
        await using var connection = await source.OpenConnectionAsync(ct);
        await using var copy = await connection.BeginBinaryImportAsync(
            $"COPY {Table} (funder_name, funder_siret, decision_date, reference, recipient_name, recipient_siret, purpose, amount, period_start, period_end) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var r in rows)
        {
            await copy.StartRowAsync(ct);
            await copy.WriteAsync(r.FunderName, NpgsqlDbType.Text, ct);
            await copy.WriteAsync(r.FunderSiret, NpgsqlDbType.Text, ct);
            await copy.WriteAsync(r.DecisionDate, NpgsqlDbType.Date, ct);
            await copy.WriteAsync(r.Reference, NpgsqlDbType.Text, ct);
            await copy.WriteAsync(r.RecipientName, NpgsqlDbType.Text, ct);
            await copy.WriteAsync(r.RecipientSiret, NpgsqlDbType.Text, ct);
            await copy.WriteAsync(r.Purpose, NpgsqlDbType.Text, ct);
            await copy.WriteAsync(r.Amount, NpgsqlDbType.Numeric, ct);
            await copy.WriteAsync(r.PeriodStart, NpgsqlDbType.Date, ct);
            await copy.WriteAsync(r.PeriodEnd, NpgsqlDbType.Date, ct);
        }

        return (int)await copy.CompleteAsync(ct);
    }

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), CultureInfo.InvariantCulture, out var v) && v > 0 ? v : fallback;

    private static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>One side's files over all rounds: each file's latency, the rows written, the time and the resources used.</summary>
    private sealed class Side(string name, string side, IReadOnlyList<IResourceMeter> meters, Func<IReadOnlyList<ScdlRow>, CancellationToken, Task<int>> write)
    {
        private readonly LatencyRecorder latencies = new();
        private readonly double[] cpu = new double[meters.Count];
        private readonly long[] peak = new long[meters.Count];
        private double seconds;
        private long rowsWritten;

        public double RowsPerSecond => seconds == 0 ? 0 : rowsWritten / seconds;

        /// <summary>Writes <paramref name="rows"/> in files of <paramref name="fileRows"/>, one after the other; returns the rows written.</summary>
        public async Task<long> RunAsync(IReadOnlyList<ScdlRow> rows, int fileRows, CancellationToken ct)
        {
            var before = await SampleAsync(ct);
            var clock = Stopwatch.StartNew();
            long written = 0;
            foreach (var file in rows.Chunk(fileRows))
            {
                var start = Stopwatch.GetTimestamp();
                try
                {
                    written += await write(file, ct);
                    latencies.Record(Stopwatch.GetTimestamp() - start);
                }
                catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    latencies.RecordError();
                    BenchContext.Log($"{name}: {e.GetType().Name}: {e.Message}");
                }
            }

            seconds += clock.Elapsed.TotalSeconds;
            rowsWritten += written;
            var after = await SampleAsync(ct);
            for (var m = 0; m < meters.Count; m++)
            {
                cpu[m] += Math.Max(0, after[m].CpuSeconds - before[m].CpuSeconds);
                peak[m] = Math.Max(peak[m], Math.Max(after[m].WorkingSetBytes, before[m].WorkingSetBytes));
            }

            BenchContext.Log($"{name}: {written} rows in {clock.Elapsed.TotalSeconds:F1} s ({written / clock.Elapsed.TotalSeconds:F0} rows/s)");
            return written;
        }

        public Measurement Measure()
        {
            var s = latencies.Summarise();
            var resources = meters.Select((m, i) => new ResourceUse(m.Name, cpu[i], seconds == 0 ? 0 : cpu[i] / seconds, peak[i] / 1048576.0)).ToArray();
            return new Measurement(name, side, 1, s.Count, s.Errors, seconds, seconds == 0 ? 0 : s.Count / seconds, s.P50, s.P95, s.P99, s.Max, resources);
        }

        private async Task<ResourceSample[]> SampleAsync(CancellationToken ct)
        {
            var samples = new ResourceSample[meters.Count];
            for (var i = 0; i < meters.Count; i++)
            {
                samples[i] = await meters[i].SampleAsync(ct);
            }

            return samples;
        }
    }
}
