using Marten;
using Marten.Pagination;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.BuildingBlocks.Http;

namespace SocialTech.Labelling.EcosystemFacts.Browsing;

public static class BrowseKnownPlaces
{
    /// <param name="territory"><c>commune:CODE</c>. Labelling holds no territory referential yet, so it answers by
    /// commune only; roll-up to EPCI and département comes with eligibility.</param>
    /// <param name="status"><c>open</c> (default), <c>closed</c> or <c>any</c>.</param>
    public static async Task<Ok<Page<KnownPlace>>> List(
        IQuerySession session, CancellationToken ct, string? territory = null, string? status = null, int page = 1, int pageSize = 50)
    {
        var paging = PageRequest.Validate(page, pageSize);
        var commune = territory is not null && territory.StartsWith("commune:", StringComparison.OrdinalIgnoreCase) ? territory[8..] : null;
        new Validation()
            .Check(territory is null || commune is { Length: > 0 }, "territory", $"'{territory}' is not a commune; write commune:CODE, e.g. commune:69123.")
            .Check(status is null or KnownPlace.Open or KnownPlace.Closed or "any", "status", "must be open, closed or any.")
            .ThrowIfInvalid();

        IQueryable<KnownPlace> query = session.Query<KnownPlace>();
        if (commune is not null)
        {
            query = query.Where(p => p.Commune.Code == commune);
        }

        var statusName = status ?? KnownPlace.Open;
        if (statusName != "any")
        {
            query = query.Where(p => p.Status == statusName);
        }

        var places = await query.OrderBy(p => p.Name).ThenBy(p => p.Id).ToPagedListAsync(paging.Page, paging.PageSize, ct);
        return TypedResults.Ok(Page.From(places));
    }
}
