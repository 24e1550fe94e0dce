using SocialTech.IncubatorNetworks.Networks.ClosingHubs;
using SocialTech.IncubatorNetworks.Networks.Founding;
using SocialTech.IncubatorNetworks.Networks.GettingDetails;
using SocialTech.IncubatorNetworks.Networks.Joining;
using SocialTech.IncubatorNetworks.Networks.Leaving;
using SocialTech.IncubatorNetworks.Networks.ListingByActor;
using SocialTech.IncubatorNetworks.Networks.OpeningHubs;
using SocialTech.IncubatorNetworks.Networks.Searching;
using SocialTech.BuildingBlocks.Security;
using SocialTech.IncubatorNetworks.Ventures.ListingByActor;

namespace SocialTech.IncubatorNetworks.Apis;

/// <summary>Every route of the networks themselves. Updates take the ETag they read in If-Match (412 when stale).</summary>
public static class NetworksApi
{
    public static IEndpointRouteBuilder MapNetworksApi(this IEndpointRouteBuilder app)
    {
        // A network keeps its own hubs and members; operators found networks (FoundNetwork overrides the group).
        var networks = app.MapGroup("/api/networks").WithTags("Networks")
            .WritesRequireRoles(Roles.Network)
            .WritesRequireOwner(Roles.Network, PlatformClaims.NetworkId, "the network in the route", Owners.FromRoute("networkId"));

        networks.MapPost("/", FoundNetwork.Handle)
            .RequireRoles(Roles.Operator)
            .WithName("FoundNetwork")
            .WithSummary("Record a network headed by an active registry actor")
            .ProducesValidationProblem();

        networks.MapGet("/", SearchNetworks.Handle)
            .WithName("SearchNetworks")
            .WithSummary("Search networks by where their open hubs are (commune, département, country), member and name, paginated")
            .ProducesValidationProblem();

        networks.MapGet("/{networkId:guid}", GetNetworkDetails.Handle)
            .WithName("GetNetwork")
            .WithSummary("A network's public record (hubs, members, former members), with its version as ETag");

        // One actor's side of the networks (its page on the portal): what it heads or belongs to, and the ventures
        // networks supported that became it. Beside the directory's /actors/{id}, which says who it is.
        networks.MapGet("/actors/{actorId:guid}/networks", ListActorNetworks.Handle)
            .WithName("ListActorNetworks")
            .WithSummary("The networks an actor heads, belongs to or belonged to, with its memberships' roles and dates, by name, paginated")
            .ProducesValidationProblem();

        networks.MapGet("/actors/{actorId:guid}/ventures", ListActorVentures.Handle)
            .WithName("ListActorVentures")
            .WithSummary("The ventures networks supported that were incorporated under the actor's SIREN, with their phase and status, newest admission first, paginated")
            .ProducesValidationProblem();

        networks.MapPost("/{networkId:guid}/hubs", OpenHub.Handle)
            .WithName("OpenHub")
            .WithSummary("Open a hub in a French commune, or abroad with a country code and a city")
            .WithUpdateProblems();

        networks.MapPost("/{networkId:guid}/hubs/{hubId:guid}/closure", CloseHub.Handle)
            .WithName("CloseHub")
            .WithSummary("Record that a hub closed; a closed hub cannot close again")
            .WithUpdateProblems();

        networks.MapPost("/{networkId:guid}/members", JoinNetwork.Handle)
            .WithName("JoinNetwork")
            .WithSummary("An active registry actor joins as incubator or tiers-lieu")
            .WithUpdateProblems();

        networks.MapPost("/{networkId:guid}/members/{actorId:guid}/departure", LeaveNetwork.Handle)
            .WithName("LeaveNetwork")
            .WithSummary("A member leaves; an actor that is not a member cannot")
            .WithUpdateProblems();

        return app;
    }

    private static RouteHandlerBuilder WithUpdateProblems(this RouteHandlerBuilder route) => route
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict)
        .ProducesProblem(StatusCodes.Status412PreconditionFailed)
        .ProducesProblem(StatusCodes.Status428PreconditionRequired);
}
