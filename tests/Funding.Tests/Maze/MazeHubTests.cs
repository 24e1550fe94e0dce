using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marten;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using SocialTech.Actors.Contracts;
using SocialTech.Funding.Hubs;
using SocialTech.Funding.Relays;
using SocialTech.IncubatorNetworks.Contracts;
using SocialTech.Testing;

namespace SocialTech.Funding.Tests.Maze;

/// <summary>
/// Network hubs as relay points in the maze, worked out by hand: Ribérac (24352) and Allemans (24007) are both in the CC
/// du Périgord Ribéracois (200040400); Périgueux (24322) is not.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>« Réseau des incubateurs du Périgord » heads a network and its offer (on Paris, for associations) includes hubs:
/// its open hub in Ribérac is a relay point of Ribérac and of its EPCI;</item>
/// <item>« Réseau discret » heads a network with an open hub in Allemans, but its offer does not include hubs;</item>
/// <item>« Réseau fermé » includes hubs, but its hub in Allemans closed;</item>
/// <item>« Réseau retiré » included hubs, with an open hub in Allemans, and withdrew its offer;</item>
/// <item>« Réseau des SCOP » includes hubs, with an open hub in Allemans, but for SCOP only.</item>
/// </list>
/// </remarks>
public sealed class MazeHubWorld : FundingService
{
    public Dictionary<string, Guid> Heads { get; } = [];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var funding = this;
        var heads = Heads;
        var bus = funding.Host.Services.GetRequiredService<IBus>();
        async Task HeadAsync(string name, bool includesHubs, string hubCommune, bool hubClosed = false, bool withdrawn = false, string kind = "association")
        {
            var actor = heads[name] = await funding.SeedActorAsync(name, "75056", "network-head");
            var offer = Guid.CreateVersion7();
            await bus.Publish(new RelayOfferDeclared(actor, offer, 1, ["incubation"], [kind], [new TerritoryReference("commune", "75056", 2025)],
                "contact@reseau.example.org", false, DateTimeOffset.UtcNow, includesHubs));
            if (withdrawn)
            {
                await bus.Publish(new RelayOfferWithdrawn(actor, offer, 2, null, DateTimeOffset.UtcNow));
            }

            var network = Guid.CreateVersion7();
            var hub = Guid.CreateVersion7();
            await bus.Publish(new NetworkHubOpened(network, 2, $"Réseau de {name}", hub, $"Antenne de {name}", hubCommune, "FR", null, new DateOnly(2024, 1, 1), actor));
            if (hubClosed)
            {
                await bus.Publish(new NetworkHubClosed(network, 3, hub, new DateOnly(2025, 12, 31)));
            }
        }

        await HeadAsync("Réseau des incubateurs du Périgord", true, "24352");
        await HeadAsync("Réseau discret", false, "24007");
        await HeadAsync("Réseau fermé", true, "24007", hubClosed: true);
        await HeadAsync("Réseau retiré", true, "24007", withdrawn: true);
        await HeadAsync("Réseau des SCOP", true, "24007", kind: "scop");

        await Eventually.TrueAsync(async () =>
        {
            await using var session = funding.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
            return await session.Query<KnownRelay>().CountAsync() == 5 && await session.Query<KnownRelay>().CountAsync(r => r.Status == KnownRelay.Withdrawn) == 1
                && await session.Query<KnownHub>().CountAsync() == 5 && await session.Query<KnownHub>().CountAsync(h => h.Status == KnownHub.Closed) == 1;
        }, "the offers and hubs in Funding's copies");
    }
}

/// <summary>The maze's relays through hubs, against <see cref="MazeHubWorld"/>.</summary>
public sealed class MazeHubTests(MazeHubWorld funding) : IClassFixture<MazeHubWorld>
{

    private async Task<JsonElement> AskAsync(string query)
    {
        using var response = await funding.Client.GetAsync($"/api/funding/maze?{query}");
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{query}: {(int)response.StatusCode} {json}");
        return json;
    }

