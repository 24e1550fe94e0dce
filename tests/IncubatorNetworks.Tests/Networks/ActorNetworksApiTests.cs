using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SocialTech.Testing;

namespace SocialTech.IncubatorNetworks.Tests.Networks;

/// <summary>
/// One actor's side of the networks, as its portal page reads it: the networks it heads or belongs to (and belonged to),
/// and the ventures networks supported that were incorporated under its SIREN. Expected lists are worked by hand from
/// what each test publishes.
/// </summary>
public sealed class ActorNetworksApiTests(NetworksService networks) : IClassFixture<NetworksService>
{
    private HttpClient Client => networks.Client;

    private async Task<(Guid Id, string ETag)> FoundAsync(string name, Guid head)
    {
        using var response = await Client.PostAsJsonAsync("/api/networks", new { name, headActorId = head });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return ((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid(), response.Headers.ETag!.ToString());
    }

    private async Task<string> SendAsync(string uri, object body, string etag)
    {
        using var response = await Client.SendAsync(NetworksService.WithIfMatch(HttpMethod.Post, uri, body, etag));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{uri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return response.Headers.ETag!.ToString();
    }

    private async Task PublishAsync(Guid network, string route, object body)
    {
        using var response = await Client.PostAsJsonAsync($"/api/networks/{network}/{route}", body);
        Assert.True(response.IsSuccessStatusCode, $"{route}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    [Fact]
    public async Task AnActorsNetworks_AreThoseItHeadsAndThoseItBelongsOrBelongedTo_ByName_WithEachMembership()
    {
        var actor = await networks.SeedActorAsync("Incubateur de la Double", commune: "24352");
        var other = await networks.SeedActorAsync("Autre tête de réseau", kind: "network-head");
        var (headed, _) = await FoundAsync("Bêta réseau", actor);
        var (joined, joinedTag) = await FoundAsync("Alpha réseau", other);
        var (elsewhere, elsewhereTag) = await FoundAsync("Gamma réseau", other);
        await FoundAsync("Delta réseau", other);

        // In Alpha: an incubator from 2023 to mid-2024, then a tiers-lieu again from 2025. In Gamma: someone else only.
        joinedTag = await SendAsync($"/api/networks/{joined}/members", new { actorId = actor, role = "incubator", joinedOn = "2023-01-01" }, joinedTag);
        joinedTag = await SendAsync($"/api/networks/{joined}/members/{actor}/departure", new { leftOn = "2024-06-30", reason = "Déménagement" }, joinedTag);
        await SendAsync($"/api/networks/{joined}/members", new { actorId = actor, role = "tiers-lieu", joinedOn = "2025-01-01" }, joinedTag);
        var stranger = await networks.SeedActorAsync("Incubateur voisin");
        await SendAsync($"/api/networks/{elsewhere}/members", new { actorId = stranger, role = "incubator", joinedOn = "2023-01-01" }, elsewhereTag);

        var page = await Client.GetFromJsonAsync<JsonElement>($"/api/networks/actors/{actor}/networks");

        Assert.Equal(2, page.GetProperty("totalItems").GetInt64());
        var items = page.GetProperty("items").EnumerateArray().ToArray();
        Assert.Equal([joined, headed], items.Select(i => i.GetProperty("networkId").GetGuid()));
        Assert.Equal(["Alpha réseau", "Bêta réseau"], items.Select(i => i.GetProperty("name").GetString()));
        Assert.Equal([false, true], items.Select(i => i.GetProperty("heads").GetBoolean()));
        var memberships = items[0].GetProperty("memberships").EnumerateArray()
            .Select(m => $"{m.GetProperty("role").GetString()} {m.GetProperty("joinedOn").GetString()}→{(m.GetProperty("leftOn").ValueKind == JsonValueKind.Null ? "" : m.GetProperty("leftOn").GetString())}")
            .ToArray();
        Assert.Equal(["incubator 2023-01-01→2024-06-30", "tiers-lieu 2025-01-01→"], memberships);
        Assert.Empty(items[1].GetProperty("memberships").EnumerateArray());

        var first = await Client.GetFromJsonAsync<JsonElement>($"/api/networks/actors/{actor}/networks?page=1&pageSize=1");
        Assert.Equal([joined], first.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("networkId").GetGuid()));
        Assert.True(first.GetProperty("hasNextPage").GetBoolean());
        var second = await Client.GetFromJsonAsync<JsonElement>($"/api/networks/actors/{actor}/networks?page=2&pageSize=1");
        Assert.Equal([headed], second.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("networkId").GetGuid()));
        Assert.False(second.GetProperty("hasNextPage").GetBoolean());
    }

    [Fact]
    public async Task AnActorsVentures_AreThoseIncorporatedUnderItsSiren_NewestAdmissionFirst_AcrossNetworks()
    {
        // 732 829 320 and 542 065 479: SIRENs with a valid check digit.
        var actor = await networks.SeedActorAsync("Épicerie mobile SAS", kind: "social-enterprise", commune: "24352", siren: "732829320");
        var head = await networks.SeedActorAsync("Tête de réseau", kind: "network-head");
        var (north, _) = await FoundAsync("Réseau du Nord", head);
        var (south, _) = await FoundAsync("Réseau du Sud", head);
        foreach (var network in new[] { north, south })
        {
            await PublishAsync(network, "programmes", new { eventId = "p-1", programmeRef = "INC", name = "Incubation", kind = "incubation", launchedOn = "2024-01-05" });
        }

        async Task AdmitAsync(Guid network, string reference, string name, string admittedOn, string? siren)
        {
            await PublishAsync(network, "ventures", new { eventId = $"a-{reference}", ventureRef = reference, name, programmeRef = "INC", phase = "emergence", communeCode = "24352", admittedOn });
            if (siren is not null)
            {
                await PublishAsync(network, $"ventures/{reference}/incorporation", new { eventId = $"i-{reference}", siren, incorporatedOn = admittedOn });
            }
        }

        await AdmitAsync(north, "N-1", "Épicerie mobile", "2024-03-01", "732 829 320");
        await AdmitAsync(south, "S-1", "Épicerie mobile, deuxième antenne", "2025-02-01", "732829320");
        await AdmitAsync(south, "S-2", "Autre projet", "2025-03-01", "542065479");
        await AdmitAsync(north, "N-2", "Projet sans SIREN", "2025-04-01", null);
        await PublishAsync(south, "ventures/S-1/phase", new { eventId = "ph-S-1", phase = "launch", changedOn = "2025-05-01" });
        await PublishAsync(north, "ventures/N-1/graduation", new { eventId = "g-N-1", on = "2025-01-31" });

        var page = await Client.GetFromJsonAsync<JsonElement>($"/api/networks/actors/{actor}/ventures");

        var items = page.GetProperty("items").EnumerateArray()
            .Select(v => string.Join(" | ", v.GetProperty("networkName").GetString(), v.GetProperty("ventureRef").GetString(), v.GetProperty("name").GetString(),
                v.GetProperty("phase").GetString(), v.GetProperty("status").GetString(), v.GetProperty("admittedOn").GetString(), v.GetProperty("siren").GetString()))
            .ToArray();
        Assert.Equal(
        [
            "Réseau du Sud | S-1 | Épicerie mobile, deuxième antenne | launch | supported | 2025-02-01 | 732829320",
            "Réseau du Nord | N-1 | Épicerie mobile | emergence | graduated | 2024-03-01 | 732829320",
        ], items);
        Assert.Equal(2, page.GetProperty("totalItems").GetInt64());

        var withoutSiren = await networks.SeedActorAsync("Association sans SIREN");
        var none = await Client.GetFromJsonAsync<JsonElement>($"/api/networks/actors/{withoutSiren}/ventures");
        Assert.Empty(none.GetProperty("items").EnumerateArray());
    }

    [Theory]
    [InlineData("networks")]
    [InlineData("ventures")]
    public async Task AnActorNoNetworkNames_HasAnEmptyPage(string list)
    {
        var page = await Client.GetFromJsonAsync<JsonElement>($"/api/networks/actors/{Guid.CreateVersion7()}/{list}");

        Assert.Empty(page.GetProperty("items").EnumerateArray());
        Assert.Equal(0, page.GetProperty("totalItems").GetInt64());
    }

    [Theory]
    [InlineData("networks")]
    [InlineData("ventures")]
    public async Task AParameterTheListDoesNotTake_Is400NamingIt(string list)
    {
        using var response = await Client.GetAsync($"/api/networks/actors/{Guid.CreateVersion7()}/{list}?member=x&pageSize=10");

        var messages = await RequestInput.AssertRefusedAsync(response, "member");
        Assert.Contains("page, pageSize", messages.Single(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("networks")]
    [InlineData("ventures")]
    public async Task AMalformedActorId_IsNotARoute(string list)
    {
        using var response = await Client.GetAsync($"/api/networks/actors/not-an-id/{list}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
