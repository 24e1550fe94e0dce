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
        using (var provider = Sdk.CreateTracerProviderBuilder()
                   .AddProcessor(new BackgroundPollingFilter())
                   .AddSource("Npgsql", "Marten", "Microsoft.AspNetCore")
                   .AddInMemoryExporter(exported)
                   .Build())
        {
            using (marten.StartActivity("marten.daemon.highwatermark"))
            using (npgsql.StartActivity("postgresql", ActivityKind.Client))
            {
            }

            using (npgsql.StartActivity("postgresql", ActivityKind.Client))
            {
            }

            using (web.StartActivity("POST /api/funding/grants", ActivityKind.Server))
            using (npgsql.StartActivity("postgresql", ActivityKind.Client))
            {
            }

            using (marten.StartActivity("marten.grant_details.page.execution"))
            {
            }

            provider.ForceFlush();
        }

        Assert.Equal(
            ["postgresql", "POST /api/funding/grants", "marten.grant_details.page.execution"],
            exported.Select(activity => activity.DisplayName));
    }
}
