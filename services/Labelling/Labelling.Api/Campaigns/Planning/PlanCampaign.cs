using System.ComponentModel.DataAnnotations;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using SocialTech.BuildingBlocks.EventStore;
using SocialTech.BuildingBlocks.Http;
using SocialTech.BuildingBlocks.Text;
using SocialTech.Labelling.Schemes;
using SocialTech.Labelling.Territories;

namespace SocialTech.Labelling.Campaigns.Planning;

/// <param name="SchemeId">The obtention scheme the wave belongs to.</param>
public sealed record PlanCampaignRequest(
    Guid? SchemeId, [property: StringLength(TextBounds.Title, MinimumLength = 1)] string? Name, DateOnly? OpensOn, DateOnly? ClosesOn, [property: EachMaxLength(TextBounds.Code)] IReadOnlyList<string>? EligibleTerritories = null, int? MaxLaureates = null);

public static class PlanCampaign
{
    public static CampaignPlanned Decide(Guid campaignId, PlanCampaignRequest request, Scheme? scheme, DateTimeOffset now, Func<string, bool>? territoryExists = null)
    {
        var validation = new Validation()
            .Check(request.SchemeId is not null, "schemeId", "is required.")
            .Check(request.SchemeId is null || scheme is not null, "schemeId", $"no scheme has id {request.SchemeId}.");
        var terms = CampaignRules.Terms(validation,
            new CampaignRequest(request.Name, request.OpensOn, request.ClosesOn, request.EligibleTerritories, request.MaxLaureates), territoryExists);
        validation.ThrowIfInvalid();
        CampaignRules.EnsureSchemeTakesCampaigns(scheme!, "plan a campaign");
        return new CampaignPlanned(campaignId, scheme!.Id, terms, now);
    }

    public static async Task<Results<Created<Campaign>, Ok<Campaign>>> Handle(
        PlanCampaignRequest request, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
        IDocumentSession session, LabellingTerritories territories, TimeProvider clock, HttpResponse response, CancellationToken ct)
    {
        var campaignId = IdempotencyKeys.IdFor(response.HttpContext, "socialtech:label-campaigns:", idempotencyKey);
        if (idempotencyKey is not null && await session.LoadAsync<Campaign>(campaignId, ct) is { } replay)
        {
            ETag.Set(response, replay.Version);
            return TypedResults.Ok(replay);
        }

        var scheme = request.SchemeId is { } s && s != Guid.Empty ? await session.LoadAsync<Scheme>(s, ct) : null;
        request = request with { EligibleTerritories = request.EligibleTerritories?.Select(k => territories.Canonical(k?.Trim().ToLowerInvariant())!).ToArray() };
        session.Events.StartStream<Campaign>(campaignId, Decide(campaignId, request, scheme, clock.GetUtcNow(), territories.Exists));
        if (await session.SaveCreationAsync<Campaign>(campaignId, idempotencyKey, ct) is { } first)
        {
            // A retry that raced its first attempt: it answers what the first one created.
            ETag.Set(response, first.Version);
            return TypedResults.Ok(first);
        }
        var campaign = await session.LoadAsync<Campaign>(campaignId, ct);
        ETag.Set(response, campaign!.Version);
        return TypedResults.Created($"/api/labelling/campaigns/{campaignId}", campaign);
    }
}
