using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.BuildingBlocks.Http;
using SocialTech.IncubatorNetworks.Networks;

namespace SocialTech.IncubatorNetworks.Calls.Listing;

public static class ListCalls
{
    /// <remarks>By opening day, then by the network's reference; a closed call keeps its closing day and applications.</remarks>
    public static async Task<Ok<Page<CallForApplications>>> Handle(
        Guid networkId, HttpRequest request, IQuerySession session, CancellationToken ct, int page = 1, int pageSize = 50)
    {
        var (paging, _) = await NetworkLists.CheckAsync(request, networkId, session, page, pageSize, ct);
        var query = session.Query<CallForApplications>().Where(c => c.NetworkId == networkId).OrderBy(c => c.OpensOn).ThenBy(c => c.Ref);
        return TypedResults.Ok(await NetworkLists.PageAsync(query, paging, ct));
    }
}
