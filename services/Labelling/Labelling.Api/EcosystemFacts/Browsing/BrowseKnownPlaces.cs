using Marten;
using Marten.Pagination;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.BuildingBlocks.Http;
using SocialTech.Labelling.Territories;

namespace SocialTech.Labelling.EcosystemFacts.Browsing;

public static class BrowseKnownPlaces
{
    /// <param name="territory"><c>level:code</c> of any level: the places in its communes.</param>
    /// <param name="status"><c>open</c> (default), <c>closed</c> or <c>any</c>.</param>
    public static async Task<Ok<Page<KnownPlace>>> List(
        IQuerySession session, LabellingTerritories territories, CancellationToken ct, string? territory = null, string? status = null, int page = 1, int pageSize = 50)
    {
        var paging = PageRequest.Validate(page, pageSize);
        var communes = territories.CommunesUnder(territory?.Trim().ToLowerInvariant())?.ToArray();
        new Validation()
            .Check(territory is null || communes is not null, "territory",
                $"'{territory}' names no territory of the referential (COG 2025); write level:code, e.g. commune:69123, departement:24.")
            .Check(status is null or KnownPlace.Open or KnownPlace.Closed or "any", "status", "must be open, closed or any.")
            .ThrowIfInvalid();

        IQueryable<KnownPlace> query = session.Query<KnownPlace>();
        if (communes is not null)
        {
            query = query.Where(p => communes.Contains(p.Commune.Code));
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
