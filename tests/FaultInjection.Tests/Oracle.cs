using System.Diagnostics;
using System.Text.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SocialTech.Actors;
using SocialTech.Actors.Organisations;
using SocialTech.Actors.Organisations.GettingDetails;
using SocialTech.BuildingBlocks.EventStore;
using SocialTech.BuildingBlocks.Messaging;
using SocialTech.Testing;

namespace SocialTech.FaultInjection.Tests;

/// <summary>What the oracle found; every count but the first three must be zero.</summary>
public sealed record Verdict(
    int Acknowledged,
    int EventsChecked,
    int Streams,
    int LostAcknowledgedWrites,
    int LostEffects,
    int DuplicatedEffects,
    int VersionGaps,
    int StaleCopies,
    int ProjectionDifferences,
    IReadOnlyList<string> Examples)
{
    public bool Clean => LostAcknowledgedWrites + LostEffects + DuplicatedEffects + VersionGaps + StaleCopies + ProjectionDifferences == 0;
}

/// <summary>
/// The one oracle of every fault test, read from the databases once the platform has settled:
/// every acknowledged write is in the event log; every event has exactly one effect in the consumer (its
/// processed-message record, written in the effect's transaction, and no record for a message the log never held);
/// stream versions have no gaps; the consumer's copy of each actor is at the stream's last version; and Actors'
/// projections equal a rebuild from scratch.
/// </summary>
public static class Oracle
{
    private const string Consumer = "ActorDirectoryConsumer";

    public static async Task<Verdict> CheckAsync(FaultPlatform platform, IReadOnlyCollection<AcknowledgedWrite> acknowledged, TimeSpan settle)
    {
        // Unpooled: a pooled connection may be one a PostgreSQL restart has cut.
        var actors = platform.Servers.On(platform.ActorsDb, pooling: false);
        var funding = platform.Servers.On(platform.FundingDb, pooling: false);

        // Settled: the consumer has recorded as many messages as the log holds (or the time is up: the checks then say what is missing).
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < settle)
        {
            var events = await ScalarAsync(actors, "SELECT count(*) FROM actors.mt_events WHERE type <> 'tombstone'");
            var processed = await ScalarAsync(funding, $"SELECT count(*) FROM funding.mt_doc_processedmessage WHERE id LIKE '{Consumer}/%'");
            if (events > 0 && processed >= events)
            {
                break;
            }

            await Task.Delay(500);
        }

        // A late duplicate would come from a message still queued or being handled (a redelivery after a crash), or from
        // an event the outbox has still to publish (again, after a restart). Wait until the outbox has passed the log's
        // last event and, after that, every queue of the virtual host is empty with nothing unacknowledged: whatever it
        // published was confirmed into a queue, so every copy has been handled and acknowledged. Twice in a row, in
        // case a consumer's channel was closing and about to requeue (or the time is up: the checks then say what is
        // missing). The services stay up: with the load stopped nothing writes to Actors' projections while they are
        // rebuilt (its daemon runs only the outbox).
        for (var quiet = 0; quiet < 2 && clock.Elapsed < settle;)
        {
            quiet = await OutboxCaughtUpAsync(actors) && await QueuesDrainedAsync(platform) ? quiet + 1 : 0;
            if (quiet < 2)
            {
                await Task.Delay(500);
            }
        }

        // Marten fills the sequence numbers a failed append had reserved with tombstone events, on a stream of its own
        // (no type, version 0): the high-water mark then moves on without waiting. They are not the platform's events.
        var log = await RowsAsync(actors, "SELECT id, stream_id, version, data::text FROM actors.mt_events WHERE type <> 'tombstone'",
            r => (Id: r.GetGuid(0), Stream: r.GetGuid(1), Version: r.GetInt64(2), Data: r.GetString(3)));
        var streams = await RowsAsync(actors,
            "SELECT id, version FROM actors.mt_streams s WHERE s.version > 0 OR EXISTS (SELECT 1 FROM actors.mt_events e WHERE e.stream_id = s.id AND e.type <> 'tombstone')",
            r => (Id: r.GetGuid(0), Version: r.GetInt64(1)));
        var effects = await RowsAsync(funding, $"SELECT id FROM funding.mt_doc_processedmessage WHERE id LIKE '{Consumer}/%'", r => r.GetString(0));
        var copies = (await RowsAsync(funding, "SELECT id, data::text FROM funding.mt_doc_directoryactor", r => (Id: r.GetGuid(0), Data: r.GetString(1))))
            .ToDictionary(c => c.Id, c => Read(c.Data));
        var details = (await RowsAsync(actors, "SELECT id, data::text FROM actors.mt_doc_actordetails", r => (Id: r.GetGuid(0), Data: r.GetString(1))))
            .ToDictionary(d => d.Id, d => Read(d.Data));

        var byVersion = log.ToDictionary(e => (e.Stream, e.Version), e => e.Data);
        var lostWrites = acknowledged.Count(w => !byVersion.TryGetValue((w.ActorId, w.Version), out var data) || !data.Contains(w.Name, StringComparison.Ordinal));

