using System.Collections.Concurrent;
using System.Threading.Channels;
using Marten;
using Marten.Services;
using Npgsql;
using SocialTech.IncubatorNetworks.Activity.Publishing;
using SocialTech.IncubatorNetworks.Feeds.Activity;

namespace SocialTech.IncubatorNetworks.Feeds.Live;

/// <summary>
/// Fans new activity out to this replica's live-stream clients. Whichever replica commits a publication, PostgreSQL
/// notifies every replica listening on <see cref="Channel"/> (the notification is sent on commit, with the
/// publication's id), so a client connected to any replica sees every network's activity.
/// </summary>
/// <remarks>
/// LISTEN/NOTIFY rather than polling: no delay to tune and no query while nothing happens. A notification sent while
/// this replica's listening connection is down is not replayed: the live stream is a convenience over the feed,
/// which stays the record (a client that reconnects reads <c>/api/networks/feed</c> for what it missed).
/// </remarks>
public sealed class LiveActivity(IConfiguration configuration, IDocumentStore store, ILogger<LiveActivity> logger) : BackgroundService
{
    public const string Channel = "networks_activity";

    private readonly ConcurrentDictionary<Guid, Channel<FeedEntry>> subscribers = new();

    /// <summary>Sends the notification once the publication's transaction has committed, so that it goes out only if it did.</summary>
    /// <remarks>
    /// Not a NOTIFY inside the publication's transaction: PostgreSQL takes one database-wide lock for any transaction
    /// that notifies, from just before its commit until the commit is flushed, so every publication's commit (and its
    /// WAL flush) ran one after the other; ./bench.sh append measured the commits queueing on it (docs/performance.md).
    /// After the commit, in a transaction of its own that does not wait for its WAL flush (a notification is not a
    /// record: the feed is), the lock is held for microseconds. A process that dies between the two sends nothing,
    /// as a replica that is not listening receives nothing: a client reconnects and reads the feed.
    /// NOTIFY takes no parameters, so the id is a literal: a network id and an eventId (letters, digits, <c>._:-</c>),
    /// quotes doubled all the same.
    /// </remarks>
    public static void Notify(IDocumentSession session, Publication publication) =>
        session.Listeners.Add(new NotifyAfterCommit(publication.Id));

    /// <summary>A client's own queue of new entries; disposing the subscription removes it.</summary>
    public Subscription Subscribe()
    {
        // A client that reads too slowly loses its oldest entries rather than holding memory for everyone.
        var channel = System.Threading.Channels.Channel.CreateBounded<FeedEntry>(
            new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        var id = Guid.NewGuid();
        subscribers[id] = channel;
        return new Subscription(channel.Reader, () => subscribers.TryRemove(id, out _));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var connectionString = new NpgsqlConnectionStringBuilder(
            configuration.GetConnectionString(IncubatorNetworksEventStore.ConnectionName)
            ?? throw new InvalidOperationException($"ConnectionStrings:{IncubatorNetworksEventStore.ConnectionName} is not set."))
        {
            // A dead connection is noticed within a minute and replaced, instead of waiting silently forever.
            KeepAlive = 30,
            Pooling = false,
        }.ConnectionString;

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(connectionString, stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "The live activity stream lost its database connection; listening again in 1 s");
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task ListenAsync(string connectionString, CancellationToken ct)
    {
        var ids = System.Threading.Channels.Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        connection.Notification += (_, e) => ids.Writer.TryWrite(e.Payload);
        await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
        {
            await listen.ExecuteNonQueryAsync(ct);
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var broadcasting = BroadcastAsync(ids.Reader, stop.Token);
        try
        {
            while (true)
            {
                await connection.WaitAsync(ct);
            }
        }
        finally
        {
            ids.Writer.TryComplete();
            await stop.CancelAsync();
            await broadcasting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task BroadcastAsync(ChannelReader<string> ids, CancellationToken ct)
    {
        await foreach (var id in ids.ReadAllAsync(ct))
        {
            if (subscribers.IsEmpty)
            {
                continue;
            }

            await using var session = store.QuerySession();
            if (await session.LoadAsync<Publication>(id, ct) is not { Changed: true } publication)
            {
                continue;
            }

            var entry = FeedEntry.Of(publication);
            foreach (var subscriber in subscribers.Values)
            {
                subscriber.Writer.TryWrite(entry);
            }
        }
    }

    private sealed class NotifyAfterCommit(string publicationId) : DocumentSessionListenerBase
    {
        public override async Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
        {
            try
            {
                await using var connection = session.Database.CreateConnection();
                await connection.OpenAsync(token);
                await using var notify = new NpgsqlCommand(
                    $"BEGIN; SET LOCAL synchronous_commit TO off; NOTIFY {Channel}, '{publicationId.Replace("'", "''", StringComparison.Ordinal)}'; COMMIT",
                    connection);
                await notify.ExecuteNonQueryAsync(token);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                // The publication is committed: failing its request now would make the client retry what succeeded.
                // A missed notification is what a replica that was not listening gets too (see Notify).
            }
        }
    }

    public sealed class Subscription(ChannelReader<FeedEntry> entries, Action unsubscribe) : IDisposable
    {
        public ChannelReader<FeedEntry> Entries { get; } = entries;

        public void Dispose() => unsubscribe();
    }
}
