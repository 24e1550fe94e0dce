using JasperFx.Events;
using Marten;
using Marten.Events.Projections;
using SocialTech.Funding.Grants;
using SocialTech.Funding.Programmes;
using SocialTech.Funding.Territories;

namespace SocialTech.Funding.Flows;

/// <summary>
/// Writes the <see cref="GrantFlowRow"/>s with their history (docs/adr/0006-flows-as-known-on.md): one version of a
/// grant's rows per instant its events were recorded at, each closed when the next opens; and the same rows as plain
/// columns in <see cref="FlowAmounts"/>, which the flow queries sum in SQL.
/// </summary>
/// <remarks>
/// A projection of its own, not a side effect of <c>GrantProjection</c>: Marten's daemon runs no side effects when it
/// rebuilds, and a rebuild must give back every version. The same code sees one append inline and a whole stream (or a
/// daemon page of it) when replayed, so versions are cut by the events' own recording time, never by how the events
/// arrive: two appends recorded at the same instant make one version either way. A stream seen from its first event
/// starts from nothing, which makes a rebuild over existing rows give the same rows as one from an empty table.
/// </remarks>
public sealed class GrantFlowProjection(IFundingTerritories territories) : IProjection
{
    public const string Name = "GrantFlowRows";

    public async Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(operations);
        ArgumentNullException.ThrowIfNull(events);
        var streams = events.Where(e => Grant.RecordedAt(e.Data) is not null).GroupBy(e => e.StreamId)
            .Select(s => (Id: s.Key, Events: s.OrderBy(e => e.Version).ToArray())).ToArray();

        // Streams seen from their first event start from nothing: one statement for all of them, not one each (an
        // SCDL import starts hundreds of grant streams in one transaction). Queued before the rows stored below.
        var started = streams.Where(s => s.Events[0].Version == 1).Select(s => s.Id).ToArray();
        if (started.Length > 0)
        {
            operations.DeleteWhere<GrantFlowRow>(r => started.Contains(r.GrantId));
            FlowAmounts.QueueDeleteGrants(operations, started);
        }

        foreach (var (id, stream) in streams)
        {
            await ApplyStreamAsync(operations, id, stream, cancellation);
        }

        // Inline, this runs in the appending session; only the daemon, i.e. a rebuild, hands it its projection session
        // (an internal type, known by name; FlowAnswerCacheTests fails if that changes): rows rewritten without new
        // events must still move the answer cache's data version (ADR 0009).
        if (streams.Length > 0 && operations.GetType().Name == "ProjectionDocumentSession")
        {
            FlowRewrites.QueueBump(operations);
        }
    }

    private async Task ApplyStreamAsync(IDocumentOperations operations, Guid grantId, IEvent[] events, CancellationToken ct)
    {
        Grant? grant = null;
        IReadOnlyList<GrantFlowRow> known = [];
        if (events[0].Version > 1)
        {
            // The grant as it stood before these events: what is committed of its stream up to them.
            var before = await operations.Events.FetchStreamAsync(grantId, events[0].Version - 1, token: ct);
            grant = before.Aggregate(grant, Fold);
            known = await operations.Query<GrantFlowRow>().Where(r => r.GrantId == grantId && r.KnownUntil == null).ToListAsync(ct);
        }

        // Themes as the programme has them now: a grant records its programme, not the programme's wording.
        IReadOnlyList<string>? themes = null;
        foreach (var instant in Instants(events))
        {
            grant = instant.Events.Aggregate(grant, Fold);
            if (grant is not { DecisionDate: not null })
            {
                continue;
            }

            // Rows opened at this very instant were never known at any instant (KnownFrom = KnownUntil): the
            // new version replaces them, as a replay of both appends in one slice would.
            foreach (var unseen in known.Where(r => r.KnownFrom == instant.At))
            {
                operations.Delete<GrantFlowRow>(unseen.Id);
                FlowAmounts.QueueDelete(operations, unseen.Id);
            }

            var closed = known.Where(r => r.KnownFrom != instant.At).Select(r => r with { KnownUntil = instant.At }).ToArray();
            if (closed.Length > 0)
            {
                operations.Store(closed);
            }

            themes ??= grant.Terms.ProgrammeId is { } programmeId && await operations.LoadAsync<Programme>(programmeId, ct) is { } programme
                ? programme.Terms.Themes
                : [];
            known = GrantFlowRow.Of(grant, themes, territories, instant.At);
            operations.Store(known.ToArray());
            FlowAmounts.QueueUpsert(operations, [.. closed, .. known]);
        }
    }

    private static Grant? Fold(Grant? grant, IEvent e) => Grant.Fold(grant, e.Data) is { } next ? next with { Version = e.Version } : grant;

    /// <summary>Consecutive events recorded at the same instant (one append's, or several appends' at one clock tick).</summary>
    private static IEnumerable<(DateTimeOffset At, List<IEvent> Events)> Instants(IEvent[] events)
    {
        (DateTimeOffset At, List<IEvent> Events)? current = null;
        foreach (var e in events)
        {
            var at = Grant.RecordedAt(e.Data)!.Value;
            if (current is { } c && c.At == at)
            {
                c.Events.Add(e);
                continue;
            }

            if (current is { } done)
            {
                yield return done;
            }

            current = (at, [e]);
        }

        if (current is { } last)
        {
            yield return last;
        }
    }
}
