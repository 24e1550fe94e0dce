using System.Diagnostics;
using SocialTech.Benchmarks.Harness;

namespace SocialTech.Benchmarks.Scenarios.Outbox;

/// <summary>
/// One side of a batch measurement over all its rounds: each round sends a batch of messages and ends when the last
/// one has arrived; every message's latency is its arrival time after the round's start.
/// </summary>
public sealed class BatchSide(string name, string side, IReadOnlyList<IResourceMeter> meters)
{
    private readonly LatencyRecorder latencies = new();
    private readonly double[] cpu = new double[meters.Count];
    private readonly long[] peak = new long[meters.Count];
    private double seconds;
    private double steadySeconds;
    private long messages;

    public string Name => name;

    /// <summary>Messages per second from the round's start to the last arrival, over all rounds.</summary>
    public double MessagesPerSecond => seconds == 0 ? 0 : messages / seconds;

    /// <summary>Messages per second between the first and the last arrival: without the time to the first message.</summary>
    public double SteadyMessagesPerSecond => steadySeconds == 0 ? 0 : messages / steadySeconds;

    /// <summary>
    /// Runs one round: <paramref name="send"/> starts the batch and returns the timestamp the round counts from
    /// (<see cref="Stopwatch.GetTimestamp"/>), then gives the arrival timestamps once all have arrived.
    /// </summary>
    public async Task RunAsync(Func<CancellationToken, Task<(long Start, long[] Arrivals)>> send, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(send);
        var before = await SampleAsync(ct);
        var (start, arrivals) = await send(ct);
        var after = await SampleAsync(ct);
        var last = arrivals.Max();
        var first = arrivals.Min();
        var elapsed = Stopwatch.GetElapsedTime(start, last).TotalSeconds;
        seconds += elapsed;
        steadySeconds += Stopwatch.GetElapsedTime(first, last).TotalSeconds;
        messages += arrivals.Length;
        foreach (var arrival in arrivals)
        {
            latencies.Record(Math.Max(0, arrival - start));
        }

        for (var m = 0; m < meters.Count; m++)
        {
            cpu[m] += Math.Max(0, after[m].CpuSeconds - before[m].CpuSeconds);
            peak[m] = Math.Max(peak[m], Math.Max(after[m].WorkingSetBytes, before[m].WorkingSetBytes));
        }

        BenchContext.Log($"{name}: {arrivals.Length} messages in {elapsed:F2} s ({arrivals.Length / elapsed:F0}/s; "
            + $"first after {Stopwatch.GetElapsedTime(start, first).TotalMilliseconds:F0} ms)");
    }

    public Measurement Measure()
    {
        var s = latencies.Summarise();
        // CPU over the time the side was measured, as Interleaved reports it (the resource samples bracket the round).
        var resources = meters.Select((m, i) => new ResourceUse(m.Name, cpu[i], seconds == 0 ? 0 : cpu[i] / seconds, peak[i] / 1048576.0)).ToArray();
        return new Measurement(name, side, 1, s.Count, s.Errors, seconds, MessagesPerSecond, s.P50, s.P95, s.P99, s.Max, resources);
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
