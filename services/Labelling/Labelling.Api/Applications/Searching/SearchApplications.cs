using System.Security.Claims;
using Marten;
using Marten.Pagination;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.BuildingBlocks.Http;
using SocialTech.Labelling.Schemes;

namespace SocialTech.Labelling.Applications.Searching;

public static class SearchApplications
{
    /// <param name="scheme">The scheme's id.</param>
    /// <param name="campaign">The campaign's id.</param>
    /// <param name="status"><c>drafted</c>, <c>submitted</c>, <c>incomplete</c>, <c>completed</c>, <c>admissible</c>, <c>inadmissible</c>,
    /// <c>under-instruction</c>, <c>granted</c>, <c>rejected</c>, <c>deferred</c>, <c>withdrawn</c>.</param>
    public static async Task<Ok<Page<LabelApplication>>> Handle(
        ClaimsPrincipal user, IQuerySession session, CancellationToken ct,
        Guid? scheme = null, Guid? campaign = null, string? status = null, int page = 1, int pageSize = 50)
    {
        var paging = PageRequest.Validate(page, pageSize);
        ApplicationStatus wanted = default;
        new Validation().Check(status is null || Kebab.TryParse(status, out wanted), "status",
            $"must be one of {string.Join(", ", Kebab.Names<ApplicationStatus>())}.").ThrowIfInvalid();

        IQueryable<LabelApplication> query = session.Query<LabelApplication>();
        if (!ApplicationParties.ReadsEverything(user))
        {
            // The same rule as one application's (ApplicationParties.MayRead), as a filter: drafted by one of the
            // token's parties, or to one of the schemes it owns. Paging counts only what the caller may read.
            var parties = ApplicationParties.PartiesOf(user).ToArray();
            var owned = ApplicationParties.LabelOwnerOf(user) is { } owner
                ? (await session.Query<Scheme>().Where(s => s.Terms.OwnerId == owner).Select(s => s.Id).ToListAsync(ct)).ToArray()
                : [];
            query = query.Where(a => a.DraftedBy!.Party.IsOneOf(parties) || a.SchemeId.IsOneOf(owned));
        }
        if (scheme is { } s)
        {
            query = query.Where(a => a.SchemeId == s);
        }

        if (campaign is { } c)
        {
            query = query.Where(a => a.CampaignId == c);
        }

        if (status is not null)
        {
            query = query.Where(a => a.Status == wanted);
        }

        var applications = await query.OrderBy(a => a.DraftedAt).ThenBy(a => a.Id).ToPagedListAsync(paging.Page, paging.PageSize, ct);
        return TypedResults.Ok(Page.From(applications));
    }
}
