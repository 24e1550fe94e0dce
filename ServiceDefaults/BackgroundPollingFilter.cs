using System.Diagnostics;
using OpenTelemetry;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Keeps the projection daemon's idle polling out of the traces. Each replica's Marten daemon polls its high-water
/// mark several times a second (<c>marten.daemon.highwatermark</c>, with its SQL below it), and other background
/// loops run lone SQL commands; measured under the AppHost, those made about 92% of all traces, so the dashboard's
/// Traces page showed nothing else. A trace that starts there is dropped whole; SQL run by a request, a consumer or a
/// projection batch has a parent and is kept. Lag stays visible in the metrics (docs/operations.md).
/// </summary>
public sealed class BackgroundPollingFilter : BaseProcessor<Activity>
{
    public override void OnStart(Activity data)
    {
        if (data.Parent is null && data.ParentSpanId == default && IsBackgroundPolling(data))
        {
            // Not exported (the SDK skips activities that no longer ask for data), and children sampled by their
            // parent (the default sampler) are not recorded either.
            data.IsAllDataRequested = false;
            data.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
        }
    }

    private static bool IsBackgroundPolling(Activity activity) =>
        activity.Source.Name == "Npgsql" ||
        activity.OperationName.EndsWith(".daemon.highwatermark", StringComparison.Ordinal);
}
