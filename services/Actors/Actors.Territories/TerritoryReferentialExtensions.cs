using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SocialTech.Actors.Territories;

public static class TerritoryReferentialExtensions
{
    /// <summary>
    /// Registers the referential as a singleton, loaded while the host starts rather than on the first request:
    /// a broken data file then fails start-up, and no request pays the load.
    /// </summary>
    public static IServiceCollection AddTerritoryReferential(this IServiceCollection services)
    {
        services.AddSingleton(_ => TerritoryReferential.LoadEmbedded());
        services.AddHostedService<TerritoryReferentialLoader>();
        return services;
    }

    private sealed class TerritoryReferentialLoader(IServiceProvider services, ILogger<TerritoryReferential> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            var referential = services.GetRequiredService<TerritoryReferential>();
            logger.LogInformation("Territory referential {Vintage} loaded in {ElapsedMs:F0} ms ({Communes} communes)",
                referential.Current.Year, referential.LoadTime.TotalMilliseconds, referential.Current.CommuneCount);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
