using Marten;
using Marten.Linq;
using Marten.Pagination;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.Actors.Contracts;
using SocialTech.Actors.Organisations.GettingDetails;
using SocialTech.BuildingBlocks.Http;

namespace SocialTech.Actors.Organisations.Searching;

public static class SearchActors
{
    /// <param name="territory"><c>level:code</c>, e.g. <c>departement:24</c> or <c>epci:200046977</c>: actors whose head office
    /// or a place of action lies in it.</param>
    /// <param name="kind">A kind, kebab-case.</param>
    /// <param name="ess">Only members (true) or non-members (false) of the social and solidarity economy.</param>
    /// <param name="esus">Only actors whose ESUS agreement is valid today (true), or without one (false).</param>
    /// <param name="status"><c>active</c> (default), <c>ceased</c>, <c>merged</c> or <c>any</c>.</param>
    /// <param name="q">Part of the name (case and accents ignored), or a SIREN, SIRET or RNA number.</param>
    public static async Task<Ok<Page<ActorDetails>>> Handle(
        IQuerySession session, IKnownTerritories territories, TimeProvider clock, CancellationToken ct,
        string? territory = null, string? kind = null, bool? ess = null, bool? esus = null, string? status = null, string? q = null,
        int page = 1, int pageSize = 50)
    {
        var paging = PageRequest.Validate(page, pageSize);
        var validation = new Validation();
        var territoryKey = territories.ParseFilter(validation, territory);

        validation.Check(kind is null || Kebab.TryParse<ActorKind>(kind, out _), "kind",
            $"must be one of {string.Join(", ", Kebab.Names<ActorKind>())}.");
        validation.Check(status is null or "any" || Kebab.TryParse<ActorStatus>(status, out _), "status", "must be active, ceased, merged or any.");
        validation.ThrowIfInvalid();

        IQueryable<ActorDetails> query = session.Query<ActorDetails>();
        if (territoryKey is not null)
        {
            query = query.Where(a => a.TerritoryKeys.Contains(territoryKey));
        }

        if (kind is not null)
        {
            var kindName = kind.ToLowerInvariant();
            query = query.Where(a => a.Kinds.Contains(kindName));
        }

        if (ess is not null)
        {
            query = query.Where(a => a.Ess == ess.Value);
        }

        if (esus is not null)
        {
            var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
            query = esus.Value
                ? query.Where(a => a.Esus != null && a.Esus.ValidFrom <= today && a.Esus.ValidUntil >= today)
                : query.Where(a => a.Esus == null || a.Esus.ValidFrom > today || a.Esus.ValidUntil < today);
        }

        var statusName = status ?? "active";
        if (statusName != "any")
        {
            query = query.Where(a => a.Status == statusName);
        }

        if (!string.IsNullOrWhiteSpace(q))
        {
            var text = SearchText.Fold(q.Trim());
            var identifier = Identifiers.Normalize(q);
            query = query.Where(a => a.SearchName.Contains(text)
                || a.Identifiers.Siren == identifier || a.Identifiers.Siret == identifier || a.Identifiers.Rna == identifier);
        }

        var results = await query.OrderBy(a => a.Name).ThenBy(a => a.Id).ToPagedListAsync(paging.Page, paging.PageSize, ct);
        return TypedResults.Ok(Page.From(results));
    }
}
