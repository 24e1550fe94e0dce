using Npgsql;
using NpgsqlTypes;
using SocialTech.Benchmarks.Harness;

namespace SocialTech.Benchmarks.Scenarios.Append;

/// <summary>What one side of an append measure did beyond its latencies: appends acknowledged, 412s retried.</summary>
public sealed class AppendCounters
{
    private long appended;
    private long retries;

    public long Appended => Interlocked.Read(ref appended);

    public long Retries => Interlocked.Read(ref retries);

    public void Count(int retried)
    {
        Interlocked.Increment(ref appended);
        Interlocked.Add(ref retries, retried);
    }
}

/// <summary>The two sides of the append measure, shared by <c>append</c> and <c>otel-cost</c>.</summary>
public static class AppendLoad
{
    public const int Concurrency = 32;
    public const double ZipfExponent = 1.1;
    public const string BaselineTable = "flat_append.events";

    /// <summary>
    /// Each of <see cref="Concurrency"/> clients reports indicators for a Zipf-chosen venture, one request after the
    /// other; each message has a new eventId (a retry after a 412 keeps it).
    /// </summary>
    public static LoadCase Http(
        string name, string side, VentureFleet fleet, Func<Random, int> choose, HttpClient http, AppendCounters counters, IReadOnlyList<IResourceMeter> meters)
    {
        var random = Randoms(name);
        var run = $"{name.GetHashCode(StringComparison.Ordinal):x8}-{DateTime.UtcNow:HHmmss}";
        long sequence = 0;
        return new LoadCase(name, side, Concurrency, async (worker, _, ct) =>
        {
            var r = random[worker];
            var venture = choose(r);
            var body = VentureFleet.IndicatorsBody(run, worker, Interlocked.Increment(ref sequence), r);
            counters.Count(await fleet.ReportAsync(http, venture, body, ct));
        }, meters);
    }

    /// <summary>The physical baseline: the same bodies, one row each, <c>INSERT</c> and commit (autocommit), same clients.</summary>
    public static LoadCase Insert(
        string name, VentureFleet fleet, Zipf zipf, NpgsqlDataSource source, AppendCounters counters, IReadOnlyList<IResourceMeter> meters)
    {
        var random = Randoms(name);
        var run = $"{name.GetHashCode(StringComparison.Ordinal):x8}-{DateTime.UtcNow:HHmmss}";
        long sequence = 0;
        return new LoadCase(name, "baseline", Concurrency, async (worker, _, ct) =>
        {
            var r = random[worker];
            var venture = zipf.Next(r);
            var body = VentureFleet.IndicatorsBody(run, worker, Interlocked.Increment(ref sequence), r);
            await using var command = source.CreateCommand($"INSERT INTO {BaselineTable} (stream_id, data) VALUES ($1, $2)");
            command.Parameters.Add(new NpgsqlParameter { Value = fleet.StreamOf(venture) });
            command.Parameters.Add(new NpgsqlParameter { Value = VentureFleet.Text(body), NpgsqlDbType = NpgsqlDbType.Jsonb });
            await command.ExecuteNonQueryAsync(ct);
            counters.Count(0);
        }, meters);
    }

    /// <summary>
    /// A minimal event table: a sequence as primary key, the stream, the payload and the time: what an append must
    /// write at the least, without Marten's stream table, versions, metadata columns or projections.
    /// </summary>
    public static async Task CreateBaselineTableAsync(NpgsqlDataSource source, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(source);
        await using var command = source.CreateCommand($"""
            CREATE SCHEMA IF NOT EXISTS flat_append;
            CREATE TABLE IF NOT EXISTS {BaselineTable} (seq bigserial PRIMARY KEY, stream_id uuid NOT NULL, data jsonb NOT NULL,
                                                         recorded_at timestamptz NOT NULL DEFAULT now());
            """);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>CPU per operation, in milliseconds, for each party measured, e.g. <c>service 2.1 + pg 1.3 + client 0.4 = 3.8 ms</c>.</summary>
    public static string CpuPerOperation(Measurement m, int eventsPerOperation = 1)
    {
        ArgumentNullException.ThrowIfNull(m);
        if (m.Operations == 0)
        {
            return "no operation";
        }

        var perEvent = m.Resources.Select(r => (r.Name, Ms: r.CpuSeconds * 1000 / m.Operations / eventsPerOperation)).ToArray();
        return string.Join(" + ", perEvent.Select(p => $"{p.Name} {p.Ms:F2}")) + $" = {perEvent.Sum(p => p.Ms):F2} ms";
    }

    private static Random[] Randoms(string name) =>
        Enumerable.Range(0, Concurrency).Select(w => new Random(HashCode.Combine(name.Length, w, 0x5eed))).ToArray();
}
