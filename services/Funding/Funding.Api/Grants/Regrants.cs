using Marten;
using Npgsql;
using Microsoft.AspNetCore.Http;
using SocialTech.BuildingBlocks.Http;

namespace SocialTech.Funding.Grants;

/// <summary>
/// The regrant ceiling: what an intermediary regrants out of a grant (its part in each awarded child grant) never
/// exceeds that grant's amount.
/// </summary>
/// <remarks>
/// Concurrency: the children's sum is read from the grants' documents, so two regrants racing under one parent could
/// each read the sum without the other and together pass the ceiling. Every write that reads it (a child's award, an
/// application's award, an amendment of a child or of a parent) first takes a PostgreSQL transaction-scoped advisory
/// lock on the parent grant's id (<see cref="LockAsync"/>), in the transaction that then reads and commits: the second
/// writer waits for the first's commit, reads its child, and fits or is refused. A lock rather than an event on the
/// parent's stream: the parent's version (its ETag) stays that of its own decisions, so its funder's If-Match holds
/// while others regrant from it.
/// </remarks>
public static class Regrants
{
    /// <summary>The advisory locks' first key, which sets them apart from any other lock of the database (Marten's take one bigint key).</summary>
    private const int LockSpace = 0x0017_6A17;

    /// <summary>The intermediary's part in an awarded child: the money that comes out of the parent. Nothing for an application or a cancelled child.</summary>
    public static decimal PartOf(Grant child, Guid intermediary)
    {
        ArgumentNullException.ThrowIfNull(child);
        return child.Awarded == 0 ? 0m : child.Terms.Funders.Where(f => f.FunderId == intermediary).Sum(f => f.Amount);
    }

    /// <summary>The intermediary's part in <paramref name="terms"/>, for a child being decided.</summary>
    public static decimal PartOf(GrantTerms terms, Guid intermediary)
    {
        ArgumentNullException.ThrowIfNull(terms);
        return terms.Funders.Where(f => f.FunderId == intermediary).Sum(f => f.Amount);
    }

    /// <summary>What <paramref name="parent"/>'s awarded children regrant out of it, <paramref name="except"/> left out (the child being decided).</summary>
    public static async Task<decimal> RegrantedAsync(IQuerySession session, Grant parent, Guid? except, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(parent);
        var parentId = parent.Id;
        var children = await session.Query<Grant>().Where(g => g.Terms.ParentGrantId == parentId).ToListAsync(ct);
        return children.Where(c => c.Id != except).Sum(c => PartOf(c, parent.Terms.Recipient.ActorId));
    }

    /// <summary>A child regranting <paramref name="part"/> fits under <paramref name="parent"/> beside the others' <paramref name="regrantedByOthers"/>; 409 naming parentGrantId otherwise.</summary>
    public static void EnsureFits(Grant parent, decimal regrantedByOthers, decimal part)
    {
        ArgumentNullException.ThrowIfNull(parent);
        if (parent.Awarded == 0)
        {
            throw Refusal("parentGrantId", parent, regrantedByOthers,
                $"la subvention mère {parent.Id} n'est pas attribuée (elle est {Kebab.Name(parent.Status)}) : on ne reverse que ce qui a été attribué.");
        }

        if (regrantedByOthers + part > parent.Terms.Amount)
        {
            throw Refusal("parentGrantId", parent, regrantedByOthers,
                $"les reversements sous la subvention mère {parent.Id} atteindraient {Euro(regrantedByOthers + part)} € "
                + $"({Euro(regrantedByOthers)} € déjà reversés + {Euro(part)} €), au-delà de son montant de {Euro(parent.Terms.Amount)} € ; "
                + $"il reste {Euro(Math.Max(0m, parent.Terms.Amount - regrantedByOthers))} € à reverser.");
        }
    }

