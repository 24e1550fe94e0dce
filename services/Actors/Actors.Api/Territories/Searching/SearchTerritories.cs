using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.BuildingBlocks.Http;

namespace SocialTech.Actors.Territories.Searching;

public static class SearchTerritories
{
    public const int MinimumQueryLength = 2;

    /// <param name="q">A name or part of one (accents and case ignored), or a code of any level.</param>
    /// <param name="level">Only territories of this level.</param>
    public static Ok<Page<TerritorySummary>> Handle(
        string? q, string? level, int? page, int? pageSize, int? vintage, TerritoryReferential referential)
    {
        var territories = TerritoryRequests.Vintage(referential, vintage);
        TerritoryLevel? only = level is null ? null : TerritoryRequests.Level(level);
        new Validation()
            .Check(q is not null && q.Trim().Length >= MinimumQueryLength, "q", $"give at least {MinimumQueryLength} characters of a name or a code.")
            .Check(q is null || q.Length <= 100, "q", "must be at most 100 characters.")
            .ThrowIfInvalid();
        var request = PageRequest.Validate(page ?? 1, pageSize ?? TerritoryRequests.DefaultPageSize);

        // A code answers with what it names, ahead of any name that happens to contain the same digits.
        var byCode = TerritoryRequests.IsWellFormedAtAnyLevel(q!.Trim())
            ? territories.Resolve(q).Select(r => r.Territory)
            : [];
        var found = byCode.Concat(territories.Search(q, only))
            .Where(t => only is null || t.Level == only)
            .Distinct()
            .Select(TerritorySummary.From)
            .ToArray();
        return TypedResults.Ok(TerritoryRequests.PageOf(found, request));
    }
}
