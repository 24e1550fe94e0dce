using SocialTech.IncubatorNetworks.Calls.Listing;
using SocialTech.IncubatorNetworks.Cohorts.Listing;
using SocialTech.IncubatorNetworks.Networks.ListingHubs;
using SocialTech.IncubatorNetworks.Programmes.Listing;
using SocialTech.IncubatorNetworks.PublicEvents.Listing;
using SocialTech.IncubatorNetworks.Ventures.Listing;

namespace SocialTech.IncubatorNetworks.Apis;

/// <summary>
/// A network's work, list by list: what the portal's network page shows, public like the network's record. Each takes
/// <c>page</c> and <c>pageSize</c> only (another parameter is a 400 naming it); an unknown network is a 404.
/// </summary>
public static class NetworkListsApi
{
    public static IEndpointRouteBuilder MapNetworkListsApi(this IEndpointRouteBuilder app)
    {
        var lists = app.MapGroup("/api/networks/{networkId:guid}").WithTags("Network lists");

        lists.MapGet("/hubs", ListHubs.Handle)
            .Lists("ListHubs", "The network's hubs, in France (a commune) and abroad (a country and a city), closed ones with their date, by opening day, paginated");
        lists.MapGet("/programmes", ListProgrammes.Handle)
            .Lists("ListProgrammes", "The network's support programmes, by launch day, paginated");
        lists.MapGet("/calls", ListCalls.Handle)
            .Lists("ListCalls", "The network's calls for applications, open and closed, by opening day, paginated");
        lists.MapGet("/cohorts", ListCohorts.Handle)
            .Lists("ListCohorts", "The network's cohorts with their ventures, by starting day, paginated");
        lists.MapGet("/ventures", ListVentures.Handle)
            .Lists("ListVentures", "The network's ventures with their journey (each phase with its dates, from the venture's events), by admission day, paginated");
        lists.MapGet("/events", ListPublicEvents.Handle)
            .Lists("ListPublicEvents", "The network's public events, scheduled, cancelled and held, by start, paginated");

        return app;
    }

    private static RouteHandlerBuilder Lists(this RouteHandlerBuilder route, string name, string summary) => route
        .WithName(name)
        .WithSummary(summary)
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status404NotFound);
}
