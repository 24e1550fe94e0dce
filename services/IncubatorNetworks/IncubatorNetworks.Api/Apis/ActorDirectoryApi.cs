using SocialTech.IncubatorNetworks.ActorDirectory.Browsing;

namespace SocialTech.IncubatorNetworks.Apis;

public static class ActorDirectoryApi
{
    public static IEndpointRouteBuilder MapActorDirectoryApi(this IEndpointRouteBuilder app)
    {
        var directory = app.MapGroup("/api/networks/actors").WithTags("Actor directory");

        directory.MapGet("/", BrowseDirectory.List)
            .WithName("ListNetworksActors")
            .WithSummary("Actors known to IncubatorNetworks (network heads, members), as published by the Actors service")
            .ProducesValidationProblem();

        directory.MapGet("/{id:guid}", BrowseDirectory.GetOne)
            .WithName("GetNetworksActor")
            .WithSummary("One actor as IncubatorNetworks knows it");

        return app;
    }
}
