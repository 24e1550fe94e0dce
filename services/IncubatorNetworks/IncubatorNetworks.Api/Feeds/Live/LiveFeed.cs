using System.Text.Json;
using Marten;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using SocialTech.BuildingBlocks.Http;
using SocialTech.IncubatorNetworks.Activity.Publishing;
using SocialTech.IncubatorNetworks.Feeds.Activity;
using SocialTech.IncubatorNetworks.Territories;

namespace SocialTech.IncubatorNetworks.Feeds.Live;

/// <summary>
/// <c>GET /api/networks/feeds/live</c>: new activity as server-sent events (<c>event: activity</c>, <c>id:</c> the
/// publication, <c>data:</c> a feed entry as JSON), filtered like the feed, with the same territorial roll-up. A client
/// reconnecting with <c>Last-Event-ID</c> (as a browser's EventSource does by itself) first gets what was published
/// after that entry, then the new activity.
/// </summary>
public static class LiveFeed
{
    /// <summary>A comment line this often keeps proxies from closing a quiet stream.</summary>
    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);

    /// <summary>Missed entries are read back this many at a time, oldest first, so that a long absence costs no memory.</summary>
    public const int ReplayBatch = 500;

    public static async Task Handle(
        HttpContext context, LiveActivity live, IQuerySession session, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, CancellationToken ct,
        string? territory = null, string? network = null)
    {
        var key = TerritoryKeys.Parse(territory);
        Guid networkId = default;
        new Validation()
            .Check(territory is null || key is not null, "territory", $"'{territory}' is not a territory key; {TerritoryKeys.FilterHelp}")
            .Check(network is null || Guid.TryParse(network, out networkId), "network", "must be a network id (a GUID).")
            .ThrowIfInvalid();

        bool Wanted(IReadOnlyList<string> keys, Guid entryNetwork) =>
            (key is null || keys.Contains(key)) && (network is null || entryNetwork == networkId);

        // Subscribed before the replay is read: what is published meanwhile waits in the subscription, not lost
        // between the two; what both carry is sent once.
        using var subscription = live.Subscribe();
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        // Headers and a first comment go out at once: the client knows it is subscribed before anything happens.
        await response.WriteAsync("retry: 2000\n: subscribed\n\n", ct);
        await response.Body.FlushAsync(ct);

        var replayed = new HashSet<string>(StringComparer.Ordinal);
        if (context.Request.Headers["Last-Event-ID"].ToString() is { Length: > 0 } lastEventId)
        {
            await ReplayAfterAsync(lastEventId, Wanted, replayed, session, response, json.Value.SerializerOptions, ct);
        }

        using var heartbeat = new PeriodicTimer(Heartbeat);
        var tick = heartbeat.WaitForNextTickAsync(ct).AsTask();
        var next = subscription.Entries.WaitToReadAsync(ct).AsTask();
        try
        {
            while (true)
            {
                if (await Task.WhenAny(next, tick) == tick)
                {
                    await response.WriteAsync(": heartbeat\n\n", ct);
                    await response.Body.FlushAsync(ct);
                    tick = heartbeat.WaitForNextTickAsync(ct).AsTask();
                    continue;
                }

                if (!await next)
                {
                    return;
                }

                while (subscription.Entries.TryRead(out var entry))
                {
                    if (Wanted(entry.TerritoryKeys, entry.NetworkId) && !replayed.Contains(Publication.IdOf(entry.NetworkId, entry.EventId)))
                    {
                        await WriteAsync(response, entry, json.Value.SerializerOptions, ct);
                    }
                }

                await response.Body.FlushAsync(ct);
                next = subscription.Entries.WaitToReadAsync(ct).AsTask();
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client went away.
        }
    }

    /// <summary>
    /// Sends the entries published after <paramref name="lastEventId"/>, oldest first (by publication instant). An id the feed does not know (a typo, a purged database) replays nothing: a 400
    /// would end a browser's EventSource for good, and the feed is there to read the past.
    /// </summary>
    /// <remarks>
    /// The order is the publication's instant, as taken by the replica that published it: two replicas' clocks a few
    /// milliseconds apart can order two near-simultaneous publications otherwise than their commits, which the live
    /// stream follows. Such an entry is replayed or not by its instant; the feed has it either way.
    /// </remarks>
    private static async Task ReplayAfterAsync(
        string lastEventId, Func<IReadOnlyList<string>, Guid, bool> wanted, HashSet<string> replayed, IQuerySession session, HttpResponse response,
        JsonSerializerOptions json, CancellationToken ct)
    {
        if (await session.LoadAsync<Publication>(lastEventId, ct) is not { } last)
        {
            await response.WriteAsync(": Last-Event-ID unknown, nothing replayed\n\n", ct);
            await response.Body.FlushAsync(ct);
            return;
        }

        // Batches by instant: each starts at the last instant of the one before, whose entries already sent are
        // skipped. Entries of the very instant of the last one the client saw are sent again but for that one: the live
        // stream's order among them is unknown (at-least-once, as every delivery here). A batch that makes no progress
        // in time (more than a batch published in one microsecond) moves past that instant rather than loop.
        var from = last.PublishedAt;
        while (true)
        {
            var start = from;
            var batch = await session.Query<Publication>()
                .Where(p => p.Changed && p.PublishedAt >= start)
                .OrderBy(p => p.PublishedAt).ThenBy(p => p.Id)
                .Take(ReplayBatch)
                .ToListAsync(ct);
            foreach (var publication in batch.Where(p => p.Id != last.Id && !replayed.Contains(p.Id) && wanted(p.TerritoryKeys, p.NetworkId)))
            {
                await WriteAsync(response, FeedEntry.Of(publication), json, ct);
                replayed.Add(publication.Id);
            }

            await response.Body.FlushAsync(ct);
            if (batch.Count < ReplayBatch)
            {
                return;
            }

            from = batch[^1].PublishedAt > from ? batch[^1].PublishedAt : from.AddTicks(10);
        }
    }

    private static Task WriteAsync(HttpResponse response, FeedEntry entry, JsonSerializerOptions json, CancellationToken ct) =>
        response.WriteAsync($"event: activity\nid: {Publication.IdOf(entry.NetworkId, entry.EventId)}\ndata: {JsonSerializer.Serialize(entry, json)}\n\n", ct);
}
