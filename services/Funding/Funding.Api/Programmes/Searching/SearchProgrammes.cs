using Marten;
using Marten.Pagination;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.BuildingBlocks.Http;
using SocialTech.Funding.Flows.Querying;
using SocialTech.Funding.Programmes.GettingDetails;
using SocialTech.Funding.Territories;

namespace SocialTech.Funding.Programmes.Searching;

public static class SearchProgrammes
{
    /// <param name="funder">A funder's actor id.</param>
    /// <param name="theme">A theme, case ignored.</param>
    /// <param name="territory"><c>level:code</c>: programmes a beneficiary there may apply to, i.e. eligible in it or in
    /// any territory containing it (a programme of région 75 matches <c>commune:24352</c>).</param>
    /// <param name="openOn">Programmes published, opened on or before that day and not closed before it.</param>
    /// <param name="status"><c>published</c> (default), <c>retired</c> or <c>any</c>.</param>
    /// <param name="kind">A kind of beneficiary (<c>association</c>, <c>scic</c>…): programmes naming it among their
    /// beneficiary kinds, or naming none (open to every kind).</param>
    public static async Task<Ok<Page<ProgrammeDetails>>> Handle(
        IQuerySession session, IFundingTerritories territories, CancellationToken ct,
        string? funder = null, string? theme = null, string? territory = null, DateOnly? openOn = null, string? status = null,
        string? kind = null, int page = 1, int pageSize = 50)
    {
        var paging = PageRequest.Validate(page, pageSize);
        var validation = new Validation();
        var beneficiary = kind?.Trim().ToLowerInvariant();
        validation.Check(beneficiary is null || FlowScope.RecipientKinds.Contains(beneficiary), "kind",
            $"must be a kind of actor: {string.Join(", ", FlowScope.RecipientKinds)}.");
        Guid funderId = default;
        validation.Check(funder is null || Guid.TryParse(funder, out funderId), "funder", "must be an actor id (a GUID).");
        var keys = territory is null ? [] : territories.KeysOf(territory.Trim().ToLowerInvariant());
        validation.Check(territory is null || keys.Count > 0, "territory",
            $"'{territory}' is not a territory; write level:code, e.g. departement:24, epci:200046977, commune:24352.");
        validation.Check(status is null or "any" || Kebab.TryParse<ProgrammeStatus>(status, out _), "status", "must be published, retired or any.");
        validation.ThrowIfInvalid();

        IQueryable<ProgrammeDetails> query = session.Query<ProgrammeDetails>();
        if (funder is not null)
        {
            query = query.Where(p => p.Funders.Contains(funderId));
        }

        if (!string.IsNullOrWhiteSpace(theme))
        {
            var word = theme.Trim().ToLowerInvariant();
            query = query.Where(p => p.Themes.Contains(word));
        }

        if (keys.Count > 0)
        {
            // A commune has at most four keys (itself, EPCI, département, région); padding with the last one keeps
            // the query one fixed shape that Marten translates to JSONB containment.
            var (k0, k1, k2, k3) = (keys[0], keys[Math.Min(1, keys.Count - 1)], keys[Math.Min(2, keys.Count - 1)], keys[Math.Min(3, keys.Count - 1)]);
            query = query.Where(p => p.EligibleTerritories.Contains(k0) || p.EligibleTerritories.Contains(k1)
                || p.EligibleTerritories.Contains(k2) || p.EligibleTerritories.Contains(k3));
        }

        if (beneficiary is not null)
        {
            query = query.Where(p => p.BeneficiaryKinds.Contains(beneficiary) || !p.BeneficiaryKinds.Any());
        }

        var statusName = status?.ToLowerInvariant() ?? "published";
        if (openOn is { } day)
        {
            statusName = "published";
            query = query.Where(p => p.OpensOn <= day && (p.ClosesOn == null || p.ClosesOn >= day));
        }

        if (statusName != "any")
        {
            query = query.Where(p => p.Status == statusName);
        }

        var results = await query.OrderBy(p => p.Name).ThenBy(p => p.Id).ToPagedListAsync(paging.Page, paging.PageSize, ct);
        return TypedResults.Ok(Page.From(results));
    }
}
