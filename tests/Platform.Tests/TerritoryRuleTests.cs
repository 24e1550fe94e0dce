using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SocialTech.Testing;

namespace SocialTech.Platform.Tests;

/// <summary>
/// One territory rule for every service: a code one service takes, the next one takes too. A network's venture
/// placed in an arrondissement (Lyon 1er, 69381) and incorporated reaches the Actors registry over the bus, at its
/// commune (Lyon, 69123: COMPARENT of 69381 in INSEE's v_commune_2025.csv), instead of stopping in an error queue.
/// </summary>
public sealed class TerritoryRuleTests(ActorsAndNetworks platform) : IClassFixture<ActorsAndNetworks>
{
    [Fact]
    public async Task AVentureIncorporatedInAnArrondissement_ReachesTheRegistry_AtItsCommune()
    {
        using var actors = platform.Actors.CreateClient();
        using var networks = platform.Networks.CreateClient();
        var head = await ActorsAndFunding.RegisterActorAsync(actors, "Incubateur des Pentes", "69123");
        await Eventually.TrueAsync(async () =>
        {
            using var known = await networks.GetAsync(new Uri($"/api/networks/actors/{head}", UriKind.Relative));
            return known.IsSuccessStatusCode;
        }, "the head actor to reach Networks' directory");
        using var founded = await networks.PostAsJsonAsync("/api/networks", new { name = "Réseau des Pentes", headActorId = head });
        Assert.Equal(HttpStatusCode.Created, founded.StatusCode);
        var network = (await founded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        await PublishAsync(networks, network, "programmes", new { eventId = "p-1", programmeRef = "INC-1", name = "Incubation", kind = "incubation", launchedOn = "2025-01-06" });
        await PublishAsync(networks, network, "ventures", new
        {
            eventId = "v-1", ventureRef = "V-1", name = "Atelier vélo des Pentes", programmeRef = "INC-1", phase = "creation", communeCode = "69381", admittedOn = "2025-02-03",
        });
        await PublishAsync(networks, network, "ventures/V-1/incorporation", new { eventId = "v-1-inc", siren = "693811234", incorporatedOn = "2025-06-02" });

        var actor = await Eventually.GetAsync<JsonElement?>(async () =>
            (await actors.GetFromJsonAsync<JsonElement>("/api/actors?q=Atelier vélo des Pentes")).GetProperty("items") is { } items && items.GetArrayLength() == 1
                ? items[0] : null, "the incorporated venture to reach the registry");
        Assert.Equal("693811234", actor!.Value.GetProperty("identifiers").GetProperty("siren").GetString());
        Assert.Equal("69123", actor.Value.GetProperty("headOffice").GetProperty("code").GetString());
        var profile = await actors.GetFromJsonAsync<JsonElement>($"/api/actors/{actor.Value.GetProperty("id").GetGuid()}");
        Assert.Equal("V-1", Assert.Single(profile.GetProperty("ventures").EnumerateArray()).GetProperty("ventureRef").GetString());

        // The venture as Networks answers it: the same commune.
        var venture = await networks.GetFromJsonAsync<JsonElement>($"/api/networks/{network}/ventures/V-1");
        Assert.Equal("69123", venture.GetProperty("communeCode").GetString());
        // And nothing stranded on the way: MassTransit declares an error queue with the first fault it moves there.
        using var queues = JsonDocument.Parse(await platform.VirtualHost.GetQueuesJsonAsync());
        Assert.DoesNotContain(queues.RootElement.EnumerateArray().Select(q => q.GetProperty("name").GetString()),
            name => name!.EndsWith("_error", StringComparison.Ordinal));
    }

    private static async Task PublishAsync(HttpClient networks, Guid network, string route, object body)
    {
        using var response = await networks.PostAsJsonAsync($"/api/networks/{network}/{route}", body);
        Assert.True(response.IsSuccessStatusCode, $"{route}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
