using System.Diagnostics;
using System.Globalization;
using Xunit.Abstractions;

namespace SocialTech.FaultInjection.Tests;

/// <summary>The faults stop and kill servers every test of this run uses: one test at a time.</summary>
[CollectionDefinition(nameof(Faults), DisableParallelization = true)]
public sealed class Faults : ICollectionFixture<SharedPlatform>;

/// <summary>The oracle's verdict, and what the clients saw: <paramref name="Failed"/> counts 5xx and unanswered requests.</summary>
public sealed record FaultOutcome(Verdict Verdict, long Sent, long Failed);

/// <summary>The collection's one <see cref="FaultPlatform"/>.</summary>
public sealed class SharedPlatform : IAsyncLifetime
{
    public FaultPlatform Platform { get; private set; } = null!;

    public async Task InitializeAsync() => Platform = await FaultPlatform.StartAsync();

    public async Task DisposeAsync()
    {
        try
        {
            if (Platform is not null)
            {
                await Platform.DisposeAsync();
            }
        }
        finally
        {
            // The run's own servers go with it: nothing is left listening, nothing left on disk.
            await FaultServers.StopAsync();
        }
    }
}

/// <summary>
/// One fault test: the platform under write load for <c>FAULTS_SECONDS</c> (a few seconds in the normal test run,
/// minutes from <c>./faults.sh</c>), the fault injected every <c>FAULTS_EVERY</c> seconds (once, mid-load, by default),
/// then the oracle. Its figures go to the test output and, when <c>FAULTS_REPORT</c> names a file, to that file.
/// </summary>
public static class FaultRun
{
    public static TimeSpan Duration { get; } = TimeSpan.FromSeconds(Setting("FAULTS_SECONDS", 8));

    public static async Task<FaultOutcome> RunAsync(FaultPlatform platform, string fault, ITestOutputHelper output, Func<FaultPlatform, Task> inject)
    {
        ArgumentNullException.ThrowIfNull(platform);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(inject);
        var phases = Stopwatch.StartNew();
        var load = new WriteLoad(platform.ActorsClient, concurrency: Setting("FAULTS_CLIENTS", 4),
            pause: TimeSpan.FromMilliseconds(Setting("FAULTS_PAUSE_MS", 20)));
        using var stop = new CancellationTokenSource();
        var clock = Stopwatch.StartNew();
        var running = load.RunAsync(stop.Token);

        // Faults are spread over the load: one in the middle by default, or one every FAULTS_EVERY seconds. The load
        // stops after FAULTS_SECONDS even if a fault's recovery (a process starting again) is still going on: on a busy
        // machine that can take a minute, and the backlog to check would grow with it.
        var every = Setting("FAULTS_EVERY", 0) is > 0 and var seconds ? TimeSpan.FromSeconds(seconds) : Duration;
        var injected = 0;
        var faults = Task.Run(async () =>
        {
            await Task.Delay(every / 2);
            while (true)
            {
                await inject(platform);
                injected++;
                var next = every * injected + every / 2;
                if (next >= Duration)
                {
                    return;
                }

                await Task.Delay(next - clock.Elapsed > TimeSpan.Zero ? next - clock.Elapsed : TimeSpan.Zero);
            }
        });
        try
        {
            await Task.Delay(Duration);
        }
        finally
        {
            await stop.CancelAsync();
            await running;
            await faults;
        }

        var loadTime = clock.Elapsed;
        var verdict = await Oracle.CheckAsync(platform, load.Acknowledged, settle: TimeSpan.FromSeconds(Setting("FAULTS_SETTLE_SECONDS", 120)));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"phases: load and faults {loadTime.TotalSeconds:F0} s, settle and checks {(phases.Elapsed - loadTime).TotalSeconds:F0} s"));
        var line = string.Create(CultureInfo.InvariantCulture,
            $"{fault}: {Duration.TotalSeconds:F0} s of load ({loadTime.TotalSeconds:F0} s until the last fault had recovered), {load.Sent} requests sent, {verdict.Acknowledged} acknowledged, " +
            $"{load.Failed} failed (5xx or no answer), {load.Conflicts} stale ETags, {injected} faults injected, " +
            $"{verdict.EventsChecked} events checked over {verdict.Streams} streams, {verdict.LostAcknowledgedWrites} acknowledged writes lost, " +
            $"{verdict.LostEffects} effects lost, {verdict.DuplicatedEffects} duplicated, {verdict.VersionGaps} version gaps, " +
            $"{verdict.StaleCopies} stale copies, {verdict.ProjectionDifferences} projection documents differing from a rebuild");
        output.WriteLine(line);
        if (Environment.GetEnvironmentVariable("FAULTS_REPORT") is { Length: > 0 } report)
        {
            await File.AppendAllTextAsync(report, line + Environment.NewLine);
        }

        if (!verdict.Clean)
        {
            output.WriteLine(string.Join('\n', verdict.Examples));
            output.WriteLine($"--- Actors ---\n{platform.Actors.Output()}\n--- Funding ---\n{platform.Funding.Output()}");
        }

        return new FaultOutcome(verdict, load.Sent, load.Failed);
    }

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), CultureInfo.InvariantCulture, out var value) ? value : fallback;
}
