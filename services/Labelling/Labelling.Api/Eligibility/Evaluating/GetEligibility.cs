using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.Actors.Directory;
using SocialTech.Labelling.Applications;
using SocialTech.Labelling.EcosystemFacts;
using SocialTech.Labelling.FundingFacts;
using SocialTech.Labelling.NetworkFacts;
using SocialTech.Labelling.Schemes;
using SocialTech.Labelling.Territories;

namespace SocialTech.Labelling.Eligibility.Evaluating;

/// <summary>
/// An application's criteria checked against Labelling's own copies of the ecosystem's data, as of now: the answer
/// changes as other services publish changes, and is never stored.
/// </summary>
public static class GetEligibility
{
    public static async Task<Results<Ok<ApplicationEligibility>, NotFound>> Handle(
        Guid id, IQuerySession session, LabellingTerritories territories, TimeProvider clock, CancellationToken ct)
    {
        var application = await session.LoadAsync<LabelApplication>(id, ct);
        if (application is null)
        {
            return TypedResults.NotFound();
        }

        var criteria = application.Rules.Criteria
            ?? (await session.LoadAsync<Scheme>(application.SchemeId, ct))?.Terms.Criteria.Where(c => application.Rules.CriteriaCodes.Contains(c.Code)).ToArray()
            ?? [];
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var facts = await SnapshotAsync(session, territories, application.Holder, today, ct);
        return TypedResults.Ok(Eligibility.Evaluate(application.Id, application.SchemeId, criteria, facts));
    }

    public static async Task<EcosystemSnapshot> SnapshotAsync(
        IQuerySession session, LabellingTerritories territories, LabelHolder holder, DateOnly today, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(holder);
        string? territory = null;
        string? whyNoTerritory = null;
        List<Guid> applicantIds = [.. holder.Collective];
        switch (holder.Kind)
        {
            case LabelledKind.TerritorialCollective or LabelledKind.Ecosystem:
                territory = holder.Territory;
                break;
            case LabelledKind.Organisation:
                applicantIds.Insert(0, holder.Id!.Value);
                var actor = await session.LoadAsync<DirectoryActor>(holder.Id.Value, ct);
                territory = actor is null ? null : $"commune:{actor.HeadOffice.Code.ToLowerInvariant()}";
                whyNoTerritory = actor is null ? $"L'organisation {holder.Id} n'est pas (encore) dans l'annuaire des acteurs de Labelling." : null;
                break;
            case LabelledKind.Place:
                var place = await session.LoadAsync<KnownPlace>(holder.Id!.Value, ct);
                territory = place is null ? null : $"commune:{place.Commune.Code.ToLowerInvariant()}";
                whyNoTerritory = place is null ? $"Le lieu {holder.Id} n'est pas (encore) parmi les lieux connus de Labelling." : null;
                if (place is not null)
                {
                    // A place receives no grant: its operator does.
                    applicantIds.Insert(0, place.OperatorActorId);
                }

                break;
            default:
                whyNoTerritory = "Un réseau s'étend sur plusieurs territoires : les données d'un territoire ne s'appliquent pas à lui.";
                break;
        }

        var communes = territories.CommunesUnder(territory)?.ToArray();
        if (territory is not null && communes is null)
        {
            whyNoTerritory = $"« {territory} » ne désigne aucun territoire du référentiel.";
            territory = null;
        }

        IReadOnlyList<DirectoryActor>? actors = null;
        IReadOnlyList<KnownPlace>? places = null;
        IReadOnlyList<SupportedVenture>? ventures = null;
        IReadOnlyList<NetworkHub>? hubs = null;
        if (communes is not null)
        {
            actors = await session.Query<DirectoryActor>().Where(a => communes.Contains(a.HeadOffice.Code)).ToListAsync(ct);
            places = await session.Query<KnownPlace>().Where(p => communes.Contains(p.Commune.Code)).ToListAsync(ct);
            ventures = await session.Query<SupportedVenture>().Where(v => communes.Contains(v.CommuneCode!)).ToListAsync(ct);
            hubs = await session.Query<NetworkHub>().Where(h => communes.Contains(h.CommuneCode!)).ToListAsync(ct);
        }

        var ids = applicantIds.Distinct().ToArray();
        var applicants = ids.Length == 0 ? [] : await session.LoadManyAsync<DirectoryActor>(ct, ids);
        IReadOnlyList<FundingFact>? grants = null;
        string? whyNoApplicants = null;
        if (applicants.Count > 0)
        {
            var known = applicants.Select(a => a.Id).ToArray();
            grants = await session.Query<FundingFact>().Where(g => known.Contains(g.RecipientActorId)).ToListAsync(ct);
        }
        else
        {
            whyNoApplicants = ids.Length == 0
                ? "La candidature ne nomme aucun acteur porteur."
                : "Aucun des acteurs porteurs n'est (encore) dans l'annuaire des acteurs de Labelling.";
        }

        return new EcosystemSnapshot(territory, territories.NameOf(territory), whyNoTerritory, actors, places, ventures, hubs,
            applicants.Count > 0 ? applicants : null, whyNoApplicants, grants, today);
    }
}
