using SocialTech.Actors.Directory.Browsing;

namespace SocialTech.IncubatorNetworks.Apis;

public static class ActorDirectoryApi
{
    public static IEndpointRouteBuilder MapActorDirectoryApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/networks/actors").WithTags("Actor directory").MapActorDirectory("Networks", "IncubatorNetworks", "network heads, members");
        return app;
    }
}
