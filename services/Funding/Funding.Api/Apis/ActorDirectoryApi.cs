using SocialTech.Funding.ActorDirectory.Browsing;

namespace SocialTech.Funding.Apis;

public static class ActorDirectoryApi
{
    public static IEndpointRouteBuilder MapActorDirectoryApi(this IEndpointRouteBuilder app)
    {
        var directory = app.MapGroup("/api/funding/actors").WithTags("Actor directory");

        directory.MapGet("/", BrowseDirectory.List)
            .WithName("ListFundingActors")
            .WithSummary("Actors known to Funding (recipients and funders), as published by the Actors service")
            .ProducesValidationProblem();

        directory.MapGet("/{id:guid}", BrowseDirectory.GetOne)
            .WithName("GetFundingActor")
            .WithSummary("One actor as Funding knows it");

        return app;
    }
}
