using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.BuildingBlocks.Http;
using SocialTech.IncubatorNetworks.Networks;

namespace SocialTech.IncubatorNetworks.Cohorts.Listing;

public static class ListCohorts
{
    /// <remarks>By starting day, then by the network's reference; each with its ventures as announced.</remarks>
    public static async Task<Ok<Page<Cohort>>> Handle(
        Guid networkId, HttpRequest request, IQuerySession session, CancellationToken ct, int page = 1, int pageSize = 50)
    {
        var (paging, _) = await NetworkLists.CheckAsync(request, networkId, session, page, pageSize, ct);
        var query = session.Query<Cohort>().Where(c => c.NetworkId == networkId).OrderBy(c => c.StartsOn).ThenBy(c => c.Ref);
        return TypedResults.Ok(await NetworkLists.PageAsync(query, paging, ct));
    }
}
