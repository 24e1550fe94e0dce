using Marten;
using SocialTech.Labelling.Applications;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.BuildingBlocks.EventStore;
using SocialTech.BuildingBlocks.Http;
using SocialTech.Labelling.Territories;

namespace SocialTech.Labelling.Campaigns.Amending;

public static class AmendCampaign
{
    /// <summary>Replaces the wave's dates, territories and cap; the same terms again append nothing.</summary>
    public static IReadOnlyList<object> Decide(Campaign campaign, CampaignRequest request, int laureates, DateTimeOffset now, Func<string, bool>? territoryExists = null)
    {
        var validation = new Validation();
        var terms = CampaignRules.Terms(validation, request, territoryExists);
        validation.Check(terms.MaxLaureates is null || terms.MaxLaureates >= laureates, "maxLaureates",
            $"the jury has already granted {laureates} labels in this campaign.");
        validation.ThrowIfInvalid();
        return CampaignRules.Same(campaign.Terms, terms) ? [] : [new CampaignAmended(campaign.Id, terms, now)];
    }

    public static async Task<Ok<Campaign>> Handle(
        Guid id, CampaignRequest body, HttpRequest request, IDocumentSession session, LabellingTerritories territories, TimeProvider clock, CancellationToken ct)
    {
        var laureates = await Laureates.CountAsync(session, id, ct);
        body = body with { EligibleTerritories = body.EligibleTerritories?.Select(k => territories.Canonical(k?.Trim().ToLowerInvariant())!).ToArray() };
        var version = await session.DecideAndAppendAsync<Campaign>(id, ETag.ExpectedVersion(request), campaign => Decide(campaign, body, laureates, clock.GetUtcNow(), territories.Exists), ct);
        var campaign = await session.LoadAsync<Campaign>(id, ct);
        ETag.Set(request.HttpContext.Response, version);
        return TypedResults.Ok(campaign!);
    }
}
