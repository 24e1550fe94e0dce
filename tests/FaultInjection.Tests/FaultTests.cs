using Xunit.Abstractions;

namespace SocialTech.FaultInjection.Tests;

/// <summary>
/// Issue 10's fault-injection tests 1, 2, 3 and 6 on Actors → Funding's actor directory, each under write load and
/// checked by the same <see cref="Oracle"/>: nothing acknowledged is lost, every event has exactly one effect in the
/// consumer, no stream version is missing, the projections equal a rebuild.
/// </summary>
[Collection(nameof(Faults))]
public sealed class FaultTests(SharedPlatform shared, ITestOutputHelper output)
{
    [Fact]
    public async Task BrokerStoppedAndRestarted_NothingLostNothingDuplicated()
    {
        string? healthWhileDown = null;
        var outcome = await FaultRun.RunAsync(shared.Platform, "RabbitMQ stopped and restarted", output, async platform =>
        {
            await platform.Servers.StopRabbitMqAsync();
            healthWhileDown = await HealthAsync(platform.Actors);
            await Task.Delay(TimeSpan.FromSeconds(2));
            await platform.Servers.StartRabbitMqAsync();
        });

        AssertClean(outcome.Verdict);
        // Writes only touch PostgreSQL: the broker being down fails none of them, and the service says Degraded, not Unhealthy.
        Assert.Equal(0, outcome.Failed);
        Assert.Equal("200 Degraded", healthWhileDown);
    }

    [Fact]
    public async Task BrokerKilled_NothingLostNothingDuplicated()
    {
        var outcome = await FaultRun.RunAsync(shared.Platform, "RabbitMQ killed (kill -9) and restarted", output, async platform =>
        {
            await platform.Servers.KillRabbitMqAsync();
            await Task.Delay(TimeSpan.FromSeconds(1));
            await platform.Servers.StartRabbitMqAsync();
        });

        AssertClean(outcome.Verdict);
    }

    [Fact]
    public async Task PostgresRestartedImmediately_AcknowledgedWritesSurviveAndEverythingResumes()
    {
        var outcome = await FaultRun.RunAsync(shared.Platform, "PostgreSQL restarted -m immediate", output,
            platform => platform.Servers.RestartPostgresImmediatelyAsync());

        AssertClean(outcome.Verdict);
    }

    [Fact]
    public async Task ConsumerKilledMidBatch_EveryEventHasExactlyOneEffect()
    {
        var outcome = await FaultRun.RunAsync(shared.Platform, "consumer (Funding) killed (kill -9) mid-batch", output, async platform =>
        {
            await platform.Funding.KillAsync();
            await platform.Funding.StartAsync(busConnected: false);
        });

        AssertClean(outcome.Verdict);
    }

    [Fact]
    public async Task ServicesStoppedGracefully_ResumeWithNothingLost()
    {
        var outcome = await FaultRun.RunAsync(shared.Platform, "Actors then Funding stopped gracefully (SIGTERM) and started", output, async platform =>
        {
            await platform.Actors.StopAsync();
            await platform.Actors.StartAsync(busConnected: false);
            await platform.Funding.StopAsync();
            await platform.Funding.StartAsync(busConnected: false);
        });

        AssertClean(outcome.Verdict);
    }

    /// <summary>Actors' <c>/health</c> once the bus has noticed: its status code and overall status.</summary>
    private static async Task<string> HealthAsync(ServiceProcess service)
    {
        using var http = new HttpClient { BaseAddress = service.BaseAddress };
        var answer = "";
        await SocialTech.Testing.Eventually.TrueAsync(async () =>
        {
            using var response = await http.GetAsync(new Uri("/health", UriKind.Relative));
            using var report = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            answer = $"{(int)response.StatusCode} {report.RootElement.GetProperty("status").GetString()}";
            return answer != "200 Healthy";
        }, "Actors to notice the broker is down");
        return answer;
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