    /// <summary>A parent's new amount covers what its children regrant out of it; 409 naming amount otherwise.</summary>
    public static void EnsureCovers(Grant parent, decimal amount, decimal regranted)
    {
        ArgumentNullException.ThrowIfNull(parent);
        if (amount < regranted)
        {
            throw Refusal("amount", parent, regranted,
                $"le montant {Euro(amount)} € serait inférieur aux {Euro(regranted)} € déjà reversés par des subventions filles de la subvention {parent.Id} : "
                + "réduisez d'abord ces reversements.");
        }
    }

    /// <summary>
    /// Opens the session's transaction and takes an advisory lock on each of <paramref name="grantIds"/> (in one order,
    /// so that two writers never wait for each other), held until that transaction commits or rolls back. Reads made
    /// through the session after it see what the previous holder committed.
    /// </summary>
    public static async Task LockAsync(IDocumentSession session, IEnumerable<Guid> grantIds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(grantIds);
        var keys = grantIds.Where(id => id != Guid.Empty).Select(KeyOf).Distinct().Order().ToArray();
        if (keys.Length == 0)
        {
            return;
        }

        await session.BeginTransactionAsync(ct);
        foreach (var key in keys)
        {
            await using var command = new NpgsqlCommand("select pg_advisory_xact_lock(@space, @key)");
            command.Parameters.AddWithValue("space", LockSpace);
            command.Parameters.AddWithValue("key", key);
            await session.ExecuteAsync(command, ct);
        }
    }

    /// <summary>32 bits of the id: two grants that share them only wait for each other, which is harmless.</summary>
    private static int KeyOf(Guid id) => BitConverter.ToInt32(id.ToByteArray(), 12);

    private static ProblemException Refusal(string field, Grant parent, decimal regranted, string detail) =>
        new(StatusCodes.Status409Conflict, "Plafond des reversements", detail, new Dictionary<string, object?>
        {
            ["code"] = "regrant-ceiling",
            ["field"] = field,
            ["errors"] = new Dictionary<string, string[]> { [field] = [detail] },
            ["parentGrantId"] = parent.Id,
            ["parentAmount"] = parent.Terms.Amount,
            ["regranted"] = regranted,
        });

    private static string Euro(decimal amount) => amount.ToString("#,0.##", System.Globalization.CultureInfo.InvariantCulture).Replace(',', ' ');
}

/// <summary>What a decision on an existing grant (an application's award, an amendment) reads before it runs.</summary>
/// <param name="Programme">The grant's programme, if any, as it stands now.</param>
/// <param name="Recipient">The recipient as Funding's directory knows it now (its places of action are only there).</param>
/// <param name="Parent">The grant it regrants from, if any.</param>
/// <param name="RegrantedByOthers">What the parent's other awarded children regrant out of it.</param>
/// <param name="RegrantedUnder">What this grant's own awarded children regrant out of it.</param>
public sealed record GrantUpdateContext(
    Programmes.Programme? Programme, Actors.Directory.DirectoryActor? Recipient, Grant? Parent, decimal RegrantedByOthers, decimal RegrantedUnder)
{
    /// <summary>No programme, no parent, no child: the rules and the ceiling have nothing to check.</summary>
    public static readonly GrantUpdateContext None = new(null, null, null, 0m, 0m);

    public static async Task<GrantUpdateContext> LoadAsync(IQuerySession session, Grant grant, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(grant);
        var programme = grant.Terms.ProgrammeId is { } p ? await session.LoadAsync<Programmes.Programme>(p, ct) : null;
        var recipient = await session.LoadAsync<Actors.Directory.DirectoryActor>(grant.Terms.Recipient.ActorId, ct);
        var parent = grant.Terms.ParentGrantId is { } g ? await session.LoadAsync<Grant>(g, ct) : null;
        var others = parent is null ? 0m : await Regrants.RegrantedAsync(session, parent, grant.Id, ct);
        var under = await Regrants.RegrantedAsync(session, grant, null, ct);
        return new GrantUpdateContext(programme, recipient, parent, others, under);
    }
}
