using Marten;
using Marten.Pagination;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.Actors.Organisations;
using SocialTech.Actors.Places.GettingDetails;
using SocialTech.BuildingBlocks.Http;

namespace SocialTech.Actors.Places.Searching;

public static class SearchPlaces
{
    /// <param name="territory"><c>level:code</c>, e.g. <c>departement:24</c> or <c>epci:200046977</c>: places whose
    /// commune lies in it.</param>
    /// <param name="typology">A typology, kebab-case.</param>
    /// <param name="operator">The id of the actor that runs them.</param>
    /// <param name="status"><c>open</c> (default), <c>closed</c> or <c>any</c>.</param>
    /// <param name="q">Part of the name, case and accents ignored.</param>
    public static async Task<Ok<Page<PlaceDetails>>> Handle(
        IQuerySession session, IKnownTerritories territories, CancellationToken ct,
        string? territory = null, string? typology = null, string? @operator = null, string? status = null, string? q = null,
        int page = 1, int pageSize = 50)
    {
        var paging = PageRequest.Validate(page, pageSize);
        var validation = new Validation();
        var territoryKey = territories.ParseFilter(validation, territory);

        // Taken as text and parsed here, so that a malformed id is answered like every other field: under errors.
        Guid operatorId = default;
        validation.Check(@operator is null || Guid.TryParse(@operator, out operatorId), "operator", "must be an actor id (a GUID).");
        validation.Check(typology is null || Kebab.TryParse<PlaceTypology>(typology, out _), "typology",
            $"must be one of {string.Join(", ", Kebab.Names<PlaceTypology>())}.");
        validation.Check(status is null or "any" || Kebab.TryParse<PlaceStatus>(status, out _), "status", "must be open, closed or any.");
        validation.ThrowIfInvalid();

        IQueryable<PlaceDetails> query = session.Query<PlaceDetails>();
        if (territoryKey is not null)
        {
            query = query.Where(p => p.TerritoryKeys.Contains(territoryKey));
        }

        if (typology is not null)
        {
            var typologyName = typology.ToLowerInvariant();
            query = query.Where(p => p.Typologies.Contains(typologyName));
        }

        if (@operator is not null)
        {
            query = query.Where(p => p.OperatorId == operatorId);
        }

        var statusName = status?.ToLowerInvariant() ?? "open";
        if (statusName != "any")
        {
            query = query.Where(p => p.Status == statusName);
        }

        if (!string.IsNullOrWhiteSpace(q))
        {
            var text = SearchText.Fold(q.Trim());
            query = query.Where(p => p.SearchName.Contains(text));
        }

        var results = await query.OrderBy(p => p.Name).ThenBy(p => p.Id).ToPagedListAsync(paging.Page, paging.PageSize, ct);
        return TypedResults.Ok(Page.From(results));
    }
}
