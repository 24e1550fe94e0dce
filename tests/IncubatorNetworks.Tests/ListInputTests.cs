using System.Net.Http.Json;
using SocialTech.Testing;

namespace SocialTech.IncubatorNetworks.Tests;

/// <summary>Every list route of IncubatorNetworks refuses a page past the bound and a control character in its query with a 400
/// naming the parameter (issue 16, item 5: both were 500s).</summary>
public sealed class ListInputTests(NetworksService networks) : IClassFixture<NetworksService>
{
    /// <summary>Each list route as its OpenAPI document names it, and a request on it with every required value.</summary>
    public static readonly TheoryData<string, string> Lists = new()
    {
        { "/api/networks", "/api/networks?" },
        { "/api/networks/actors", "/api/networks/actors?" },
        // One actor's networks and ventures: an actor no network names has none (an empty page, never a 404).
        { "/api/networks/actors/{actorId}/networks", "/api/networks/actors/01a24fd0-0000-7000-8000-000000000002/networks?" },
        { "/api/networks/actors/{actorId}/ventures", "/api/networks/actors/01a24fd0-0000-7000-8000-000000000002/ventures?" },
        { "/api/networks/feed", "/api/networks/feed?" },
        // Any network's refusals, read as an admin: an id nothing was refused for lists none.
        { "/api/networks/{networkId}/refused-messages", "/api/networks/01a24fd0-0000-7000-8000-000000000001/refused-messages?" },
        // A network's lists answer 404 for an unknown network: {network} is one founded for the request.
        { "/api/networks/{networkId}/hubs", "/api/networks/{network}/hubs?" },
        { "/api/networks/{networkId}/programmes", "/api/networks/{network}/programmes?" },
        { "/api/networks/{networkId}/calls", "/api/networks/{network}/calls?" },
        { "/api/networks/{networkId}/cohorts", "/api/networks/{network}/cohorts?" },
        { "/api/networks/{networkId}/ventures", "/api/networks/{network}/ventures?" },
        { "/api/networks/{networkId}/events", "/api/networks/{network}/events?" },
    };

    [Fact]
    public async Task TheListsBelow_AreEveryListRouteOfTheService()
    {
        var described = await RequestInput.ListPathsAsync(networks.Client);

        Assert.Equal(Lists.Select(row => (string)row[0]).Order(StringComparer.Ordinal), described);
    }

    [Theory]
    [MemberData(nameof(Lists))]
    public async Task APageWhoseOffsetOverflows_Is400NamingPage(string route, string request)
    {
        using var response = await networks.Client.GetAsync($"{await WithNetworkAsync(request)}page=2147483647&pageSize=500");

        var messages = await RequestInput.AssertRefusedAsync(response, "page");
        Assert.True(messages.Single().Contains("between 1 and 100000", StringComparison.Ordinal), $"{route}: {messages.Single()}");
    }

    [Theory]
    [MemberData(nameof(Lists))]
    public async Task TheLastPageAllowed_IsAnswered(string route, string request)
    {
        using var response = await networks.Client.GetAsync($"{await WithNetworkAsync(request)}page=100000&pageSize=500");

        Assert.True(response.IsSuccessStatusCode, $"{route}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    [Theory]
    [MemberData(nameof(Lists))]
    public async Task AControlCharacterInTheQuery_Is400NamingTheParameter(string route, string request)
    {
        request = await WithNetworkAsync(request);
        using var nul = await networks.Client.GetAsync($"{request}q=a%00b");
        using var tab = await networks.Client.GetAsync($"{request}territory=departement%3A2%094");

        await RequestInput.AssertRefusedAsync(nul, "q");
        await RequestInput.AssertRefusedAsync(tab, "territory");
        Assert.False(string.IsNullOrEmpty(route));
    }

    private async Task<string> WithNetworkAsync(string request)
    {
        if (!request.Contains("{network}", StringComparison.Ordinal))
        {
            return request;
        }

        var head = await networks.SeedActorAsync("Réseau des listes (association)", kind: "network-head");
        using var founded = await networks.Client.PostAsJsonAsync("/api/networks", new { name = $"Réseau des listes {Guid.NewGuid():N}", headActorId = head });
        var id = (await founded.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetGuid();
        return request.Replace("{network}", id.ToString(), StringComparison.Ordinal);
    }
}
