using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SocialTech.Testing;
using Xunit.Abstractions;

namespace SocialTech.IncubatorNetworks.Tests.Feeds;

/// <summary>
/// The live stream across two replicas on one database: a client connected to one receives what is published
/// through the other, filtered by territory with the roll-up, driven by PostgreSQL's notifications.
/// </summary>
public sealed class LiveFeedTests(NetworksService networks, ITestOutputHelper output) : IClassFixture<NetworksService>
{
    [Fact]
    public async Task AClientOfAnotherReplica_ReceivesNewActivity_InItsRegionOnly()
    {
        var head = await networks.SeedActorAsync("Ronalpia (association)", kind: "network-head");
        using var founded = await networks.Client.PostAsJsonAsync("/api/networks", new { name = "Ronalpia", headActorId = head });
        var id = (await founded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        using var programme = await networks.Client.PostAsJsonAsync($"/api/networks/{id}/programmes",
            new { eventId = "p-1", programmeRef = "INC-2026", name = "Incubation 2026", kind = "incubation", launchedOn = "2026-01-05" });
        programme.EnsureSuccessStatusCode();

        // A second replica on the same database and virtual host, API only, as deploy/k8s runs them.
        var configuration = networks.Host.Services.GetRequiredService<IConfiguration>();
        await using var replica = new ServiceHost<IncubatorNetworksApiEntryPoint>(
            IncubatorNetworksEventStore.ConnectionName, configuration.GetConnectionString(IncubatorNetworksEventStore.ConnectionName)!, networks.Amqp,
            settings: new Dictionary<string, string?> { ["EventStore:Daemon"] = "Disabled" });
        using var client = replica.CreateClient();
        client.Timeout = Timeout.InfiniteTimeSpan;

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/networks/feeds/live?territory=region:84"),
            HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        using var stream = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        while (await stream.ReadLineAsync(timeout.Token) is { } line && line != ": subscribed")
        {
        }

        // Nouvelle-Aquitaine first (filtered out), then Lyon, Auvergne-Rhône-Alpes (84): only the second comes.
        await AdmitAsync("v-1", "V-24", "Épicerie de Ribérac", "24352");
        var published = Stopwatch.StartNew();
        await AdmitAsync("v-2", "V-69", "Recyclerie du Rhône", "69123");
        var posted = published.Elapsed;

        var entry = await NextActivityAsync(stream, timeout.Token);
        var received = published.Elapsed;

        Assert.Equal("v-2", entry.GetProperty("eventId").GetString());
        Assert.Equal(id, entry.GetProperty("networkId").GetGuid());
        Assert.Equal("venture-admitted", entry.GetProperty("kind").GetString());
        Assert.Equal($"/api/networks/{id}/ventures/V-69", entry.GetProperty("subject").GetString());
        Assert.Contains("region:84", entry.GetProperty("territoryKeys").EnumerateArray().Select(k => k.GetString()));
        output.WriteLine($"live stream: POST answered after {posted.TotalMilliseconds:F0} ms, the other replica's client had the entry after {received.TotalMilliseconds:F0} ms");

        async Task AdmitAsync(string eventId, string ventureRef, string name, string communeCode)
        {
            using var admitted = await networks.Client.PostAsJsonAsync($"/api/networks/{id}/ventures",
                new { eventId, ventureRef, name, programmeRef = "INC-2026", phase = "creation", communeCode, admittedOn = "2026-01-12" });
            admitted.EnsureSuccessStatusCode();
        }
    }

    [Fact]
    public async Task AClientReconnectingWithLastEventId_GetsWhatWasPublishedAfterIt_InOrder_ThenTheNewActivity()
    {
        var head = await networks.SeedActorAsync("Périgord Initiatives (association)", kind: "network-head");
        using var founded = await networks.Client.PostAsJsonAsync("/api/networks", new { name = "Périgord Initiatives", headActorId = head });
        var id = (await founded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await PublishAsync(id, "programmes", new { eventId = "p-1", programmeRef = "INC-2026", name = "Incubation 2026", kind = "incubation", launchedOn = "2026-01-05" });
        // What the client saw before it lost its connection, then what it missed: two in Dordogne, one in Lyon.
        await AdmitAsync(id, "seen", "V-1", "24352");
        await AdmitAsync(id, "missed-1", "V-2", "24322");
        await AdmitAsync(id, "missed-lyon", "V-3", "69123");
        await AdmitAsync(id, "missed-2", "V-4", "24352");

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var (dordogne, dordogneStream) = await ConnectAsync($"/api/networks/feeds/live?territory=departement:24&network={id}", $"{id:N}/seen", timeout.Token);
        var (everywhere, everywhereStream) = await ConnectAsync($"/api/networks/feeds/live?network={id}", $"{id:N}/seen", timeout.Token);
        using (dordogne)
        using (everywhere)
        {
            // Replayed, oldest first, with the ids a next reconnection would send; the filter holds for the replay too.
            Assert.Equal([($"{id:N}/missed-1", "missed-1"), ($"{id:N}/missed-2", "missed-2")],
                [await NextAsync(dordogneStream, timeout.Token), await NextAsync(dordogneStream, timeout.Token)]);
            Assert.Equal(["missed-1", "missed-lyon", "missed-2"],
                [(await NextAsync(everywhereStream, timeout.Token)).EventId, (await NextAsync(everywhereStream, timeout.Token)).EventId, (await NextAsync(everywhereStream, timeout.Token)).EventId]);

            // Then the live stream: the next one comes once, after the replay.
            await AdmitAsync(id, "new", "V-5", "24352");
            Assert.Equal("new", (await NextAsync(dordogneStream, timeout.Token)).EventId);
            Assert.Equal("new", (await NextAsync(everywhereStream, timeout.Token)).EventId);
        }

        // An id the feed does not know replays nothing (a 400 would end a browser's EventSource for good): live only.
        var (unknown, unknownStream) = await ConnectAsync($"/api/networks/feeds/live?network={id}", $"{id:N}/never-published", timeout.Token);
        using (unknown)
        {
            await AdmitAsync(id, "after-unknown", "V-6", "24352");
            Assert.Equal("after-unknown", (await NextAsync(unknownStream, timeout.Token)).EventId);
        }
    }

    private async Task<(HttpResponseMessage Response, StreamReader Stream)> ConnectAsync(string uri, string lastEventId, CancellationToken ct)
    {
        var client = networks.Host.CreateClient();
        client.Timeout = Timeout.InfiniteTimeSpan;
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Add("Last-Event-ID", lastEventId);
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        return (response, new StreamReader(await response.Content.ReadAsStreamAsync(ct)));
    }

    /// <summary>The next activity's SSE id and eventId.</summary>
    private static async Task<(string Id, string EventId)> NextAsync(StreamReader stream, CancellationToken ct)
    {
        string? id = null;
        while (await stream.ReadLineAsync(ct) is { } line)
        {
            if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                id = line["id: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                return (id!, JsonDocument.Parse(line["data: ".Length..]).RootElement.GetProperty("eventId").GetString()!);
            }
        }

        throw new InvalidOperationException("The live stream ended before an activity came.");
    }

    private async Task AdmitAsync(Guid network, string eventId, string ventureRef, string communeCode) =>
        await PublishAsync(network, "ventures", new { eventId, ventureRef, name = $"Projet {ventureRef}", programmeRef = "INC-2026", phase = "idea", communeCode, admittedOn = "2026-01-12" });

    private async Task PublishAsync(Guid network, string route, object body)
    {
        using var response = await networks.Client.PostAsJsonAsync($"/api/networks/{network}/{route}", body);
        Assert.True(response.IsSuccessStatusCode, $"{route}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task<JsonElement> NextActivityAsync(StreamReader stream, CancellationToken ct)
    {
        string? type = null;
        while (await stream.ReadLineAsync(ct) is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                type = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal) && type == "activity")
            {
                return JsonDocument.Parse(line["data: ".Length..]).RootElement.Clone();
            }
        }

        throw new InvalidOperationException("The live stream ended before an activity came.");
    }
}
