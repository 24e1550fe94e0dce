using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using SocialTech.Actors;
using SocialTech.Funding;
using SocialTech.Funding.Hubs;
using SocialTech.IncubatorNetworks;
using SocialTech.Testing;

namespace SocialTech.Platform.Tests;

/// <summary>Actors, IncubatorNetworks and Funding in one test process, each on its own database, sharing one RabbitMQ virtual host.</summary>
public sealed class ActorsNetworksFunding : IAsyncLifetime
{
    private IsolatedDatabase? actorsDb;
    private IsolatedDatabase? networksDb;
    private IsolatedDatabase? fundingDb;
    private IsolatedVirtualHost? vhost;

    public ServiceHost<ActorsApiEntryPoint> Actors { get; private set; } = null!;

    public ServiceHost<IncubatorNetworksApiEntryPoint> Networks { get; private set; } = null!;

    public ServiceHost<FundingApiEntryPoint> Funding { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var servers = await TestServers.GetAsync();
        actorsDb = await IsolatedDatabase.CreateAsync(servers, "actors");
        networksDb = await IsolatedDatabase.CreateAsync(servers, "networks");
        fundingDb = await IsolatedDatabase.CreateAsync(servers, "funding");
        vhost = await IsolatedVirtualHost.CreateAsync(servers, "platform");
        Actors = new ServiceHost<ActorsApiEntryPoint>(ActorsEventStore.ConnectionName, actorsDb.ConnectionString, vhost.Amqp);
        Networks = new ServiceHost<IncubatorNetworksApiEntryPoint>(IncubatorNetworksEventStore.ConnectionName, networksDb.ConnectionString, vhost.Amqp);
        Funding = new ServiceHost<FundingApiEntryPoint>(FundingEventStore.ConnectionName, fundingDb.ConnectionString, vhost.Amqp,
            services => services.AddHttpClient<Funding.OpenData.Importing.ActorsClient>().ConfigurePrimaryHttpMessageHandler(() => Actors.Server.CreateHandler()));

        // Every consumer's queue must exist before anyone publishes, as in production once the services have started.
        await ActorsAndFunding.WaitUntilBusReadyAsync(Funding.CreateClient());
        await ActorsAndFunding.WaitUntilBusReadyAsync(Networks.CreateClient());
        await ActorsAndFunding.WaitUntilBusReadyAsync(Actors.CreateClient());
    }

    public async Task DisposeAsync()
    {
        await Actors.DisposeAsync();
        await Networks.DisposeAsync();
        await Funding.DisposeAsync();
        await vhost!.DisposeAsync();
        await actorsDb!.DisposeAsync();
        await networksDb!.DisposeAsync();
        await fundingDb!.DisposeAsync();
    }
}

/// <summary>
/// A hub opened and closed in IncubatorNetworks reaches Funding's copy over real RabbitMQ, with its network's head, whose
/// relay offer (declared in Actors, <c>includesHubs</c>) makes it a relay point in Funding's maze until it closes.
/// </summary>
public sealed class HubsReachFundingTests(ActorsNetworksFunding platform) : IClassFixture<ActorsNetworksFunding>
{
    [Fact]
    public async Task AHubOpenedThenClosed_ReachesFundingsCopy_AndIsARelayPointOfTheHeadWhileOpen()
    {
        var actors = platform.Actors.CreateClient();
        var networks = platform.Networks.CreateClient();
        var funding = platform.Funding.CreateClient();
        var head = await ActorsAndFunding.RegisterActorAsync(actors, "Réseau des tiers-lieux du Périgord (plateforme)", "24322");
        using var offer = await actors.PostAsJsonAsync(new Uri($"/api/actors/{head}/relay-offer", UriKind.Relative), new
        {
            supports = new[] { "incubation" }, forKinds = new[] { "association" }, territories = new[] { "commune:75056" },
            mailbox = "incubation@reseau-perigord.example.org", includesHubs = true,
        });
        Assert.Equal(HttpStatusCode.Created, offer.StatusCode);

        // IncubatorNetworks learns the head from Actors' contracts: founding waits until it has.
        var network = await Eventually.GetAsync(async () =>
        {
            using var founded = await networks.PostAsJsonAsync(new Uri("/api/networks", UriKind.Relative), new { name = "Périgord Incubation", headActorId = head });
            return founded.StatusCode == HttpStatusCode.Created
                ? new Founded((await founded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid(), founded.Headers.ETag!.ToString())
                : null;
        }, "the network founded once IncubatorNetworks knows its head");
        using var opened = await networks.SendAsync(NetworksHttp.WithIfMatch(HttpMethod.Post, $"/api/networks/{network.Id}/hubs",
            new { name = "Antenne de Ribérac", communeCode = "24352", openedOn = "2025-05-01" }, network.ETag));
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        var hubId = (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("hubs")[0].GetProperty("hubId").GetGuid();

        var copy = await Eventually.GetAsync(() => HubAsync(hubId), "the hub in Funding's copy");
        Assert.Equal(head, copy.HeadActorId);
        Assert.Equal("Périgord Incubation", copy.NetworkName);
        Assert.Equal(KnownHub.Open, copy.Status);
        // Allemans is in Ribérac's EPCI: the hub reaches it there, once Funding's directory holds the head.
        var relay = await Eventually.GetAsync(async () =>
        {
            var maze = await funding.GetFromJsonAsync<JsonElement>(new Uri("/api/funding/maze?kinds=association&commune=24007", UriKind.Relative));
            return maze.GetProperty("relays").EnumerateArray().Select(r => (JsonElement?)r).FirstOrDefault();
        }, "the hub as a relay point in the maze");
        Assert.Equal(head, relay!.Value.GetProperty("actorId").GetGuid());
        Assert.Equal("hub", relay.Value.GetProperty("coveredAt").GetProperty("through").GetString());
        Assert.Equal("epci", relay.Value.GetProperty("coveredAt").GetProperty("level").GetString());

        using var closed = await networks.SendAsync(NetworksHttp.WithIfMatch(HttpMethod.Post, $"/api/networks/{network.Id}/hubs/{hubId}/closure",
            new { closedOn = "2025-12-31" }, opened.Headers.ETag!.ToString()));
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        var after = await Eventually.GetAsync(async () => await HubAsync(hubId) is { Status: KnownHub.Closed } hub ? hub : null, "the closing in Funding's copy");
        Assert.Equal(new DateOnly(2025, 12, 31), after.ClosedOn);
        Assert.Equal(3, after.SourceVersion);
        var without = await funding.GetFromJsonAsync<JsonElement>(new Uri("/api/funding/maze?kinds=association&commune=24007", UriKind.Relative));
        Assert.Empty(without.GetProperty("relays").EnumerateArray());
    }

    private sealed record Founded(Guid Id, string ETag);

    private async Task<KnownHub?> HubAsync(Guid id)
    {
        await using var session = platform.Funding.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return await session.LoadAsync<KnownHub>(id);
    }
}

internal static class NetworksHttp
{
    public static HttpRequestMessage WithIfMatch(HttpMethod method, string uri, object body, string etag)
    {
        var request = new HttpRequestMessage(method, new Uri(uri, UriKind.Relative)) { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        return request;
    }
}
