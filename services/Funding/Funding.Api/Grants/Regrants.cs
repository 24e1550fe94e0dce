using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Http;
using SocialTech.BuildingBlocks.Http;

namespace SocialTech.Funding.Grants;

/// <summary>
/// Appended to a parent grant's stream whenever one of its regrants is awarded or raised: what the intermediary now
/// regrants to <paramref name="ChildGrantId"/> out of it. Its purpose is concurrency (see <see cref="Regrants"/>); it
/// changes no figure of the parent, and flows and contracts ignore it (<see cref="Grant.RecordedAt"/> is null for it).
/// </summary>
public sealed record GrantRegranted(Guid GrantId, Guid ChildGrantId, decimal Part, DateTimeOffset At);

/// <summary>
/// The regrant ceiling: what an intermediary regrants out of a grant (its part in each awarded child grant) never
/// exceeds that grant's amount.
/// </summary>
/// <remarks>
/// Concurrency: the children's sum is read from the grants' documents, then every write that adds to it appends a
/// <see cref="GrantRegranted"/> to the parent's stream at the parent's version it read. Two regrants racing under one
/// parent both read version N; the first commits N+1, the second's append fails Marten's version check at commit,
/// and <see cref="RetryAsync{T}"/> runs it again from the start: it now reads the first child and fits or is refused.
/// An amendment of the parent itself takes the parent's stream at its own version, so a child committed meanwhile
/// makes that amendment stale (412) instead of letting it go below the children's sum unseen.
/// </remarks>
public static class Regrants
{
    /// <summary>How many times a write that lost a race on a parent grant is run again before it answers 412.</summary>
    public const int Attempts = 5;

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

    /// <summary>Appends <see cref="GrantRegranted"/> to the parent's stream at the version <paramref name="parent"/> was read at: the commit fails if another write came first.</summary>
    public static async Task GuardAsync(IDocumentSession session, Grant parent, Guid childId, decimal part, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(parent);
        var stream = await session.Events.FetchForWriting<Grant>(parent.Id, parent.Version, ct);
        stream.AppendOne(new GrantRegranted(parent.Id, childId, part, now));
    }

    /// <summary>Runs a write again, from its reads, when it lost a race on a stream at commit (see the remarks above).</summary>
    public static async Task<T> RetryAsync<T>(IDocumentSession session, Func<Task<T>> write)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(write);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await write();
            }
            catch (Exception e) when (attempt < Attempts && e is JasperFx.ConcurrencyException or EventStreamUnexpectedMaxEventIdException)
            {
                // The unit of work failed as a whole: nothing of it was committed, and nothing of it must be sent again.
                session.EjectAllPendingChanges();
            }
        }
    }

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
