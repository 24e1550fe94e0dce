using SocialTech.Actors.Relays;
using SocialTech.Actors.Relays.Changing;
using SocialTech.Actors.Relays.Declaring;
using SocialTech.Actors.Relays.GettingOffer;
using SocialTech.Actors.Relays.ListingCoverage;
using SocialTech.Actors.Relays.Withdrawing;
using SocialTech.BuildingBlocks.Http;
using SocialTech.BuildingBlocks.Security;

namespace SocialTech.Actors.Apis;

/// <summary>
/// Every route of relays: the support an actor offers, to whom and where (README: Relays). Updates take the ETag
/// they read in If-Match (412 when stale). An actor writes its own offer; the registry's operators any.
/// </summary>
public static class RelaysApi
{
    public static IEndpointRouteBuilder MapRelaysApi(this IEndpointRouteBuilder app)
    {
        var offer = app.MapGroup("/api/actors/{actorId:guid}/relay-offer").WithTags("Relays")
            .WritesRequireRoles(Roles.Operator, Roles.Actor)
            .WritesRequireOwner(Roles.Actor, PlatformClaims.ActorId, "the actor in the route", Owners.FromRoute("actorId"));

        offer.MapGet("/", GetRelayOffer.Handle)
            .WithName("GetRelayOffer")
            .WithSummary("The actor's relay offer (also once withdrawn: status withdrawn), with its version as ETag");

        offer.MapPost("/", DeclareRelayOffer.Handle)
            .WithName("DeclareRelayOffer")
            .WithSummary("Declare the support the actor offers as a relay: kinds of support, to which actor kinds, over which territories, with a role mailbox. Idempotency-Key makes retries safe.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            // An active offer is changed, not declared again; a ceased actor declares nothing.
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);

        offer.MapPut("/", ChangeRelayOffer.Handle)
            .WithName("ChangeRelayOffer")
            .WithSummary("Replace the whole relay offer")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesConditionalWriteProblems();

        offer.MapPost("/withdrawal", WithdrawRelayOffer.Handle)
            .WithName("WithdrawRelayOffer")
            .WithSummary("Withdraw the relay offer: it stops counting at once, its record stays")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesConditionalWriteProblems();

        var relays = app.MapGroup("/api/relays").WithTags("Relays");

        relays.MapGet("/", ListRelays.Handle)
            .WithName("ListRelays")
            .WithSummary("The relays covering a territory, nearest first (commune, EPCI, département, région), filterable by support and actor kind, paginated")
            .ProducesValidationProblem();

        relays.MapGet("/support-kinds", () => TypedResults.Ok(Enum.GetValues<SupportKind>().Select(SupportOffered.Of).ToArray()))
            .WithName("ListSupportKinds")
            .WithSummary("The kinds of support a relay may offer: stable codes and their French wording");

        return app;
    }
}
