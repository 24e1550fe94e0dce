using Xunit.Abstractions;

namespace SocialTech.FaultInjection.Tests;

/// <summary>
/// Issue 10's fault-injection tests 1, 2, 3 and 6 on Actors → Funding's actor directory, each under write load and
/// checked by the same <see cref="Oracle"/>: nothing acknowledged is lost, every event has exactly one effect in the
/// consumer, no stream version is missing, the projections equal a rebuild.
/// </summary>
[Collection(nameof(Faults))]
public sealed class FaultTests(ITestOutputHelper output)
{
    [Fact]
    public async Task BrokerStoppedAndRestarted_NothingLostNothingDuplicated()
    {
        var verdict = await FaultRun.RunAsync("RabbitMQ stopped and restarted", output, async platform =>
        {
            await platform.Servers.StopRabbitMqAsync();
            await Task.Delay(TimeSpan.FromSeconds(2));
            await platform.Servers.StartRabbitMqAsync();
        });

        AssertClean(verdict);
    }

    [Fact]
    public async Task BrokerKilled_NothingLostNothingDuplicated()
    {
        var verdict = await FaultRun.RunAsync("RabbitMQ killed (kill -9) and restarted", output, async platform =>
        {
            await platform.Servers.KillRabbitMqAsync();
            await Task.Delay(TimeSpan.FromSeconds(1));
            await platform.Servers.StartRabbitMqAsync();
        });

        AssertClean(verdict);
    }

    [Fact]
    public async Task PostgresRestartedImmediately_AcknowledgedWritesSurviveAndEverythingResumes()
    {
        var verdict = await FaultRun.RunAsync("PostgreSQL restarted -m immediate", output,
            platform => platform.Servers.RestartPostgresImmediatelyAsync());

        AssertClean(verdict);
    }

    [Fact]
    public async Task ConsumerKilledMidBatch_EveryEventHasExactlyOneEffect()
    {
        var verdict = await FaultRun.RunAsync("consumer (Funding) killed (kill -9) mid-batch", output, async platform =>
        {
            await platform.Funding.KillAsync();
            await platform.Funding.StartAsync(busConnected: false);
        });

        AssertClean(verdict);
    }

    [Fact]
    public async Task ServicesStoppedGracefully_ResumeWithNothingLost()
    {
        var verdict = await FaultRun.RunAsync("Actors then Funding stopped gracefully (SIGTERM) and started", output, async platform =>
        {
            await platform.Actors.StopAsync();
            await platform.Actors.StartAsync(busConnected: false);
            await platform.Funding.StopAsync();
            await platform.Funding.StartAsync(busConnected: false);
        });

        AssertClean(verdict);
    }

    private static void AssertClean(Verdict verdict)
    {
        // Real counts: the load must have written, and the consumer must have had something to do.
        Assert.True(verdict.Acknowledged > 0, "no write was acknowledged");
        Assert.True(verdict.EventsChecked >= verdict.Acknowledged, $"{verdict.EventsChecked} events for {verdict.Acknowledged} acknowledged writes");
        Assert.Equal(0, verdict.LostAcknowledgedWrites);
        Assert.Equal(0, verdict.LostEffects);
        Assert.Equal(0, verdict.DuplicatedEffects);
        Assert.Equal(0, verdict.VersionGaps);
        Assert.Equal(0, verdict.StaleCopies);
        Assert.Equal(0, verdict.ProjectionDifferences);
    }
}
