using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.BuildingBlocks.Http;

namespace SocialTech.Actors.Territories.ListingChildren;

public static class ListTerritoryChildren
{
    /// <param name="childLevel">Only children of this level, e.g. <c>epci</c> or <c>commune</c> under a département.</param>
    public static Ok<Page<TerritorySummary>> Handle(
        string level, string code, string? childLevel, int? page, int? pageSize, int? vintage, TerritoryReferential referential)
    {
        var territories = TerritoryRequests.Vintage(referential, vintage);
        var territory = TerritoryRequests.Existing(territories, TerritoryRequests.Level(level), code);
        TerritoryLevel? only = childLevel is null ? null : TerritoryRequests.Level(childLevel, "childLevel");
        var request = PageRequest.Validate(page ?? 1, pageSize ?? TerritoryRequests.DefaultPageSize);

        var children = territories.ChildrenOf(territory.Level, territory.Code, only).Select(TerritorySummary.From).ToArray();
        return TypedResults.Ok(TerritoryRequests.PageOf(children, request));
    }
}
