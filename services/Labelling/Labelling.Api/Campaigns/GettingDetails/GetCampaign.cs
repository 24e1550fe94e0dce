using JasperFx.Events;
using Marten;
using Marten.Events.Aggregation;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.BuildingBlocks.EventStore;
using SocialTech.BuildingBlocks.Http;
using SocialTech.Labelling.Applications;

namespace SocialTech.Labelling.Campaigns.GettingDetails;

/// <summary>The campaign's state, kept inline next to its stream; also its public record.</summary>
public sealed class CampaignProjection : OwnStreamProjection<Campaign>
{
    public CampaignProjection()
        : base(Campaign.EventTypes)
    {
    }

    public override Campaign? Evolve(Campaign? snapshot, Guid id, IEvent e) =>
        Campaign.Fold(snapshot, e.Data) is { } next ? next with { Version = e.Version } : snapshot;
}

/// <param name="Laureates">Labels the jury granted in the campaign so far.</param>
public sealed record CampaignDetails(Campaign Campaign, int Laureates);

public static class GetCampaign
{
    public static async Task<Results<Ok<CampaignDetails>, NotFound>> Handle(Guid id, IQuerySession session, HttpResponse response, CancellationToken ct)
    {
        var campaign = await session.LoadAsync<Campaign>(id, ct);
        if (campaign is null)
        {
            return TypedResults.NotFound();
        }

        ETag.Set(response, campaign.Version);
        return TypedResults.Ok(new CampaignDetails(campaign, await Laureates.CountAsync(session, id, ct)));
    }
}
