using SocialTech.BuildingBlocks.Http;
using SocialTech.Actors.Places.ChangingDetails;
using SocialTech.Actors.Places.Closing;
using SocialTech.Actors.Places.GettingDetails;
using SocialTech.Actors.Places.Opening;
using SocialTech.Actors.Places.Searching;
using SocialTech.BuildingBlocks.Security;

namespace SocialTech.Actors.Apis;

/// <summary>Every route of the places (tiers-lieux). Updates take the ETag they read in If-Match (412 when stale).</summary>
public static class PlacesApi
{
    public static IEndpointRouteBuilder MapPlacesApi(this IEndpointRouteBuilder app)
    {
        var places = app.MapGroup("/api/places").WithTags("Places").WritesRequireRoles(Roles.Operator);

        places.MapPost("/", OpenPlace.Handle)
            .WithName("OpenPlace")
            .WithSummary("Record a place that opened, run by an active registry actor. Idempotency-Key makes retries safe.")
            .ProducesValidationProblem();

        places.MapGet("/", SearchPlaces.Handle)
            .WithName("SearchPlaces")
            .WithSummary("Search places by territory at any level (with roll-up), typology, operator, status and text, paginated")
            .ProducesValidationProblem();

        places.MapGet("/{id:guid}", GetPlaceDetails.Handle)
            .WithName("GetPlace")
            .WithSummary("A place's public record, with its version as ETag");

        places.MapPut("/{id:guid}", ChangePlaceDetails.Handle)
            .WithName("ChangePlaceDetails")
            .WithSummary("Replace an open place's description (name, typologies, commune, operator, website)")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesConditionalWriteProblems();

        places.MapPost("/{id:guid}/closure", ClosePlace.Handle)
            .WithName("ClosePlace")
            .WithSummary("Record that the place closed; a closed place cannot change again")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesConditionalWriteProblems();

        return app;
    }
}
