using SocialTech.IncubatorNetworks.Feeds.Live;

namespace SocialTech.IncubatorNetworks.Activity.Receiving;

public static class InboxExtensions
{
    /// <summary>The raw AMQP inbox and the live stream: the two long-running listeners of what networks publish.</summary>
    public static IServiceCollection AddNetworkActivityListeners(this IServiceCollection services)
    {
        services.AddHostedService<NetworkInbox>();
        services.AddSingleton<LiveActivity>();
        services.AddHostedService(provider => provider.GetRequiredService<LiveActivity>());
        return services;
    }
}
