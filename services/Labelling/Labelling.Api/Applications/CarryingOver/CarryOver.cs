using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.BuildingBlocks.Http;
using SocialTech.Labelling.Campaigns;

namespace SocialTech.Labelling.Applications.CarryingOver;

/// <param name="CampaignId">The next campaign of the same scheme.</param>
public sealed record CarryOverRequest(Guid? CampaignId);

public static class CarryOver
{
    /// <summary>A deferred application joins the next campaign as an admissible file, to be instructed there.</summary>
    public static IReadOnlyList<object> Decide(LabelApplication application, CarryOverRequest request, Campaign? next, DateTimeOffset now)
    {
        new Validation().Check(request.CampaignId is not null, "campaignId", "is required.")
            .Check(request.CampaignId is null || next is not null, "campaignId", $"no campaign has id {request.CampaignId}.")
            .Check(next is null || next.SchemeId == application.SchemeId, "campaignId", "belongs to another scheme.")
            .Check(next is null || next.Id != application.CampaignId, "campaignId", "is the campaign that deferred it; name the next one.")
            .ThrowIfInvalid();
        application.EnsureIn("carry the application over", ApplicationStatus.Deferred);
        return [new ApplicationCarriedOver(application.Id, application.CampaignId!.Value, next!.Id, now)];
    }

    public static async Task<Ok<LabelApplication>> Handle(
        Guid id, CarryOverRequest body, HttpRequest request, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var next = body.CampaignId is { } c && c != Guid.Empty ? await session.LoadAsync<Campaign>(c, ct) : null;
        return await ApplicationUpdating.ApplyAsync(id, request, session, application => Decide(application, body, next, clock.GetUtcNow()), ct);
    }
}
