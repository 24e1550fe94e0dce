using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using SocialTech.BuildingBlocks.Http;
using SocialTech.IncubatorNetworks.Feeds.Activity;
using SocialTech.IncubatorNetworks.Territories;

namespace SocialTech.IncubatorNetworks.Feeds.Live;

/// <summary>
/// <c>GET /api/networks/feeds/live</c>: new activity as server-sent events (<c>event: activity</c>, <c>id:</c> the
/// publication, <c>data:</c> a feed entry as JSON), filtered like the feed, with the same territorial roll-up.
/// </summary>
public static class LiveFeed
{
    /// <summary>A comment line this often keeps proxies from closing a quiet stream.</summary>
    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);

    public static async Task Handle(
        HttpContext context, LiveActivity live, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, CancellationToken ct,
        string? territory = null, string? network = null)
    {
        var key = TerritoryKeys.Parse(territory);
        Guid networkId = default;
        new Validation()
            .Check(territory is null || key is not null, "territory", $"'{territory}' is not a territory key; {TerritoryKeys.FilterHelp}")
            .Check(network is null || Guid.TryParse(network, out networkId), "network", "must be a network id (a GUID).")
            .ThrowIfInvalid();

        using var subscription = live.Subscribe();
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        // Headers and a first comment go out at once: the client knows it is subscribed before anything happens.
        await response.WriteAsync("retry: 2000\n: subscribed\n\n", ct);
        await response.Body.FlushAsync(ct);

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
                    if ((key is null || entry.TerritoryKeys.Contains(key)) && (network is null || entry.NetworkId == networkId))
                    {
                        var data = JsonSerializer.Serialize(entry, json.Value.SerializerOptions);
                        await response.WriteAsync($"event: activity\nid: {entry.NetworkId:N}/{entry.EventId}\ndata: {data}\n\n", ct);
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
}
