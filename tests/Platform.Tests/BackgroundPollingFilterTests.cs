using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace SocialTech.Platform.Tests;

/// <summary>
/// The daemon's idle polling and lone background SQL are left out of the exported traces; the same SQL under a
/// request is kept. Sources are created here with the names Marten and Npgsql use, so the test drives the filter
/// exactly as the instrumented libraries would, without waiting for a daemon to poll.
/// </summary>
public sealed class BackgroundPollingFilterTests
{
    [Fact]
    public void PollingTraces_AreDropped_WhileRequestsKeepTheirSql()
    {
        using var npgsql = new ActivitySource("Npgsql");
        using var marten = new ActivitySource("Marten");
        using var web = new ActivitySource("Microsoft.AspNetCore");
        var exported = new List<Activity>();
        // ActivitySource listeners are process-wide: other tests' SQL runs meanwhile under the same source names, so
        // only the activities started here are compared.
        var ours = new List<Activity?>();
        using (var provider = Sdk.CreateTracerProviderBuilder()
                   .AddProcessor(new BackgroundPollingFilter())
                   .AddSource("Npgsql", "Marten", "Microsoft.AspNetCore")
                   .AddInMemoryExporter(exported)
                   .Build())
        {
            using (Track(marten.StartActivity("marten.daemon.highwatermark")))
            using (Track(npgsql.StartActivity("postgresql", ActivityKind.Client)))
            {
            }

            using (Track(npgsql.StartActivity("postgresql", ActivityKind.Client)))
            {
            }

            using (Track(web.StartActivity("POST /api/funding/grants", ActivityKind.Server)))
            using (Track(npgsql.StartActivity("postgresql", ActivityKind.Client)))
            {
            }

            using (Track(marten.StartActivity("marten.grant_details.page.execution")))
            {
            }

            provider.ForceFlush();
        }

        Assert.Equal(
            ["postgresql", "POST /api/funding/grants", "marten.grant_details.page.execution"],
            exported.Where(ours.Contains).Select(activity => activity.DisplayName));

        Activity? Track(Activity? activity)
        {
            ours.Add(activity);
            return activity;
        }
    }
}
