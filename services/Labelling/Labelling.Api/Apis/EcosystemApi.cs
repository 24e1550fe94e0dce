using SocialTech.Labelling.EcosystemFacts.Browsing;

namespace SocialTech.Labelling.Apis;

/// <summary>What Labelling knows of the ecosystem, as other services published it.</summary>
public static class EcosystemApi
{
    public static IEndpointRouteBuilder MapEcosystemApi(this IEndpointRouteBuilder app)
    {
        var ecosystem = app.MapGroup("/api/labelling/ecosystem").WithTags("Ecosystem facts");

        ecosystem.MapGet("/places", BrowseKnownPlaces.List)
            .WithName("ListKnownPlaces")
            .WithSummary("Places (tiers-lieux) known to Labelling, as published by the Actors service, by territory of any level and status")
            .ProducesValidationProblem();

        return app;
    }
}
