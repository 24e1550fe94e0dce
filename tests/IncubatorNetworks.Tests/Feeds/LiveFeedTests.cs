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
