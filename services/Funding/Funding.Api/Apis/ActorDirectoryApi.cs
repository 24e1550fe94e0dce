using SocialTech.Actors.Directory.Browsing;

namespace SocialTech.Funding.Apis;

public static class ActorDirectoryApi
{
    public static IEndpointRouteBuilder MapActorDirectoryApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/funding/actors").WithTags("Actor directory").MapActorDirectory("Funding", "Funding", "recipients and funders");
        return app;
    }
}
