using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Npgsql;
using SocialTech.Actors.Territories;
using SocialTech.Benchmarks.Harness;
using SocialTech.Benchmarks.Scenarios.FundingFlows;
using SocialTech.Funding;
using SocialTech.Funding.Flows;

namespace SocialTech.Benchmarks.Scenarios.MazeWhiteZones;

/// <summary>
/// Issue 18.6: the maze for one commune and the white zones of France at national scale, over the funding
/// benchmark's million grants plus relays for every commune (<see cref="TerritoryDataset"/>), each beside the same
/// answer as one hand-written SQL statement over flat tables (<see cref="MazeBaseline"/>), interleaved in the same
/// run. Targets: maze p99 ≤ 50 ms; white zones of France, computed again on every request, p99 ≤ 1 s.
/// </summary>
/// <remarks>
/// The database is the run's own (<c>socialtech_bench_maze_{pid}</c>), dropped at the end, so that runs on a shared
/// machine never meet; <c>BENCH_MAZE_DATABASE</c> names one to keep and reuse instead (loading a million grants takes
/// 15 minutes or more), which the operator drops when done.
/// </remarks>
public sealed class MazeWhiteZonesScenario : IScenario
{
    private const string ServiceAssembly = "services/Funding/Funding.Api/bin/Release/net10.0/Funding.Api.dll";

    /// <summary>The year the white zones are asked of: the grants' decisions span 2022–2025.</summary>
    private static readonly (DateOnly From, DateOnly To) Year = (new DateOnly(2024, 1, 1), new DateOnly(2024, 12, 31));

    public string Name => "maze-whitezones";

    public string Description => "the maze of a commune and France's white zones over BENCH_GRANTS grants and every commune's relays vs hand-written SQL";

    /// <summary>
    /// One white-zone question of France: the API's path (after <c>api/funding/white-zones/</c>) and the baseline's
    /// statement. Adding a measure (e.g. <c>support</c>) is one line in <see cref="WhiteZoneCases"/>.
    /// </summary>
    private sealed record WhiteZoneCase(string Name, string Path, Func<NpgsqlDataSource, CancellationToken, Task>? Baseline);

    private static WhiteZoneCase[] WhiteZoneCases(DateOnly day) =>
    [
        new("white-zones funding France 2024", $"funding?territory=france&from={Year.From:yyyy-MM-dd}&to={Year.To:yyyy-MM-dd}",
            (s, ct) => MazeBaseline.FundingZonesAsync(s, Year.From, Year.To, ct)),
        // The day asked, after the grants' years: no département had an award, so every one is asked about and the
        // directory's eligibility step reads every active actor, the worst case (2024-03-15, measured before, left 7
        // unfunded départements; since programmes need a perimeter, the grants' own programmes count nowhere and it has none).
        new("white-zones funding France, day asked", $"funding?territory=france&from={day:yyyy-MM-dd}&to={day:yyyy-MM-dd}",
            (s, ct) => MazeBaseline.FundingZonesAsync(s, day, day, ct)),
        // Communes of the Dordogne without an award over the year: the directory read again. No baseline: the SQL
        // above answers by département only.
        new("white-zones funding Dordogne 2024", $"funding?territory=departement:24&from={Year.From:yyyy-MM-dd}&to={Year.To:yyyy-MM-dd}", null),
        new("white-zones money France 2024", $"money?territory=france&from={Year.From:yyyy-MM-dd}&to={Year.To:yyyy-MM-dd}",
            (s, ct) => MazeBaseline.MoneyAsync(s, Year.From, Year.To, ct)),
        new("white-zones labels France", $"labels?territory=france&on={day:yyyy-MM-dd}&withinMonths=6",
            (s, ct) => MazeBaseline.LabelsAsync(s, day, day.AddMonths(6), ct)),
        new("white-zones support France", $"support?territory=france&on={day:yyyy-MM-dd}",
            (s, ct) => MazeBaseline.SupportZonesAsync(s, day, ct)),
    ];