    [Theory]
    [InlineData("24352", "commune")]
    [InlineData("24007", "epci")]
    public async Task AHubOfANetworkWhoseHeadIncludesHubs_IsARelayPointOfItsCommuneAndEpci(string commune, string level)
    {
        var answer = await AskAsync($"kinds=association&commune={commune}&on=2026-12-07");

        var relay = Assert.Single(answer.GetProperty("relays").EnumerateArray());
        Assert.Equal("Réseau des incubateurs du Périgord", relay.GetProperty("name").GetString());
        Assert.Equal(funding.Heads["Réseau des incubateurs du Périgord"], relay.GetProperty("actorId").GetGuid());
        var at = relay.GetProperty("coveredAt");
        Assert.Equal(level, at.GetProperty("level").GetString());
        Assert.Equal(level == "commune" ? "24352" : "200040400", at.GetProperty("code").GetString());
        Assert.Equal("hub", at.GetProperty("through").GetString());
        Assert.Equal("Antenne de Réseau des incubateurs du Périgord", at.GetProperty("hubName").GetString());
        Assert.Equal("Réseau de Réseau des incubateurs du Périgord", at.GetProperty("networkName").GetString());
        Assert.Equal(JsonValueKind.Null, at.GetProperty("placeId").ValueKind);
        Assert.Equal(1, answer.GetProperty("index").GetProperty("relays").GetInt32());
    }

    [Fact]
    public async Task ScopsInAllemans_FindTheirNetworksHub()
    {
        var answer = await AskAsync("kinds=scop&commune=24007&on=2026-12-07");

        Assert.Equal(["Réseau des SCOP"], answer.GetProperty("relays").EnumerateArray().Select(r => r.GetProperty("name").GetString()));
        Assert.Equal("commune", answer.GetProperty("relays")[0].GetProperty("coveredAt").GetProperty("level").GetString());
    }

    [Fact]
    public async Task AHubIsARelayPoint_OnlyFromItsOpeningDay()
    {
        // Every hub of MazeHubWorld opened on 2024-01-01 and every offer names Paris only, so the day before Ribérac
        // has no relay at all. From that day: the Périgord network's hub in Ribérac (commune), and « Réseau fermé »'s
        // hub in Allemans, not closed yet, in the same EPCI.
        var before = await AskAsync("kinds=association&commune=24352&on=2023-12-31");
        var opening = await AskAsync("kinds=association&commune=24352&on=2024-01-01");

        Assert.Empty(before.GetProperty("relays").EnumerateArray());
        Assert.Equal(0, before.GetProperty("index").GetProperty("relays").GetInt32());
        Assert.Equal(["Réseau des incubateurs du Périgord @commune", "Réseau fermé @epci"], opening.GetProperty("relays").EnumerateArray()
            .Select(r => $"{r.GetProperty("name").GetString()} @{r.GetProperty("coveredAt").GetProperty("level").GetString()}"));
    }

    [Theory]
    [InlineData("2025-06-01", new[] { "Réseau fermé @commune", "Réseau des incubateurs du Périgord @epci" })]
    [InlineData("2025-12-31", new[] { "Réseau fermé @commune", "Réseau des incubateurs du Périgord @epci" })]
    [InlineData("2026-01-01", new[] { "Réseau des incubateurs du Périgord @epci" })]
    public async Task AHubClosedSince_WasARelayPointUntilItsLastOpenDay(string on, string[] expected)
    {
        // « Réseau fermé »'s hub in Allemans opened on 2024-01-01 and closed on 2025-12-31, its last open day; the
        // Périgord network's hub in Ribérac reaches Allemans through their EPCI (200040400).
        var answer = await AskAsync($"kinds=association&commune=24007&on={on}");

        Assert.Equal(expected, answer.GetProperty("relays").EnumerateArray()
            .Select(r => $"{r.GetProperty("name").GetString()} @{r.GetProperty("coveredAt").GetProperty("level").GetString()}"));
    }

    [Fact]
    public async Task AHubOutsideTheEpci_IsNoRelayPoint()
    {
        var answer = await AskAsync("kinds=association&commune=24322&on=2026-12-07");

        Assert.Empty(answer.GetProperty("relays").EnumerateArray());
        Assert.Equal(0, answer.GetProperty("index").GetProperty("relays").GetInt32());
    }
}