        var expectedEffects = log.Select(e => $"{Consumer}/{e.Id:N}").ToHashSet();
        var lostEffects = expectedEffects.Count(id => !effects.Contains(id));
        var duplicatedEffects = effects.Count - effects.Count(expectedEffects.Contains);

        var gaps = log.GroupBy(e => e.Stream).Count(s => !s.Select(e => e.Version).Order().SequenceEqual(Enumerable.Range(1, s.Count()).Select(v => (long)v)))
            + streams.Count(s => log.Count(e => e.Stream == s.Id) != s.Version);

        var stale = streams.Where(s =>
            !copies.TryGetValue(s.Id, out var copy) || !details.TryGetValue(s.Id, out var detail)
            || copy.SourceVersion != s.Version || copy.Name != detail.Name).ToList();

        // A few of each kind, for the failure's message.
        var examples = acknowledged.Where(w => !byVersion.TryGetValue((w.ActorId, w.Version), out var data) || !data.Contains(w.Name, StringComparison.Ordinal))
            .Take(3).Select(w => $"acknowledged write not in the log: {w}")
            .Concat(expectedEffects.Where(id => !effects.Contains(id)).Take(3).Select(id => $"no effect for {id}"))
            .Concat(effects.Where(id => !expectedEffects.Contains(id)).Take(3).Select(id => $"effect of a message the log never held: {id}"))
            .Concat(stale.Take(3).Select(s => $"actor {s.Id} at version {s.Version} ({details.GetValueOrDefault(s.Id)}): copy {(copies.TryGetValue(s.Id, out var c) ? c.ToString() : "missing")}, " +
                $"versions in the log {string.Join(',', log.Where(e => e.Stream == s.Id).Select(e => e.Version).Order())}"))
            .ToList();

        return new Verdict(acknowledged.Count, log.Count, streams.Count, lostWrites, lostEffects, duplicatedEffects, gaps, stale.Count,
            await RebuildDifferencesAsync(platform), examples);
    }

    /// <summary>
    /// Replays every stream into Actors' projections with Marten's daemon, in a host of Actors' own code on its
    /// database (no daemon of its own, so that nothing else writes meanwhile), and counts the documents that differ.
    /// </summary>
    private static async Task<int> RebuildDifferencesAsync(FaultPlatform platform)
    {
        var actors = platform.Servers.On(platform.ActorsDb, pooling: false);
        const string Tables = "SELECT 'details:' || id || data::text FROM actors.mt_doc_actordetails UNION ALL SELECT 'state:' || id || data::text FROM actors.mt_doc_organisation";
        var asWritten = (await RowsAsync(actors, Tables, r => r.GetString(0))).ToHashSet();

        await using var host = new ServiceHost<ActorsApiEntryPoint>(ActorsEventStore.ConnectionName, actors, platform.Amqp,
            settings: new Dictionary<string, string?> { [EventStoreExtensions.DaemonModeKey] = "Disabled" });
        var store = host.Services.GetRequiredService<IDocumentStore>();
        using (var daemon = await store.BuildProjectionDaemonAsync())
        {
            await daemon.RebuildProjectionAsync<OrganisationProjection>(TimeSpan.FromMinutes(2), CancellationToken.None);
            await daemon.RebuildProjectionAsync<ActorDetailsProjection>(TimeSpan.FromMinutes(2), CancellationToken.None);
        }

        var rebuilt = (await RowsAsync(actors, Tables, r => r.GetString(0))).ToHashSet();
        return asWritten.Except(rebuilt).Count() + rebuilt.Except(asWritten).Count();
    }

    private static async Task<bool> OutboxCaughtUpAsync(string actors)
    {
        var last = await ScalarAsync(actors, "SELECT coalesce(max(seq_id), 0) FROM actors.mt_events WHERE type <> 'tombstone'");
        var published = await ScalarAsync(actors,
            $"SELECT coalesce(max(last_seq_id), 0) FROM actors.mt_event_progression WHERE name LIKE '{EventLogOutbox.SubscriptionName}%'");
        return published >= last;
    }

    /// <summary>Error queues excepted: nothing consumes them.</summary>
    private static async Task<bool> QueuesDrainedAsync(FaultPlatform platform) =>
        (await platform.Servers.QueuesAsync(platform.VirtualHost))
            .Where(q => !q.Queue.EndsWith("_error", StringComparison.Ordinal) && !q.Queue.EndsWith("_skipped", StringComparison.Ordinal))
            .All(q => q.Ready == 0 && q.Unacknowledged == 0);

    private static (string Name, long SourceVersion) Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        string? name = null;
        long version = 0;
        foreach (var property in document.RootElement.EnumerateObject())
        {
            if (property.NameEquals("name") || property.NameEquals("Name"))
            {
                name = property.Value.GetString();
            }
            else if (property.NameEquals("sourceVersion") || property.NameEquals("SourceVersion"))
            {
                version = property.Value.GetInt64();
            }
        }

        return (name ?? "", version);
    }

    private static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return 0;
        }
        catch (NpgsqlException ex) when (ex.IsTransient)
        {
            return -1;  // still recovering: ask again
        }
    }

    /// <summary>The rows of one query, on a connection of its own.</summary>
    internal static async Task<List<T>> RowsAsync<T>(string connectionString, string sql, Func<NpgsqlDataReader, T> read)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}