    public async Task<ScenarioReport> RunAsync(BenchContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var grants = int.TryParse(Environment.GetEnvironmentVariable("BENCH_GRANTS"), CultureInfo.InvariantCulture, out var g) ? g : 1_000_000;
        var kept = Environment.GetEnvironmentVariable("BENCH_MAZE_DATABASE");
        var database = string.IsNullOrWhiteSpace(kept) ? $"socialtech_bench_maze_{Environment.ProcessId}" : kept;
        try
        {
            return await RunOnAsync(context, database, grants, ct);
        }
        finally
        {
            if (string.IsNullOrWhiteSpace(kept))
            {
                await context.DropDatabaseAsync(database, CancellationToken.None);
                BenchContext.Log($"dropped {database}");
            }
        }
    }

    private async Task<ScenarioReport> RunOnAsync(BenchContext context, string database, int grants, CancellationToken ct)
    {
        var referential = TerritoryReferential.LoadEmbedded();
        var notes = new Dictionary<string, string> { ["database"] = database };
        var loader = context.ConnectionTo(database, "bench-loader");
        var existing = await DatasetAsync(loader, ct);
        var reuse = existing is { } d && d.Grants == grants && d.Generator == (GrantDataset.GeneratorVersion * 1000) + TerritoryDataset.GeneratorVersion;
        if (!reuse)
        {
            await context.RecreateDatabaseAsync(database, ct);
        }

        var day = reuse ? existing!.Day : DateOnly.FromDateTime(DateTime.UtcNow);
        var territories = new TerritoryDataset(referential, day);

        // An API replica, daemon off (as funding-flows): nothing but the questions runs in the service.
        await using var service = await ServiceProcess.StartAsync(context, ServiceAssembly, new Dictionary<string, string>
        {
            ["ConnectionStrings__fundingdb"] = context.ConnectionTo(database, "bench-service"),
            ["ConnectionStrings__messaging"] = context.RabbitMq.ToString(),
            ["EventStore__Daemon"] = "Disabled",
        }, ct);

        if (reuse)
        {
            notes["dataset"] = $"reused: {existing!.Grants} grants, loaded in {existing.LoadSeconds:F0} s on {existing.LoadedAt:u}; {existing.Summary}";
        }
        else
        {
            var clock = Stopwatch.StartNew();
            await new GrantDataset(referential, grants).LoadAsync(loader, writers: 3, ct);
            BenchContext.Log($"grants loaded in {clock.Elapsed.TotalSeconds:F0} s");
            var summary = await territories.LoadAsync(loader, ct);
            BenchContext.Log($"territories loaded: {summary}");
            await FlatBaseline.BuildAsync(loader, referential, ct);
            foreach (var table in new[] { "grantflowrow", "directoryactor", "knownrelay", "knownplace", "programmedetails", "programme", "knownlabel", "knownlabelapplication" })
            {
                // One statement per command: VACUUM cannot run inside the implicit transaction of a multi-statement command.
                await ExecuteAsync(loader, $"VACUUM ANALYZE funding.mt_doc_{table}", ct);
            }

            await ExecuteAsync(loader, """
                CREATE SCHEMA IF NOT EXISTS bench;
                CREATE TABLE IF NOT EXISTS bench.maze_dataset (grants int, generator int, day date, summary text, load_seconds float8, loaded_at timestamptz);
                TRUNCATE bench.maze_dataset;
                """, ct);
            await using var connection = new NpgsqlConnection(loader);
            await connection.OpenAsync(ct);
            await using var mark = new NpgsqlCommand("INSERT INTO bench.maze_dataset VALUES ($1, $2, $3, $4, $5, now())", connection);
            mark.Parameters.Add(new() { Value = grants });
            mark.Parameters.Add(new() { Value = (GrantDataset.GeneratorVersion * 1000) + TerritoryDataset.GeneratorVersion });
            mark.Parameters.Add(new() { Value = day });
            mark.Parameters.Add(new() { Value = summary });
            mark.Parameters.Add(new() { Value = clock.Elapsed.TotalSeconds });
            await mark.ExecuteNonQueryAsync(ct);
            notes["dataset"] = $"loaded: {grants} grants and {summary} in {clock.Elapsed.TotalSeconds:F0} s";
        }

        notes["flow_amounts"] = await FillFlowAmountsAsync(loader, ct);
        if (await BaselineVersionAsync(loader, ct) != MazeBaseline.Version)
        {
            var clock = Stopwatch.StartNew();
            await MazeBaseline.BuildAsync(loader, referential, ct);
            notes["baseline tables"] = $"built in {clock.Elapsed.TotalSeconds:F0} s";
        }

        // A bulk load leaves the visibility map unset (the flow rows are filled after the load's VACUUM), so an
        // index-only scan still visits the heap and autovacuum starts in the middle of a round: one answer in a dozen took
        // 2 s on a freshly loaded database. A live Funding has had autovacuum behind it; VACUUM gives both sides that state.
        {
            var clock = Stopwatch.StartNew();
            await ExecuteAsync(loader, "VACUUM (ANALYZE)", ct);
            notes["vacuum"] = $"VACUUM (ANALYZE) of the database before the checks: {clock.Elapsed.TotalSeconds:F0} s";
        }

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = service.BaseAddress, Timeout = TimeSpan.FromMinutes(5) };
        await using var baseline = NpgsqlDataSource.Create(context.ConnectionTo(database, "bench-baseline"));
        var communes = territories.CommuneCodes;

