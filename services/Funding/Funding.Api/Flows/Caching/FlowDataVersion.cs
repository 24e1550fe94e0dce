using System.Globalization;
using Marten;
using Npgsql;
using SocialTech.BuildingBlocks.Messaging;

namespace SocialTech.Funding.Flows.Caching;

/// <summary>
/// What a flow answer depends on, read in one cheap statement per request (docs/adr/0009-flow-answer-cache.md): an
/// answer cached under one version is never served under another.
/// </summary>
/// <param name="Value">The version as text: equal texts, equal data.</param>
/// <param name="Stable">False while another transaction of this database is writing: one that took an event sequence
/// number below the highest committed one may still commit, without changing that highest number. Nothing is cached,
/// and no ETag given, under an unstable version.</param>
public sealed record FlowDataVersion(string Value, bool Stable)
{
    /// <summary>
    /// One statement, each part an index or a tiny table:
    /// <list type="bullet">
    /// <item>the highest committed event sequence: grants, funders and programmes are event-sourced, and the flow rows
    /// are written inline with the events (GrantFlowProjection, same transaction);</item>
    /// <item>the count of rewrites (<see cref="FlowRewrites"/>: a rebuild's batches, the start-up fill), which write the
    /// flow rows without new events (an inline projection's rebuild leaves no progression row either);</item>
    /// <item>the async projections' progression, which the daemon writes without events (none today; its own
    /// high-water rows only follow events, and the outbox subscription writes no document an answer reads: both are
    /// left out, or every append would change the version a second time once published);</item>
    /// <item>the directory's latest change (names of funders and recipients in by-funder, concentration and the
    /// Sankey graph), written from the actors' contracts without an event here (indexed: FundingEventStore);</item>
    /// <item>whether another backend of this database holds a transaction id, i.e. is writing (unless what it writes is
    /// the daemon's progression: the high-water agent touches its rows every few polls, the outbox after each page, and
    /// neither writes anything an answer reads nor a part of the version that can move backwards; counting them made
    /// answers unstable at random, FlowAnswerSharingTests); or the event sequence has
    /// handed out a number not yet in the log while another transaction is appending: an append takes its number before
    /// its first write gives its transaction an id, so the first check alone has a window. A number left by a
    /// rolled-back append stays above the log's maximum for good, so "appending" is told from the statement: Marten's
    /// quick append function, or a rich append's <c>nextval</c>. Any open transaction would not do: the flow reads
    /// themselves run in one, and identical questions asked together then made each other's answers unstable
    /// (FlowAnswerSharingTests).</item>
    /// </list>
    /// </summary>
    public static string Sql(string schema) => $"""
        SELECT (SELECT coalesce(max(seq_id), 0) FROM {schema}.mt_events),
               (SELECT coalesce(string_agg(name || '@' || last_seq_id || '@' || coalesce(last_updated::text, ''), ',' ORDER BY name), '')
                  FROM {schema}.mt_event_progression
                  WHERE name NOT LIKE 'HighWater%' AND name NOT LIKE '{EventLogOutbox.SubscriptionName}%'),
               (SELECT coalesce(max(mt_last_modified)::text, '') FROM {schema}.mt_doc_directoryactor),
               (SELECT coalesce(max(generation), 0) FROM {schema}.{FlowRewrites.TableName}),
               EXISTS (SELECT 1 FROM pg_stat_activity
                       WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL
                         AND query !~* '^\s*(insert\s+into|update)\s+{schema}\.mt_event_progression\y')
               OR (coalesce(pg_sequence_last_value('{schema}.mt_events_sequence'), 0) > (SELECT coalesce(max(seq_id), 0) FROM {schema}.mt_events)
                   AND EXISTS (SELECT 1 FROM pg_stat_activity
                               WHERE datname = current_database() AND pid <> pg_backend_pid() AND xact_start IS NOT NULL
                                 AND (query ILIKE '%mt_quick_append_events%' OR query ILIKE '%nextval(%')))
        """;

    public static async Task<FlowDataVersion> ReadAsync(IQuerySession session, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(session);
        await using var connection = session.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(Sql(session.DocumentStore.Options.DatabaseSchemaName), connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var value = string.Join('|',
            reader.GetInt64(0).ToString(CultureInfo.InvariantCulture), reader.GetString(1), reader.GetString(2),
            reader.GetInt64(3).ToString(CultureInfo.InvariantCulture));
        return new FlowDataVersion(value, !reader.GetBoolean(4));
    }
}

