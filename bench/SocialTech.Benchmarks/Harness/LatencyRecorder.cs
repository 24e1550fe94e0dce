using System.Diagnostics;

namespace SocialTech.Benchmarks.Harness;

/// <summary>
/// Every operation's latency, kept whole (a run holds at most a few million longs) and sorted once at the end:
/// exact percentiles, no histogram bucket error. Thread-safe through one recorder per worker, merged after.
/// </summary>
public sealed class LatencyRecorder
{
    private readonly List<long> ticks = [];

    public int Count => ticks.Count;

    public int Errors { get; private set; }

    public void Record(long elapsedTicks) => ticks.Add(elapsedTicks);

    public void RecordError() => Errors++;

    public void Merge(LatencyRecorder other)
    {
        ArgumentNullException.ThrowIfNull(other);
        ticks.AddRange(other.ticks);
        Errors += other.Errors;
    }

    public LatencySummary Summarise()
    {
        var sorted = ticks.ToArray();
        Array.Sort(sorted);
        double Ms(double q) => sorted.Length == 0 ? 0
            : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1 < 0 ? 0 : (int)Math.Ceiling(q * sorted.Length) - 1)] * 1000.0 / Stopwatch.Frequency;
        return new LatencySummary(sorted.Length, Errors, Ms(0.50), Ms(0.95), Ms(0.99), sorted.Length == 0 ? 0 : sorted[^1] * 1000.0 / Stopwatch.Frequency);
    }
}

/// <summary>Nearest-rank percentiles, in milliseconds.</summary>
public sealed record LatencySummary(int Count, int Errors, double P50, double P95, double P99, double Max);