        // Both sides must give the same answer, or the comparison means nothing: a disagreement fails the scenario.
        var disagreements = new List<string>();
        await CheckMazeAsync(http, baseline, "24352", ["association"], day, notes, disagreements, ct);
        var sample = new Random(7);
        for (var i = 0; i < 5; i++)
        {
            await CheckMazeAsync(http, baseline, communes[sample.Next(communes.Count)], [TerritoryDataset.Kinds[sample.Next(TerritoryDataset.Kinds.Length)]], day, notes, disagreements, ct);
        }

        await CheckMoneyAsync(http, baseline, notes, disagreements, ct);
        await CheckFundingZonesAsync(http, baseline, Year.From, Year.To, notes, disagreements, ct);
        // The day asked: no award anywhere, and the territory dataset's programmes open then, so that the list is not empty.
        await CheckFundingZonesAsync(http, baseline, day, day, notes, disagreements, ct, mustFindSome: true);
        await CheckLabelsAsync(http, baseline, day, notes, disagreements, ct);
        await CheckSupportAsync(http, baseline, day, notes, disagreements, ct);
        if (disagreements.Count > 0)
        {
            throw new InvalidOperationException($"maze-whitezones: the API and the SQL baseline disagree:\n{string.Join('\n', disagreements)}");
        }

        var serviceMeter = new ProcessMeter("service", service.ProcessId);
        var clientMeter = new ProcessMeter("client", Environment.ProcessId);
        var monitor = context.ConnectionTo(database, "bench-monitor");
        var apiBackends = new PostgresBackendMeter("pg", monitor, database, "bench-service");
        var sqlBackends = new PostgresBackendMeter("pg", monitor, database, "bench-baseline");

        // The same questions on both sides: worker w's i-th question is drawn from a generator seeded by w, reset per round.
        (string Commune, string Kind) Question(int worker, long i)
        {
            var r = new Random(HashCode.Combine(worker, i));
            return (communes[r.Next(communes.Count)], TerritoryDataset.Kinds[r.Next(TerritoryDataset.Kinds.Length)]);
        }

