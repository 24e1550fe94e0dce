using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.BuildingBlocks.Http;
using SocialTech.IncubatorNetworks.Networks;

namespace SocialTech.IncubatorNetworks.Programmes.Listing;

public static class ListProgrammes
{
    /// <remarks>In the order they were launched, then by the network's reference.</remarks>
    public static async Task<Ok<Page<Programme>>> Handle(
        Guid networkId, HttpRequest request, IQuerySession session, CancellationToken ct, int page = 1, int pageSize = 50)
    {
        var (paging, _) = await NetworkLists.CheckAsync(request, networkId, session, page, pageSize, ct);
        var query = session.Query<Programme>().Where(p => p.NetworkId == networkId).OrderBy(p => p.LaunchedOn).ThenBy(p => p.Ref);
        return TypedResults.Ok(await NetworkLists.PageAsync(query, paging, ct));
    }
}
