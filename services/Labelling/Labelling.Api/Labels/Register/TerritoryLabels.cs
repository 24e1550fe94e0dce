using Marten;
using SocialTech.Actors.Directory;
using SocialTech.Labelling.EcosystemFacts;
using SocialTech.Labelling.Territories;

namespace SocialTech.Labelling.Labels.Register;

/// <summary>
/// The platform's one rule for which labels a territory holds (README, "Labels a territory holds"), used by the
/// register's <c>territory</c> filter and so by the portal's ecosystem sheet, which reads the register:
/// <list type="bullet">
/// <item>territorial labels (territorial collective, ecosystem) held by the territory itself, by a territory containing
/// it (a commune's EPCI, département and région) or by one inside it (a département's EPCIs and communes);</item>
/// <item>labels of the organisations whose head office is in one of its communes, and of the places (tiers-lieux) in
/// one of its communes, as Labelling knows them from Actors' contracts.</item>
/// </list>
/// Networks' labels belong to no territory: a network spans several.
/// </summary>
public sealed record TerritoryLabels(IReadOnlyList<string> TerritoryKeys, IReadOnlyList<Guid> Holders)
{
    public static async Task<TerritoryLabels> OfAsync(IQuerySession session, LabellingTerritories territories, string key, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(territories);
        var inside = territories.WithDescendants(key);
        if (inside.Count == 0)
        {
            // A key the referential does not know still finds the territorial labels recorded under it.
            return new TerritoryLabels([key], []);
        }

        var keys = inside.Concat(territories.WithParents(key)).Distinct(StringComparer.Ordinal).ToArray();
        var communes = territories.CommunesUnder(key)?.ToArray() ?? [];
        var organisations = await session.Query<DirectoryActor>().Where(a => communes.Contains(a.HeadOffice.Code)).Select(a => a.Id).ToListAsync(ct);
        var places = await session.Query<KnownPlace>().Where(p => communes.Contains(p.Commune.Code)).Select(p => p.Id).ToListAsync(ct);
        return new TerritoryLabels(keys, [.. organisations, .. places]);
    }
}
