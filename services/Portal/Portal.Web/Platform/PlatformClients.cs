using Microsoft.Extensions.DependencyInjection.Extensions;

namespace SocialTech.Portal.Platform;

public static class PlatformClients
{
    /// <summary>
    /// One typed client per service, addressed by its service-discovery name (<c>http://actors</c>…): the AppHost,
    /// Compose and Kubernetes give <c>services:&lt;name&gt;:http:0</c>, locally up.sh does. The resilience handler
    /// of the service defaults retries transient failures; a 404 is an answer, never retried.
    /// </summary>
    public static IServiceCollection AddPlatformClients(this IServiceCollection services)
    {
        services.AddHttpClient<ActorsClient>(http => http.BaseAddress = new Uri("http://actors"));
        services.AddHttpClient<FundingClient>(http => http.BaseAddress = new Uri("http://funding"));
        services.AddHttpClient<LabellingClient>(http => http.BaseAddress = new Uri("http://labelling"));
        services.AddHttpClient<NetworksClient>(http => http.BaseAddress = new Uri("http://networks"));
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }
}