        const string Maze = "maze one commune (random)";
        var cases = new List<LoadCase>
        {
            new(Maze, "api", 4, async (w, i, token) =>
            {
                var (commune, kind) = Question(w, i);
                await GetAsync(http, $"api/funding/maze?kinds={kind}&commune={commune}&on={day:yyyy-MM-dd}", token);
            }, [serviceMeter, apiBackends, clientMeter]),
            new(Maze, "baseline", 4, async (w, i, token) =>
            {
                var (commune, kind) = Question(w, i);
                await MazeBaseline.MazeAsync(baseline, commune, [kind], day, token);
            }, [sqlBackends, clientMeter]),
        };
        foreach (var c in WhiteZoneCases(day))
        {
            cases.Add(new(c.Name, "api", 1, async (_, _, token) => await GetAsync(http, $"api/funding/white-zones/{c.Path}", token), [serviceMeter, apiBackends, clientMeter]));
            if (c.Baseline is { } sql)
            {
                cases.Add(new(c.Name, "baseline", 1, async (_, _, token) => await sql(baseline, token), [sqlBackends, clientMeter]));
            }
        }

        // "≤ 1 s cold" (issue 18.6): every answer is computed (no cache), and the very first one after the start counts too.
        var firstTargets = new List<TargetCheck>();
        foreach (var (path, ms) in FirstAnswers.Where(a => a.Key.Contains("territory=france", StringComparison.Ordinal)))
        {
            firstTargets.Add(new TargetCheck($"first answer after start: {path}", "≤ 1000 ms", $"{ms:F0} ms", ms <= 1000));
        }

        var measurements = await Interleaved.RunAsync(cases, context.Rounds, TimeSpan.FromSeconds(context.RoundSeconds), ct);
        var targets = new List<TargetCheck>();
        foreach (var subject in measurements.Where(m => m.Side == "api"))
        {
            var limit = subject.Case == Maze ? 50 : 1000;
            targets.Add(new TargetCheck(subject.Case, $"p99 ≤ {limit} ms", $"{subject.P99Ms:F1} ms", subject.P99Ms <= limit && subject.Operations > 0 && subject.Errors == 0));
            if (measurements.SingleOrDefault(m => m.Case == subject.Case && m.Side == "baseline") is { } reference)
            {
                notes[$"ratio {subject.Case}"] = $"{(reference.Throughput == 0 ? 0 : subject.Throughput / reference.Throughput):F2}× the baseline's throughput " +
                    $"(api {subject.Throughput:F1}/s p99 {subject.P99Ms:F1} ms, SQL {reference.Throughput:F1}/s p99 {reference.P99Ms:F1} ms)";
            }
        }

