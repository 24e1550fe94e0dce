using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.BuildingBlocks.Http;
using SocialTech.IncubatorNetworks.Networks;

namespace SocialTech.IncubatorNetworks.PublicEvents.Listing;

public static class ListPublicEvents
{
    /// <remarks>By start, then by the network's reference; cancelled and held events stay, with their status.</remarks>
    public static async Task<Ok<Page<PublicEvent>>> Handle(
        Guid networkId, HttpRequest request, IQuerySession session, CancellationToken ct, int page = 1, int pageSize = 50)
    {
        var (paging, _) = await NetworkLists.CheckAsync(request, networkId, session, page, pageSize, ct);
        var query = session.Query<PublicEvent>().Where(e => e.NetworkId == networkId).OrderBy(e => e.Description.StartsAt).ThenBy(e => e.Ref);
        return TypedResults.Ok(await NetworkLists.PageAsync(query, paging, ct));
    }
}
