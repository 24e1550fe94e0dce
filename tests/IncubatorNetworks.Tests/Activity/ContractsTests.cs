using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using RabbitMQ.Client;
using SocialTech.Testing;

namespace SocialTech.IncubatorNetworks.Tests.Activity;

/// <summary>
/// What the outbox publishes on real RabbitMQ, read the way any consumer would: a queue bound to the contract's
/// exchange (MassTransit names it namespace:type).
/// </summary>
public sealed class ContractsTests(NetworksService networks) : IClassFixture<NetworksService>
{
    private async Task<(IConnection, IChannel, string)> ListenAsync(string contract)
    {
        var connection = await new ConnectionFactory { Uri = networks.Amqp }.CreateConnectionAsync();
        var channel = await connection.CreateChannelAsync();
        var exchange = $"SocialTech.IncubatorNetworks.Contracts:{contract}";
        await channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true);
        var queue = (await channel.QueueDeclareAsync($"test-{contract}-{Guid.NewGuid():N}", durable: false, exclusive: true, autoDelete: true)).QueueName;
        await channel.QueueBindAsync(queue, exchange, "");
        return (connection, channel, queue);
    }

    private static async Task<JsonElement> NextAsync(IChannel channel, string queue, string what)
    {
        var body = await Eventually.GetAsync(async () => await channel.BasicGetAsync(queue, autoAck: true) is { } got
            ? Encoding.UTF8.GetString(got.Body.Span) : null, what);
        return JsonDocument.Parse(body).RootElement.GetProperty("message").Clone();
    }

    [Fact]
    public async Task HubOpenedAndVentureIncorporated_ArePublished_WithWhatConsumersNeed()
    {
        var (hubConnection, hubs, hubQueue) = await ListenAsync("NetworkHubOpened");
        var (ventureConnection, ventures, ventureQueue) = await ListenAsync("VentureIncorporated");
        await using var _ = hubConnection;
        await using var __ = ventureConnection;

        var head = await networks.SeedActorAsync("Ronalpia (association)", kind: "network-head");
        using var founded = await networks.Client.PostAsJsonAsync("/api/networks", new { name = "Ronalpia", headActorId = head });
        var id = (await founded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        using var hub = await networks.Client.SendAsync(NetworksService.WithIfMatch(HttpMethod.Post, $"/api/networks/{id}/hubs",
            new { name = "Berlin", countryCode = "DE", city = "Berlin", openedOn = "2025-05-01" }, founded.Headers.ETag!.ToString()));
        Assert.Equal(HttpStatusCode.OK, hub.StatusCode);
        await networks.Client.PostAsJsonAsync($"/api/networks/{id}/programmes",
            new { eventId = "p-1", programmeRef = "INC", name = "Incubation", kind = "incubation", launchedOn = "2026-01-05" });
        await networks.Client.PostAsJsonAsync($"/api/networks/{id}/ventures",
            new { eventId = "v-1", ventureRef = "V-1", name = "Recyclerie du Rhône", programmeRef = "INC", phase = "creation", communeCode = "69123", admittedOn = "2026-01-12" });
        using var incorporated = await networks.Client.PostAsJsonAsync($"/api/networks/{id}/ventures/V-1/incorporation",
            new { eventId = "v-2", siren = "732829320", incorporatedOn = "2026-02-10" });
        Assert.Equal(HttpStatusCode.OK, incorporated.StatusCode);

        var hubOpened = await NextAsync(hubs, hubQueue, "NetworkHubOpened");
        Assert.Equal(id, hubOpened.GetProperty("networkId").GetGuid());
        Assert.Equal("Ronalpia", hubOpened.GetProperty("networkName").GetString());
        Assert.Equal("DE", hubOpened.GetProperty("countryCode").GetString());
        Assert.Equal(2, hubOpened.GetProperty("version").GetInt64());

        var venture = await NextAsync(ventures, ventureQueue, "VentureIncorporated");
        Assert.Equal("732829320", venture.GetProperty("siren").GetString());
        Assert.Equal("Recyclerie du Rhône", venture.GetProperty("name").GetString());
        Assert.Equal("69123", venture.GetProperty("communeCode").GetString());
        Assert.Equal("V-1", venture.GetProperty("ventureRef").GetString());
        Assert.Equal(2, venture.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task AHubInFrance_OpenedThenClosed_PublishesItsHead_AndItsClosing()
    {
        var (openedConnection, opened, openedQueue) = await ListenAsync("NetworkHubOpened");
        var (closedConnection, closed, closedQueue) = await ListenAsync("NetworkHubClosed");
        await using var _ = openedConnection;
        await using var __ = closedConnection;

        var head = await networks.SeedActorAsync("Réseau des tiers-lieux de Dordogne (association)", kind: "network-head");
        using var founded = await networks.Client.PostAsJsonAsync("/api/networks", new { name = "Tiers-lieux de Dordogne", headActorId = head });
        var id = (await founded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        using var hub = await networks.Client.SendAsync(NetworksService.WithIfMatch(HttpMethod.Post, $"/api/networks/{id}/hubs",
            new { name = "Antenne de Ribérac", communeCode = "24352", openedOn = "2025-05-01" }, founded.Headers.ETag!.ToString()));
        Assert.Equal(HttpStatusCode.OK, hub.StatusCode);
        var hubId = (await hub.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("hubs")[0].GetProperty("hubId").GetGuid();
        using var closing = await networks.Client.SendAsync(NetworksService.WithIfMatch(HttpMethod.Post, $"/api/networks/{id}/hubs/{hubId}/closure",
            new { closedOn = "2025-12-31" }, hub.Headers.ETag!.ToString()));
        Assert.Equal(HttpStatusCode.OK, closing.StatusCode);

        var hubOpened = await NextAsync(opened, openedQueue, "NetworkHubOpened");
        Assert.Equal(head, hubOpened.GetProperty("headActorId").GetGuid());
        Assert.Equal(hubId, hubOpened.GetProperty("hubId").GetGuid());
        Assert.Equal("24352", hubOpened.GetProperty("communeCode").GetString());
        Assert.Equal(2, hubOpened.GetProperty("version").GetInt64());
        var hubClosed = await NextAsync(closed, closedQueue, "NetworkHubClosed");
        Assert.Equal(id, hubClosed.GetProperty("networkId").GetGuid());
        Assert.Equal(hubId, hubClosed.GetProperty("hubId").GetGuid());
        Assert.Equal("2025-12-31", hubClosed.GetProperty("closedOn").GetString());
        Assert.Equal(3, hubClosed.GetProperty("version").GetInt64());
    }
}
