using Marten;
using Marten.Pagination;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.BuildingBlocks.Http;

namespace SocialTech.Labelling.Campaigns.Searching;

public static class SearchCampaigns
{
    /// <param name="scheme">The scheme's id.</param>
    /// <param name="openOn">Campaigns taking applications that day.</param>
    public static async Task<Ok<Page<Campaign>>> Handle(
        IQuerySession session, CancellationToken ct, Guid? scheme = null, DateOnly? openOn = null, int page = 1, int pageSize = 50)
    {
        var paging = PageRequest.Validate(page, pageSize);
        IQueryable<Campaign> query = session.Query<Campaign>();
        if (scheme is { } s)
        {
            query = query.Where(c => c.SchemeId == s);
        }

        if (openOn is { } day)
        {
            query = query.Where(c => c.Terms.OpensOn <= day && c.Terms.ClosesOn >= day);
        }

        var campaigns = await query.OrderByDescending(c => c.Terms.OpensOn).ThenBy(c => c.Id).ToPagedListAsync(paging.Page, paging.PageSize, ct);
        return TypedResults.Ok(Page.From(campaigns));
    }
}
