using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.BuildingBlocks.Http;

namespace SocialTech.IncubatorNetworks.Networks.ListingHubs;

/// <summary>A network's hubs, in France (a commune) and abroad (a country and a city), closed ones included with their date.</summary>
public static class ListHubs
{
    /// <remarks>In the order they opened, then by name: the network's history reads top-down.</remarks>
    public static async Task<Ok<Page<Hub>>> Handle(
        Guid networkId, HttpRequest request, IQuerySession session, CancellationToken ct, int page = 1, int pageSize = 50)
    {
        var (paging, network) = await NetworkLists.CheckAsync(request, networkId, session, page, pageSize, ct);
        var hubs = network.Hubs.OrderBy(h => h.OpenedOn).ThenBy(h => h.Name, StringComparer.Ordinal).ThenBy(h => h.HubId).ToArray();
        return TypedResults.Ok(NetworkLists.PageOf(hubs, paging));
    }
}
