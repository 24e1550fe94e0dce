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
/// <param name="Stable">False while another transaction of this database is writing or appending: one that took an
/// event sequence number below the highest committed one may still commit, without changing that highest number.
/// Nothing is cached, and no ETag given, under an unstable version.</param>
public sealed record FlowDataVersion(string Value, bool Stable)
{
    /// <summary>
    /// One statement, each part an index or a tiny table:
    /// <list type="bullet">
    /// <item>the highest committed event sequence: grants, funders and programmes are event-sourced, and the flow rows
    /// are written inline with the events (GrantFlowProjection, same transaction);</item>
    /// <item>the count of rewrites (<see cref="FlowRewrites"/>: a rebuild's batches, the start-up fill), which write the
    /// flow rows without new events (an inline projection's rebuild leaves no progression row either);</item>
    /// <item>the async projections' progression, which the daemon writes without events (a rebuild's shard, say;
    /// its own high-water rows only follow events, and the outbox subscription writes no document an answer reads:
    /// both are left out, or every append would change the version a second time once published);</item>
    /// <item>the directory's latest change (names of funders and recipients in by-funder, concentration and the
    /// Sankey graph), written from the actors' contracts without an event here (indexed: FundingEventStore);</item>
    /// <item>whether another backend of this database is writing, i.e. holds a transaction id, or is appending: an
    /// append takes its sequence number before its first write gives its transaction an id, so its statement tells
    /// (Marten's quick append function, or a rich append's <c>nextval</c>). Two kinds are left out, because they made
    /// answers unstable at random without any risk to them (FlowAnswerSharingTests):
    /// <list type="bullet">
    /// <item>a writer whose current statement writes the daemon's progression: the high-water agent touches its rows
    /// every few polls, the outbox after each page. What such a transaction may have written before (a rebuild batch's
    /// flow rows) becomes visible together with a part of the version (its progression, <c>flow_rewrites</c>): an answer
    /// read before its commit is consistent with the version read before it. The one danger is a part that cannot tell
    /// a late commit (the sequence's maximum, the directory's latest change), which only appends and directory writes
    /// move, and those keep their own statements while they hold a transaction;</item>
    /// <item>any other open transaction: the flow reads themselves run in one (and their statement, this one, names
    /// the patterns above: it is left out by name).</item>
    /// </list></item>
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
                       WHERE datname = current_database() AND pid <> pg_backend_pid() AND query NOT ILIKE '%pg_stat_activity%'
                         AND ((backend_xid IS NOT NULL AND query !~* '^\s*(insert\s+into|update)\s+{schema}\.mt_event_progression\y')
                              OR (xact_start IS NOT NULL AND (query ILIKE '%mt_quick_append_events%' OR query ILIKE '%nextval(%'))))
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

