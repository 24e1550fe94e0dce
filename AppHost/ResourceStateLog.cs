using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

/// <summary>
/// Writes each resource's state changes (Starting, Running, Healthy, Finished with its exit code…) to the AppHost's
/// console, so that whoever started the platform sees it come up, and why a resource did not, without opening the
/// dashboard; the dashboard shows the same states with the resources' logs.
/// </summary>
internal sealed class ResourceStateLog(ResourceNotificationService notifications, ILogger<ResourceStateLog> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var last = new Dictionary<string, string>();
        try
        {
            await foreach (var update in notifications.WatchAsync(stoppingToken))
            {
                var snapshot = update.Snapshot;
                var state = snapshot.State?.Text ?? "";
                if (string.IsNullOrEmpty(state))
                {
                    continue;
                }

                var health = snapshot.HealthStatus is { } status ? $" ({status})" : "";
                var exit = snapshot.ExitCode is { } code ? $" exit code {code}" : "";
                var line = $"{state}{health}{exit}";
                if (last.TryGetValue(update.ResourceId, out var previous) && previous == line)
                {
                    continue;
                }

                last[update.ResourceId] = line;
                logger.LogInformation("{Resource}: {State}", update.ResourceId, line);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
