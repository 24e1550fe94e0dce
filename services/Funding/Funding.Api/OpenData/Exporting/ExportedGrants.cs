using Marten;
using SocialTech.Actors.Directory;
using SocialTech.Actors.Territories;
using SocialTech.Funding.Flows;
using SocialTech.Funding.Flows.Querying;
using SocialTech.Funding.Grants;
using SocialTech.Funding.Programmes;

namespace SocialTech.Funding.OpenData.Exporting;

/// <summary>One funder's part of an exported grant, in scope.</summary>
/// <param name="Awarded">What the funder awarded to the locations in scope (its whole part for a grant used in one place).</param>
/// <param name="Disbursed">What it paid there.</param>
public sealed record ExportedFunder(Guid FunderId, string FunderType, decimal Awarded, decimal Disbursed);

/// <summary>A grant with money in a flow query's scope, as both exports write it.</summary>
/// <param name="Grant">The grant's record (purpose, dates, payment terms).</param>
/// <param name="Funders">Each funder's figures from the flow rows in scope, so that the export adds up to the flow tables.</param>
/// <param name="Locations">The beneficiary communes in scope.</param>
public sealed record ExportedGrant(Grant Grant, IReadOnlyList<ExportedFunder> Funders, IReadOnlyList<Actors.Contracts.CommuneReference> Locations);

/// <summary>What the exports read: the grants of a scope, the actors they name, the programmes they belong to.</summary>
public sealed record ExportSet(
    FlowScope Scope, IReadOnlyList<ExportedGrant> Grants, IReadOnlyDictionary<Guid, DirectoryActor> Actors, IReadOnlyDictionary<Guid, Programme> Programmes)
{
    /// <summary>
    /// The grants with money in <paramref name="scope"/>, read from the same flow rows as the flow queries (so that
    /// whatever the scope selects, dates, territory or a past state of knowledge, the export selects too), in
    /// decision order. A grant used in several communes counts, as in the flow tables, for its parts in scope.
    /// </summary>
    public static async Task<ExportSet> LoadAsync(IQuerySession session, FlowScope scope, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(scope);
        var rows = (await scope.RowsAsync(session, ct)).Where(r => scope.AmountOf(r) != 0).ToArray();
        var grantIds = rows.Select(r => r.GrantId).Distinct().ToArray();
        var grants = grantIds.Length == 0 ? [] : (await session.LoadManyAsync<Grant>(ct, grantIds)).ToDictionary(g => g.Id);

        var exported = rows.GroupBy(r => r.GrantId)
            .Where(g => grants.ContainsKey(g.Key))
            .Select(g => new ExportedGrant(
                grants[g.Key],
                g.GroupBy(r => (r.FunderId, r.FunderType))
                    .Select(f => new ExportedFunder(f.Key.FunderId, f.Key.FunderType, f.Sum(r => r.Awarded), f.Sum(r => r.Disbursed)))
                    .ToArray(),
                g.Select(scope.CommuneOf).DistinctBy(c => c.Code).ToArray()))
            .OrderBy(e => e.Grant.DecisionDate).ThenBy(e => e.Grant.Id)
            .ToArray();

        var actorIds = exported.SelectMany(e => e.Funders.Select(f => f.FunderId).Append(e.Grant.Terms.Recipient.ActorId)).Distinct().ToArray();
        var actors = actorIds.Length == 0 ? [] : (await session.LoadManyAsync<DirectoryActor>(ct, actorIds)).ToDictionary(a => a.Id);
        var programmeIds = exported.Where(e => e.Grant.Terms.ProgrammeId is not null).Select(e => e.Grant.Terms.ProgrammeId!.Value).Distinct().ToArray();
        var programmes = programmeIds.Length == 0 ? [] : (await session.LoadManyAsync<Programme>(ct, programmeIds)).ToDictionary(p => p.Id);
        return new ExportSet(scope, exported, actors, programmes);
    }
}

/// <summary>The flow queries' filters (asOf included) as both exports check them: a bad one is a 400 naming it.</summary>
public static class ExportScope
{
    public static FlowScope Parse(TerritoryReferential referential, FlowFilters filters)
    {
        ArgumentNullException.ThrowIfNull(filters);
        var validation = new BuildingBlocks.Http.Validation();
        var scope = filters.Parse(validation, referential);
        validation.ThrowIfInvalid();
        return scope;
    }
}
