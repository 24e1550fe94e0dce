using System.Text.RegularExpressions;
using Marten;
using Marten.Pagination;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.BuildingBlocks.Http;
using SocialTech.Labelling.Territories;

namespace SocialTech.Labelling.Labels.Register;

public static partial class BrowseRegister
{
    /// <param name="holder">An actor, place or network id: the labels it holds, or that its territory's collective holds with it.</param>
    /// <param name="territory"><c>level:code</c>: the labels the territory holds (<see cref="TerritoryLabels"/>): territorial
    /// labels of the territory, of the territories containing it and of those inside it, and the labels of the
    /// organisations (by head office) and places located in it.</param>
    /// <param name="scheme">The scheme's id.</param>
    /// <param name="validOn">Labels valid that day: within their validity, not revoked by then, not suspended now.</param>
    public static async Task<Ok<Page<Label>>> Handle(
        IQuerySession session, LabellingTerritories territories, CancellationToken ct, Guid? holder = null, string? territory = null, Guid? scheme = null, DateOnly? validOn = null,
        int page = 1, int pageSize = 50)
    {
        var paging = PageRequest.Validate(page, pageSize);
        IQueryable<Label> query = session.Query<Label>();
        if (holder is { } h)
        {
            query = query.Where(l => l.HolderId == h || l.Holder.Collective.Contains(h));
        }

        if (territory is not null)
        {
            // The one rule (TerritoryLabels): the portal's ecosystem sheet reads this same filter.
            var held = await TerritoryLabels.OfAsync(session, territories, territory.Trim().ToLowerInvariant(), ct);
            var keys = held.TerritoryKeys.ToArray();
            var holders = held.Holders.Select(id => (Guid?)id).ToArray();
            query = query.Where(l => keys.Contains(l.HolderTerritory!) || holders.Contains(l.HolderId));
        }

        if (scheme is { } s)
        {
            query = query.Where(l => l.SchemeId == s);
        }

        if (validOn is { } day)
        {
            query = query.Where(l => l.ValidFrom <= day && l.ValidUntil >= day && l.Status != LabelStatus.Suspended
                && (l.RevokedOn == null || l.RevokedOn > day));
        }

        var labels = await query.OrderBy(l => l.ValidUntil).ThenBy(l => l.Id).ToPagedListAsync(paging.Page, paging.PageSize, ct);
        return TypedResults.Ok(Page.From(labels));
    }

    /// <param name="within">An ISO 8601 period (<c>P6M</c>, <c>P1Y</c>, <c>P90D</c>); or give <paramref name="months"/>.</param>
    /// <param name="months">Months ahead, instead of <paramref name="within"/>.</param>
    public static async Task<Ok<Page<Label>>> Expiring(
        IQuerySession session, TimeProvider clock, CancellationToken ct, string? within = null, int? months = null, int page = 1, int pageSize = 50)
    {
        var paging = PageRequest.Validate(page, pageSize);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var match = within is null ? null : Period().Match(within.Trim().ToUpperInvariant());
        new Validation()
            .Check(within is null || months is null, "within", "give within or months, not both.")
            .Check(within is null || match is { Success: true } && match.Length > 1, "within", "must be an ISO 8601 period of years, months, weeks or days, e.g. P6M.")
            .Check(months is null or (>= 0 and <= 240), "months", "must be between 0 and 240.")
            .ThrowIfInvalid();

        var until = match is { Success: true }
            ? today.AddYears(Number(match, 1)).AddMonths(Number(match, 2)).AddDays((7 * Number(match, 3)) + Number(match, 4))
            : today.AddMonths(months ?? 6);
        var labels = await session.Query<Label>()
            .Where(l => (l.Status == LabelStatus.Active || l.Status == LabelStatus.Suspended) && l.ValidUntil >= today && l.ValidUntil <= until)
            .OrderBy(l => l.ValidUntil).ThenBy(l => l.Id)
            .ToPagedListAsync(paging.Page, paging.PageSize, ct);
        return TypedResults.Ok(Page.From(labels));
    }

    private static int Number(Match match, int group) =>
        match.Groups[group].Success ? int.Parse(match.Groups[group].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;

    [GeneratedRegex("^P(?:([0-9]{1,2})Y)?(?:([0-9]{1,3})M)?(?:([0-9]{1,3})W)?(?:([0-9]{1,4})D)?$")]
    private static partial Regex Period();
}
