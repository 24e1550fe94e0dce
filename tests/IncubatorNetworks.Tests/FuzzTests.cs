using System.Net.Http.Json;
using System.Text.Json;
using SocialTech.Testing;
using Xunit.Abstractions;

namespace SocialTech.IncubatorNetworks.Tests;

/// <summary>Every IncubatorNetworks operation, as every kind of caller, fed generated and hostile input from its own
/// OpenAPI document (<see cref="OpenApiFuzzer"/>: FUZZ_SECONDS, FUZZ_SEED).</summary>
public sealed class FuzzTests(NetworksService networks, ITestOutputHelper output) : IClassFixture<NetworksService>
{
    [Fact]
    public async Task EveryOperation_AsEveryCaller_AnswersAsDocumented_AndChangesNothingWhenItRefuses()
    {
        // Existing ids and references lead the fuzzer past "not found": a network with a hub and a member, and one of
        // each subject its activity publishes.
        var head = await networks.SeedActorAsync("Ronalpia (association)", kind: "network-head");
        var member = await networks.SeedActorAsync("Recyclerie de Ribérac", kind: "association", commune: "24352");
        using var founded = await networks.Client.PostAsJsonAsync("/api/networks", new { name = "Ronalpia", headActorId = head });
        var network = (await founded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        using var hub = await networks.Client.SendAsync(NetworksService.WithIfMatch(HttpMethod.Post, $"/api/networks/{network}/hubs",
            new { name = "Antenne", communeCode = "69123", openedOn = "2024-01-08" }, founded.Headers.ETag!.ToString()));
        var withHub = await hub.Content.ReadFromJsonAsync<JsonElement>();
        var hubId = withHub.GetProperty("hubs")[0].GetProperty("hubId").GetString()!;
        using var joined = await networks.Client.SendAsync(NetworksService.WithIfMatch(HttpMethod.Post, $"/api/networks/{network}/members",
            new { actorId = member, joinedOn = "2024-02-01" }, hub.Headers.ETag!.ToString()));
        var startsAt = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(30).AddHours(16), TimeSpan.Zero);
        foreach (var (path, body) in new (string, object)[]
        {
            ("programmes", new { eventId = "p-1", programmeRef = "RURAL", name = "Rural 2026", kind = "rural", launchedOn = "2026-01-05" }),
            ("calls", new { eventId = "c-1", callRef = "AAP-1", programmeRef = "RURAL", title = "Appel 2026", opensOn = "2026-01-06", closesOn = "2026-03-01" }),
            ("ventures", new { eventId = "v-1", ventureRef = "V-1", name = "Épicerie de Ribérac", programmeRef = "RURAL", phase = "idea", communeCode = "24352", admittedOn = "2026-01-12" }),
            ("cohorts", new { eventId = "h-1", cohortRef = "PROMO-1", programmeRef = "RURAL", name = "Promotion 1", startsOn = "2026-03-15", ventures = new[] { new { ventureRef = "V-2", name = "Atelier vélo" } } }),
            ("events", new
            {
                eventId = "e-1", publicEventRef = "JURY-1", title = "Jury", format = "jury", startsAt, endsAt = startsAt.AddHours(3),
                communeCode = "69123", online = false, audiences = new[] { "entrepreneurs" },
            }),
        })
        {
            using var published = await networks.Client.PostAsJsonAsync($"/api/networks/{network}/{path}", body);
            Assert.True(published.IsSuccessStatusCode, $"{path}: {await published.Content.ReadAsStringAsync()}");
        }

        var fuzzer = new OpenApiFuzzer(networks.Client, OpenApiFuzzer.CallersOf(networks.Host, network: network),
            state: () => EventStoreState.FingerprintAsync(networks.DatabaseConnectionString));
        await fuzzer.AssertCleanAsync(output.WriteLine, new Dictionary<string, string[]>
        {
            ["networkId"] = [network.ToString()],
            ["id"] = [head.ToString(), member.ToString()],
            ["actorId"] = [member.ToString()],
            ["hubId"] = [hubId],
            ["programmeRef"] = ["RURAL"],
            ["callRef"] = ["AAP-1"],
            ["cohortRef"] = ["PROMO-1"],
            ["ventureRef"] = ["V-1", "V-2"],
            ["publicEventRef"] = ["JURY-1"],
            ["kind"] = ["programme-launched", "venture-admitted"],
        });
    }
}
