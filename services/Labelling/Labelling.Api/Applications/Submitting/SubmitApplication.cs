using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.BuildingBlocks.Http;
using SocialTech.Actors.Directory;
using SocialTech.Labelling.Campaigns;
using SocialTech.Labelling.EcosystemFacts;
using SocialTech.Labelling.Schemes;
using SocialTech.Labelling.Territories;

namespace SocialTech.Labelling.Applications.Submitting;

public static class SubmitApplication
{
    /// <summary>
    /// Submits a drafted obtention application within its campaign's dates. Evidence must be there for every criterion
    /// that asks for it; the holder's territory must lie inside one of the campaign's eligible territories.
    /// </summary>
    /// <param name="holderTerritories">The holder's territory and every territory containing it (a commune's EPCI,
    /// département and région), so that a département's campaign takes its communes and EPCIs; null when the holder's
    /// territory is not known (an organisation not yet in the directory), which no campaign's territories refuse.</param>
    public static IReadOnlyList<object> Decide(LabelApplication application, Campaign? campaign, IReadOnlyList<string>? holderTerritories, DateTimeOffset now)
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
            .Check(holderTerritories is null || campaign.Terms.EligibleTerritories.Count == 0
                   || campaign.Terms.EligibleTerritories.Any(holderTerritories.Contains), "holder.territory",
                $"'{(holderTerritories is { Count: > 0 } ? holderTerritories[0] : null)}' lies in none of the campaign's eligible territories: {string.Join(", ", campaign.Terms.EligibleTerritories)}.")
            .ThrowIfInvalid();
        return [new ApplicationSubmitted(application.Id, now)];
    }

    public static async Task<Ok<LabelApplication>> Handle(
        Guid id, HttpRequest request, IDocumentSession session, LabellingTerritories territories, TimeProvider clock, CancellationToken ct)
    {
        var current = await session.LoadAsync<LabelApplication>(id, ct);
        var campaign = current?.CampaignId is { } c ? await session.LoadAsync<Campaign>(c, ct) : null;
        var holderTerritories = current is null ? null : await HolderTerritoriesAsync(session, territories, current.Holder, ct);
        return await ApplicationUpdating.ApplyAsync(id, request, session, application => Decide(application, campaign, holderTerritories, clock.GetUtcNow()), ct);
    }

    /// <summary>A territory holder's own key; an organisation's head office or a place's commune, as Labelling's copies know them.</summary>
    public static async Task<IReadOnlyList<string>?> HolderTerritoriesAsync(IQuerySession session, LabellingTerritories territories, LabelHolder holder, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(holder);
        var key = holder.Territory;
        if (key is null && holder.Id is { } holderId)
        {
            key = holder.Kind switch
            {
                LabelledKind.Organisation => (await session.LoadAsync<DirectoryActor>(holderId, ct))?.HeadOffice.Code is { } code ? $"commune:{code.ToLowerInvariant()}" : null,
                LabelledKind.Place => (await session.LoadAsync<KnownPlace>(holderId, ct))?.Commune.Code is { } code ? $"commune:{code.ToLowerInvariant()}" : null,
                _ => null,
            };
        }

        // A key the referential does not know still matches a campaign that names it exactly.
        return key is null ? null : territories.WithParents(key) is { Count: > 0 } withParents ? withParents : [key];
    }
}
