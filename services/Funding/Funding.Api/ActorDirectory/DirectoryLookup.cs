using Marten;
using SocialTech.Actors.Directory;
using SocialTech.Funding.Funders;

namespace SocialTech.Funding.ActorDirectory;

/// <summary>Look-ups that writes make in the directory before their pure decision.</summary>
public static class DirectoryLookup
{
    /// <summary>Which of <paramref name="ids"/> the directory holds (whatever their status: a ceased funder's past grants stay valid).</summary>
    public static async Task<IReadOnlySet<Guid>> KnownAsync(IQuerySession session, IReadOnlyList<Guid> ids, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return new HashSet<Guid>();
        }

        var found = await session.LoadManyAsync<DirectoryActor>(ct, ids);
        return found.Select(a => a.Id).ToHashSet();
    }

    /// <summary>Which of <paramref name="ids"/> are declared as funders (<c>/api/funding/funders</c>).</summary>
    public static async Task<IReadOnlySet<Guid>> DeclaredFundersAsync(IQuerySession session, IReadOnlyList<Guid> ids, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return new HashSet<Guid>();
        }

        var found = await session.LoadManyAsync<Funder>(ct, ids.Distinct());
        return found.Select(f => f.Id).ToHashSet();
    }
}
