using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.BuildingBlocks.Http;
using SocialTech.Labelling.Campaigns;
using SocialTech.Labelling.Schemes;

namespace SocialTech.Labelling.Applications.Submitting;

public static class SubmitApplication
{
    /// <summary>
    /// Submits a drafted obtention application within its campaign's dates. Evidence must be there for every criterion
    /// that asks for it; a territory must be among the campaign's eligible ones (by key: Labelling holds no territory
    /// referential, so a commune does not yet match its département's campaign).
    /// </summary>
    public static IReadOnlyList<object> Decide(LabelApplication application, Campaign? campaign, DateTimeOffset now)
    {
        application.EnsureMode("submit the application", SchemeMode.Obtention);
        application.EnsureIn("submit the application", ApplicationStatus.Drafted);
        ArgumentNullException.ThrowIfNull(campaign); // drafting requires a campaign for every obtention application
        var today = ApplicationUpdating.Today(now);
        if (!campaign.IsOpenOn(today))
        {
            throw new InvalidTransitionException("submit the application",
                $"the campaign '{campaign.Terms.Name}' takes applications from {campaign.Terms.OpensOn:yyyy-MM-dd} to {campaign.Terms.ClosesOn:yyyy-MM-dd}");
        }

        var missing = application.Rules.CriteriaNeedingEvidence.Where(c => application.Evidence.All(e => e.CriterionCode != c)).ToArray();
        new Validation()
            .Check(missing.Length == 0, "evidence", $"missing for {string.Join(", ", missing)}.")
            .Check(application.Holder.Territory is null || campaign.Terms.EligibleTerritories.Count == 0
                   || campaign.Terms.EligibleTerritories.Contains(application.Holder.Territory), "holder.territory",
                $"is not among the campaign's eligible territories: {string.Join(", ", campaign.Terms.EligibleTerritories)}.")
            .ThrowIfInvalid();
        return [new ApplicationSubmitted(application.Id, now)];
    }

    public static async Task<Ok<LabelApplication>> Handle(Guid id, HttpRequest request, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var current = await session.LoadAsync<LabelApplication>(id, ct);
        var campaign = current?.CampaignId is { } c ? await session.LoadAsync<Campaign>(c, ct) : null;
        return await ApplicationUpdating.ApplyAsync(id, request, session, application => Decide(application, campaign, clock.GetUtcNow()), ct);
    }
}
