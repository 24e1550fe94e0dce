using System.Diagnostics;

namespace SocialTech.Benchmarks.Harness;

/// <summary>
/// One thing to measure: <see cref="Concurrency"/> closed-loop workers each calling <see cref="Operation"/> (worker
/// index, operation index) as fast as it answers, with the resource meters read before and after.
/// </summary>
public sealed record LoadCase(
    string Name, string Side, int Concurrency, Func<int, long, CancellationToken, Task> Operation, IReadOnlyList<IResourceMeter> Meters);

/// <summary>
/// Runs cases in alternating rounds (A B, then B A, …) so that a subject and its baseline see the same machine: on
/// two cores shared with other work, figures taken minutes apart are not comparable, figures taken seconds apart are.
/// </summary>
public static class Interleaved
{
    public static async Task<IReadOnlyList<Measurement>> RunAsync(
        IReadOnlyList<LoadCase> cases, int rounds, TimeSpan roundDuration, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(cases);
        var totals = cases.ToDictionary(c => c, _ => new Totals());

        // One unrecorded pass: connection pools, PostgreSQL's caches, and the JIT. A service just started keeps
        // recompiling its hot methods (tiered compilation) for several seconds under load: profiled on two cores, that
        // background compilation was a third of the service's CPU 15 to 40 s after start, and nothing a minute later.
        var warmUp = TimeSpan.FromSeconds(WarmUpSeconds());
        foreach (var c in cases)
        {
            await RunOnceAsync(c, warmUp, new Totals(), ct);
        }

        for (var round = 0; round < rounds; round++)
        {
            var order = round % 2 == 0 ? cases : cases.Reverse().ToArray();
            foreach (var c in order)
            {
                await RunOnceAsync(c, roundDuration, totals[c], ct);
            }

            BenchContext.Log($"round {round + 1}/{rounds} done");
        }

        return cases.Select(c => totals[c].ToMeasurement(c)).ToArray();
    }

    /// <summary><c>BENCH_WARMUP_SECONDS</c> per case before the recorded rounds (10 by default).</summary>
    public static double WarmUpSeconds() =>
        double.TryParse(Environment.GetEnvironmentVariable("BENCH_WARMUP_SECONDS"), System.Globalization.NumberStyles.Float,
            System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds >= 0 ? seconds : 10;

    private static async Task RunOnceAsync(LoadCase c, TimeSpan duration, Totals totals, CancellationToken ct)
    {
        var before = await SampleAsync(c.Meters, ct);
        var recorders = Enumerable.Range(0, c.Concurrency).Select(_ => new LatencyRecorder()).ToArray();
        var clock = Stopwatch.StartNew();
        var deadline = duration;
        var firstError = 0;
        var workers = Enumerable.Range(0, c.Concurrency).Select(w => Task.Run(async () =>
        {
            var recorder = recorders[w];
            for (long i = 0; clock.Elapsed < deadline && !ct.IsCancellationRequested; i++)
            {
                var start = Stopwatch.GetTimestamp();
                try
                {
                    await c.Operation(w, i, ct);
                    recorder.Record(Stopwatch.GetTimestamp() - start);
                }
                catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    recorder.RecordError();
                    if (Interlocked.Exchange(ref firstError, 1) == 0)
                    {
                        BenchContext.Log($"{c.Name}: {e.GetType().Name}: {e.Message}");
                    }
                }
            }
        }, ct)).ToArray();
        await Task.WhenAll(workers);
        var elapsed = clock.Elapsed.TotalSeconds;
        var after = await SampleAsync(c.Meters, ct);

        totals.Seconds += elapsed;
        foreach (var r in recorders)
        {
            totals.Latencies.Merge(r);
        }

        for (var m = 0; m < c.Meters.Count; m++)
        {
            totals.Cpu[m] = totals.Cpu.GetValueOrDefault(m) + Math.Max(0, after[m].CpuSeconds - before[m].CpuSeconds);
            totals.PeakMemory[m] = Math.Max(totals.PeakMemory.GetValueOrDefault(m), Math.Max(after[m].WorkingSetBytes, before[m].WorkingSetBytes));
        }
    }

    private static async Task<ResourceSample[]> SampleAsync(IReadOnlyList<IResourceMeter> meters, CancellationToken ct)
    {
        var samples = new ResourceSample[meters.Count];
        for (var i = 0; i < meters.Count; i++)
        {
            samples[i] = await meters[i].SampleAsync(ct);
        }

        return samples;
    }

    private sealed class Totals
    {
        public LatencyRecorder Latencies { get; } = new();

        public double Seconds { get; set; }

        public Dictionary<int, double> Cpu { get; } = [];

        public Dictionary<int, long> PeakMemory { get; } = [];

        public Measurement ToMeasurement(LoadCase c)
        {
            var s = Latencies.Summarise();
            var resources = c.Meters.Select((m, i) => new ResourceUse(
                m.Name, Cpu.GetValueOrDefault(i), Seconds == 0 ? 0 : Cpu.GetValueOrDefault(i) / Seconds, PeakMemory.GetValueOrDefault(i) / 1048576.0)).ToArray();
            return new Measurement(c.Name, c.Side, c.Concurrency, s.Count, s.Errors, Seconds, Seconds == 0 ? 0 : s.Count / Seconds,
                s.P50, s.P95, s.P99, s.Max, resources);
        }
    }
}
