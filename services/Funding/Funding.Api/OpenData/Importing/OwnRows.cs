using Marten;
using SocialTech.Actors.Directory;
using SocialTech.Funding.Grants;

namespace SocialTech.Funding.OpenData.Importing;

/// <summary>
/// Rows of this platform's own SCDL export, sent back to it. The export writes a grant's id into
/// <c>referenceDecision</c>; a row whose reference is the id of a grant here, with the row's funder among the grant's
/// funders and the row's recipient as its recipient (by SIREN, else RNA), is that grant: importing it creates nothing.
/// </summary>
/// <remarks>
/// The grant's id cannot be derived from the row alone: a grant awarded through the API has an id of its own, and the
/// export writes one row per funder with that funder's part in scope, not the grant's amount. A row naming a grant's
/// id with another funder or recipient is not that grant (a copied reference), and is imported by its natural key.
/// </remarks>
public static class OwnRows
{
    /// <summary>The existing grant each row of <paramref name="lines"/> is, by row index, for the rows that are one.</summary>
    public static async Task<IReadOnlyDictionary<int, Guid>> FindAsync(IQuerySession query, IReadOnlyList<ScdlLine?> lines, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(lines);
        var referenced = lines.Select((l, i) => (Index: i, Id: l?.Reference is { } r && Guid.TryParse(r, out var id) ? id : (Guid?)null))
            .Where(x => x.Id is not null).Select(x => (x.Index, Id: x.Id!.Value)).ToArray();
        if (referenced.Length == 0)
        {
            return new Dictionary<int, Guid>();
        }

        var grants = (await query.LoadManyAsync<Grant>(ct, referenced.Select(r => r.Id).Distinct().ToArray())).ToDictionary(g => g.Id);
        if (grants.Count == 0)
        {
            return new Dictionary<int, Guid>();
        }

        var actorIds = grants.Values.SelectMany(g => g.Terms.Funders.Select(f => f.FunderId).Append(g.Terms.Recipient.ActorId)).Distinct().ToArray();
        var actors = (await query.LoadManyAsync<DirectoryActor>(ct, actorIds)).ToDictionary(a => a.Id);
        var own = new Dictionary<int, Guid>();
        foreach (var (index, id) in referenced)
        {
            if (grants.GetValueOrDefault(id) is { } grant && lines[index] is { } line
                && grant.Terms.Funders.Any(f => Is(actors.GetValueOrDefault(f.FunderId), line.Funder))
                && Is(actors.GetValueOrDefault(grant.Terms.Recipient.ActorId), line.Recipient))
            {
                own[index] = id;
            }
        }

        return own;
    }

    private static bool Is(DirectoryActor? actor, ScdlOrganisation organisation) =>
        actor is not null
        && ((organisation.Id.Siren is { } siren && actor.Identifiers.Siren == siren) || (organisation.Id.Rna is { } rna && actor.Identifiers.Rna == rna));
}
