using Marten;
using Marten.Pagination;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.BuildingBlocks.Http;
using SocialTech.IncubatorNetworks.Networks.GettingDetails;
using SocialTech.IncubatorNetworks.Territories;

namespace SocialTech.IncubatorNetworks.Networks.Searching;

public static class SearchNetworks
{
    /// <param name="territory"><c>commune:69123</c>, <c>departement:69</c> or <c>country:DE</c>: networks with an open hub there.</param>
    /// <param name="member">An actor id: networks it is a member of now.</param>
    /// <param name="q">Part of the name, case and accents ignored.</param>
    public static async Task<Ok<Page<NetworkDetails>>> Handle(
        IQuerySession session, CancellationToken ct,
        string? territory = null, string? member = null, string? q = null, int page = 1, int pageSize = 50)
    {
        var paging = PageRequest.Validate(page, pageSize);
        var territoryKey = TerritoryKeys.Parse(territory);
        Guid memberId = default;
        new Validation()
            .Check(territory is null || territoryKey is not null, "territory", $"'{territory}' is not a territory key; {TerritoryKeys.FilterHelp}")
            .Check(member is null || Guid.TryParse(member, out memberId), "member", "must be an actor id (a GUID).")
            .ThrowIfInvalid();

        IQueryable<NetworkDetails> query = session.Query<NetworkDetails>();
        if (territoryKey is not null)
        {
            query = query.Where(n => n.TerritoryKeys.Contains(territoryKey));
        }

        if (member is not null)
        {
            query = query.Where(n => n.Members.Any(m => m.ActorId == memberId));
        }

        if (!string.IsNullOrWhiteSpace(q))
        {
            var text = SearchText.Fold(q.Trim());
            query = query.Where(n => n.SearchName.Contains(text));
        }

        var results = await query.OrderBy(n => n.Name).ThenBy(n => n.Id).ToPagedListAsync(paging.Page, paging.PageSize, ct);
        return TypedResults.Ok(Page.From(results));
    }
}
