using SocialTech.Actors.Territories.GettingDetails;
using SocialTech.Actors.Territories.ListingChildren;
using SocialTech.Actors.Territories.Resolving;
using SocialTech.Actors.Territories.Searching;

namespace SocialTech.Actors.Apis;

public static class TerritoriesApi
{
    public static IEndpointRouteBuilder MapTerritoriesApi(this IEndpointRouteBuilder app)
    {
        var territories = app.MapGroup("/api/territories").WithTags("Territories");

        territories.MapGet("/", SearchTerritories.Handle)
            .WithName("SearchTerritories")
            .WithSummary("Territories by name (accents and case ignored) or by code, optionally at one level, paginated")
            .ProducesValidationProblem();

        // Declared before /{level}/{code}: a literal segment wins over a parameter anyway, this keeps the table readable.
        territories.MapGet("/resolve/{code}", ResolveTerritoryCode.Handle)
            .WithName("ResolveTerritoryCode")
            .WithSummary("Every territory a code names, at any level; arrondissements and former communes lead to their current commune")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        territories.MapGet("/{level}/{code}", GetTerritoryDetails.Handle)
            .WithName("GetTerritory")
            .WithSummary("A région, département, EPCI or commune: parents, population, QPV, density, rurality, FRR")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        territories.MapGet("/{level}/{code}/children", ListTerritoryChildren.Handle)
            .WithName("ListTerritoryChildren")
            .WithSummary("The territories one level down, paginated: départements of a région, EPCIs and communes of a département, communes of an EPCI")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        return app;
    }
}
