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
                // Parameters are values, not processes; a project's hidden rebuilder never starts unless asked.
                if (string.IsNullOrEmpty(state) || update.Resource is ParameterResource || snapshot.IsHidden)
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
                // A replicated project's replicas each have their own id (funding-api-abcd1234); single ones by name.
                var name = update.Resource.Name == update.ResourceId || !update.Resource.HasAnnotationOfType<ReplicaAnnotation>()
                    ? update.Resource.Name
                    : update.ResourceId;
                logger.LogInformation("{Resource}: {State}", name, line);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
