using MassTransit;
using SocialTech.BuildingBlocks.Messaging;

namespace SocialTech.Portal.Live;

public static class LiveFeedExtensions
{
    /// <summary>
    /// The live feed's consumer on a temporary queue (non-durable, auto-deleted, named per instance): a portal
    /// replica only shows what happens while it runs, so it must neither share a queue with the other replicas
    /// (each would see a part) nor leave a durable queue filling up behind it once gone.
    /// </summary>
    public static IHostApplicationBuilder AddLiveFeed(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<LiveFeed>();
        builder.AddMessageBus("portal", bus => bus.AddConsumer<LiveFeedConsumer>().Endpoint(endpoint =>
        {
            endpoint.Temporary = true;
            endpoint.InstanceId = Guid.NewGuid().ToString("N")[..12];
        }));
        return builder;
    }
}