        targets.AddRange(firstTargets);
        return new ScenarioReport(Name, measurements, targets, notes);
    }

    private static async Task GetAsync(HttpClient http, string path, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        // White zones are not behind the flow answer cache today; no-cache keeps every answer computed if they ever are.
        request.Headers.CacheControl = new System.Net.Http.Headers.CacheControlHeaderValue { NoCache = true };
        using var response = await http.SendAsync(request, ct);
        response.EnsureSuccessStatusCode();
        _ = await response.Content.ReadAsByteArrayAsync(ct);
    }

    /// <summary>
    /// The first answer of each route after the service started (the checks ask each question first): cold as it gets
    /// short of restarting PostgreSQL, which other processes on the machine share. Milliseconds, by path.
    /// </summary>
    private static readonly Dictionary<string, double> FirstAnswers = [];

    private static async Task<JsonElement> JsonAsync(HttpClient http, string path, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.CacheControl = new System.Net.Http.Headers.CacheControlHeaderValue { NoCache = true };
        using var response = await http.SendAsync(request, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"GET {path}: {(int)response.StatusCode} {body}");
        }

        FirstAnswers.TryAdd(path, clock.Elapsed.TotalMilliseconds);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static async Task CheckMazeAsync(
        HttpClient http, NpgsqlDataSource baseline, string commune, string[] kinds, DateOnly day, Dictionary<string, string> notes, List<string> disagreements, CancellationToken ct)
    {
        var api = await JsonAsync(http, $"api/funding/maze?kinds={string.Join(',', kinds)}&commune={commune}&on={day:yyyy-MM-dd}", ct);
        var sql = await MazeBaseline.MazeAsync(baseline, commune, kinds, day, ct);
        var index = api.GetProperty("index");
        var apiProgrammes = api.GetProperty("programmes").EnumerateArray().Select(p => p.GetProperty("id").GetGuid()).ToArray();
        var apiRelays = api.GetProperty("relays").EnumerateArray()
            .Select(r => (r.GetProperty("actorId").GetGuid(), MazeRank(r.GetProperty("coveredAt").GetProperty("level").GetString()!))).ToArray();
        var figures = $"{index.GetProperty("programmes").GetInt32()} programmes, {index.GetProperty("funders").GetInt32()} funders, " +
            $"{index.GetProperty("instructingBodies").GetInt32()} instructing bodies, {index.GetProperty("relays").GetInt32()} relays";
        var expected = $"{sql.ProgrammeCount} programmes, {sql.Funders} funders, {sql.InstructingBodies} instructing bodies, {sql.RelayCount} relays";
        var name = $"check maze {string.Join(',', kinds)} commune:{commune}";
        // Programmes: the same set (the API orders by deadline then French name, the SQL by deadline then byte order).
        var same = figures == expected && apiProgrammes.Order().SequenceEqual(sql.Programmes.Order())
            && apiRelays.OrderBy(r => r.Item2).ThenBy(r => r.Item1).SequenceEqual(sql.Relays.OrderBy(r => r.Rank).ThenBy(r => r.Id))
            && apiRelays.Select(r => r.Item2).SequenceEqual(apiRelays.Select(r => r.Item2).Order());
        notes[name] = same ? $"same answer: {figures}" : $"DIFFERENT: api {figures}, baseline {expected}";
        if (!same)
        {
            disagreements.Add($"{name}: api {figures} [{string.Join(' ', apiRelays)}], baseline {expected} [{string.Join(' ', sql.Relays)}]");
        }
    }

    private static int MazeRank(string level) => level switch { "commune" => 0, "epci" => 1, "departement" => 2, _ => 3 };

    private static async Task CheckMoneyAsync(HttpClient http, NpgsqlDataSource baseline, Dictionary<string, string> notes, List<string> disagreements, CancellationToken ct)
    {
        var api = await JsonAsync(http, $"api/funding/white-zones/money?territory=france&from={Year.From:yyyy-MM-dd}&to={Year.To:yyyy-MM-dd}", ct);
        var sql = await MazeBaseline.MoneyAsync(baseline, Year.From, Year.To, ct);
        var items = api.GetProperty("items").EnumerateArray().ToArray();
        var wrong = items.Where(i => !sql.TryGetValue(i.GetProperty("key").GetString()!, out var s)
                || s.Awarded != i.GetProperty("awarded").GetDecimal() || s.Grants != i.GetProperty("grants").GetInt32() || s.Population != i.GetProperty("population").GetInt64())
            .Select(i => i.GetProperty("key").GetString()).ToArray();
        var total = items.Sum(i => i.GetProperty("awarded").GetDecimal());
        var same = wrong.Length == 0 && items.Length == sql.Count;
        notes["check money France 2024"] = same
            ? $"same figures for all {items.Length} départements (population, awarded, grants), {total:N2} € in all"
            : $"DIFFERENT: {items.Length} vs {sql.Count} départements; differing {string.Join(", ", wrong.Take(10))}";
        if (!same)
        {
            var first = wrong.FirstOrDefault();
            var detail = first is null ? "" : $" ({first}: api {items.First(i => i.GetProperty("key").GetString() == first)}, baseline {sql.GetValueOrDefault(first)})";
            disagreements.Add($"money: {items.Length} vs {sql.Count} départements, differing {string.Join(", ", wrong.Take(10))}{detail}");
        }
    }

    private static async Task CheckFundingZonesAsync(
        HttpClient http, NpgsqlDataSource baseline, DateOnly from, DateOnly to, Dictionary<string, string> notes, List<string> disagreements, CancellationToken ct,
        bool mustFindSome = false)
    {
        var api = await JsonAsync(http, $"api/funding/white-zones/funding?territory=france&from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}", ct);
        var sql = await MazeBaseline.FundingZonesAsync(baseline, from, to, ct);
        var zones = api.GetProperty("items").EnumerateArray().ToDictionary(
            z => z.GetProperty("key").GetString()!, z => z.GetProperty("eligibleProgrammes").EnumerateArray().Select(p => p.GetProperty("id").GetGuid()).ToHashSet());
        var same = zones.Count == sql.Count && zones.All(z => sql.TryGetValue(z.Key, out var s) && s.SetEquals(z.Value));
        var name = $"check funding white zones France {from:yyyy-MM-dd}..{to:yyyy-MM-dd}";
        notes[name] = same
            ? $"same {zones.Count} zones with the same {zones.Values.Sum(v => v.Count)} (zone, programme) pairs"
            : $"DIFFERENT: api {zones.Count} zones [{string.Join(' ', zones.Keys.Order())}], baseline {sql.Count} [{string.Join(' ', sql.Keys.Order())}]";
        if (!same)
        {
            disagreements.Add($"{name}: {notes[name]}");
        }
        else if (mustFindSome && zones.Count == 0)
        {
            disagreements.Add($"{name}: no zone on either side, so the comparison shows nothing (the dataset should leave some)");
        }
    }

    private static async Task CheckLabelsAsync(HttpClient http, NpgsqlDataSource baseline, DateOnly day, Dictionary<string, string> notes, List<string> disagreements, CancellationToken ct)
    {
        var api = await JsonAsync(http, $"api/funding/white-zones/labels?territory=france&on={day:yyyy-MM-dd}&withinMonths=6", ct);
        var sql = await MazeBaseline.LabelsAsync(baseline, day, day.AddMonths(6), ct);
        var rows = api.GetProperty("items").EnumerateArray().ToDictionary(
            l => l.GetProperty("labelId").GetGuid(), l => (l.GetProperty("situation").GetString()!, l.GetProperty("renewalUnderWay").GetBoolean()));
        var same = rows.Count == sql.Count && rows.All(r => sql.TryGetValue(r.Key, out var s) && s == r.Value) && api.GetProperty("unlocated").GetInt32() == 0;
        notes["check labels France"] = same
            ? $"same {rows.Count} labels ({rows.Values.Count(v => v.Item1 == "expiring")} expiring, {rows.Values.Count(v => v.Item1 == "lapsed")} lapsed)"
            : $"DIFFERENT: api {rows.Count} labels ({api.GetProperty("unlocated").GetInt32()} unlocated), baseline {sql.Count}";
        if (!same)
        {
            disagreements.Add($"labels: {notes["check labels France"]}");
        }
    }

    /// <summary>
    /// Support white zones of France: the same count, and the same white communes and population in every département
    /// (zeros included); the dataset must leave some white and not all, or the comparison says nothing.
    /// </summary>
    private static async Task CheckSupportAsync(HttpClient http, NpgsqlDataSource baseline, DateOnly day, Dictionary<string, string> notes, List<string> disagreements, CancellationToken ct)
    {
        var api = await JsonAsync(http, $"api/funding/white-zones/support?territory=france&on={day:yyyy-MM-dd}&pageSize=1", ct);
        var sql = await MazeBaseline.SupportZonesAsync(baseline, day, ct);
        var children = api.GetProperty("children").EnumerateArray().ToDictionary(
            c => c.GetProperty("key").GetString()!, c => (c.GetProperty("whiteCommunes").GetInt32(), c.GetProperty("whitePopulation").GetInt64()));
        var count = api.GetProperty("count").GetInt32();
        var rural = api.GetProperty("children").EnumerateArray().Sum(c => c.GetProperty("ruralCommunes").GetInt32());
        var wrong = children.Keys.Union(sql.Keys).Where(k => children.GetValueOrDefault(k) != sql.GetValueOrDefault(k)).Order(StringComparer.Ordinal).ToArray();
        var sqlCount = sql.Values.Sum(v => v.Communes);
        var same = wrong.Length == 0 && count == sqlCount && count == children.Values.Sum(v => v.Item1);
        notes["check support white zones France"] = same
            ? $"same {count} white communes ({sql.Values.Sum(v => v.Population)} inhabitants) in {sql.Count} départements, the same in each; " +
              $"{children.Values.Sum(v => v.Item1)} of the children's counts"
            : $"DIFFERENT: api {count} white communes, baseline {sqlCount}; départements differing {string.Join(", ", wrong.Take(10))}" +
              (wrong.Length == 0 ? "" : $" ({wrong[0]}: api {children.GetValueOrDefault(wrong[0])}, baseline {sql.GetValueOrDefault(wrong[0])})");
        if (!same)
        {
            disagreements.Add($"support: {notes["check support white zones France"]}");
        }
        else if (count == 0 || count >= rural)
        {
            disagreements.Add($"support: {count} white communes for {rural} rural ones: the dataset must leave some white and not all");
        }
    }

    private static async Task<string> FillFlowAmountsAsync(string connectionString, CancellationToken ct)
    {
        // The loader bulk-inserts flow documents past its first batch (which the projection wrote to flow_amounts too),
        // so the table the flow SQL sums is completed from them, by the same column mapping, until both hold every row.
        var table = $"{FundingEventStore.Schema}.{FlowAmounts.TableName}";
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var count = new NpgsqlCommand(
            $"SELECT (SELECT count(*) FROM {table}), (SELECT count(*) FROM {FundingEventStore.Schema}.mt_doc_grantflowrow)", connection) { CommandTimeout = 0 };
        long rows, documents;
        await using (var reader = await count.ExecuteReaderAsync(ct))
        {
            await reader.ReadAsync(ct);
            (rows, documents) = (reader.GetInt64(0), reader.GetInt64(1));
        }

        if (rows >= documents)
        {
            return $"{rows} rows, complete";
        }

        var clock = Stopwatch.StartNew();
        await using var fill = new NpgsqlCommand($"SET maintenance_work_mem = '512MB'; {FlowAmounts.BackfillSql(FundingEventStore.Schema)}; ANALYZE {table}", connection) { CommandTimeout = 0 };
        await fill.ExecuteNonQueryAsync(ct);
        BenchContext.Log($"flow_amounts filled in {clock.Elapsed.TotalSeconds:F0} s");
        return $"{rows} rows, completed from the {documents} documents in {clock.Elapsed.TotalSeconds:F0} s";
    }

    private static async Task ExecuteAsync(string connectionString, string sql, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The version of the baseline's flat tables in the database (0 when absent): they are rebuilt when the statements' needs change.</summary>
    private static async Task<int> BaselineVersionAsync(string connectionString, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("SELECT CASE WHEN to_regclass('maze.version') IS NULL THEN 0 END", connection);
        if (await command.ExecuteScalarAsync(ct) is int none)
        {
            return none;
        }

        await using var read = new NpgsqlCommand("SELECT max(version) FROM maze.version", connection);
        return await read.ExecuteScalarAsync(ct) is int version ? version : 0;
    }

    private sealed record Dataset(int Grants, int Generator, DateOnly Day, string Summary, double LoadSeconds, DateTimeOffset LoadedAt);

    private static async Task<Dataset?> DatasetAsync(string connectionString, CancellationToken ct)
    {
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(ct);
            await using var command = new NpgsqlCommand("SELECT grants, generator, day, summary, load_seconds, loaded_at FROM bench.maze_dataset", connection);
            await using var reader = await command.ExecuteReaderAsync(ct);
            return await reader.ReadAsync(ct)
                ? new Dataset(reader.GetInt32(0), reader.GetInt32(1), reader.GetFieldValue<DateOnly>(2), reader.GetString(3), reader.GetDouble(4), reader.GetFieldValue<DateTimeOffset>(5))
                : null;
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.InvalidCatalogName or PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.InvalidSchemaName)
        {
            return null;
        }
    }
}
