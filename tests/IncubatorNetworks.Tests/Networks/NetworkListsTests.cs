using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using SocialTech.IncubatorNetworks.Ventures;
using SocialTech.IncubatorNetworks.Ventures.Listing;
using SocialTech.Testing;

namespace SocialTech.IncubatorNetworks.Tests.Networks;

/// <summary>
/// A network's work through its lists (hubs, programmes, calls, cohorts, ventures with their journey, public events),
/// on real PostgreSQL: each compared with a list worked out by hand from what the test published, in the documented
/// order; paging, a parameter the lists do not take (400 naming it) and an unknown network (404).
/// </summary>
public sealed class NetworkListsTests(NetworksService networks) : IClassFixture<NetworksService>
{
    private static readonly string[] ListNames = ["hubs", "programmes", "calls", "cohorts", "ventures", "events"];

    public static TheoryData<string> Lists() => [.. ListNames];

    private HttpClient Client => networks.Client;

    [Fact]
    public async Task EachList_HoldsTheNetworksWork_InItsOrder()
    {
        var id = await PeriwebAsync();

        var hubs = await ItemsAsync(id, "hubs");
        Assert.Equal(["Ribérac", "Périgueux", "Berlin"], hubs.Select(h => h.GetProperty("name").GetString()));
        Assert.Equal(["24352", "24322", null], hubs.Select(h => h.GetProperty("location").GetProperty("communeCode").GetString()));
        Assert.Equal(["FR", "FR", "DE"], hubs.Select(h => h.GetProperty("location").GetProperty("countryCode").GetString()));
        Assert.Equal("Berlin", hubs[2].GetProperty("location").GetProperty("city").GetString());
        Assert.Equal(["2025-01-31", null, null], hubs.Select(h => h.GetProperty("closedOn").GetString()));

        var programmes = await ItemsAsync(id, "programmes");
        Assert.Equal(["EMG-A", "INC-B"], programmes.Select(p => p.GetProperty("ref").GetString()));
        Assert.Equal(["emergence", "rural"], programmes.Select(p => p.GetProperty("kind").GetString()));
        Assert.Equal(["2026-01-15", "2026-03-01"], programmes.Select(p => p.GetProperty("launchedOn").GetString()));

        var calls = await ItemsAsync(id, "calls");
        Assert.Equal(["AAP-2", "AAP-1"], calls.Select(c => c.GetProperty("ref").GetString()));
        Assert.Equal(["2026-03-31", null], calls.Select(c => c.GetProperty("closedOn").GetString()));
        Assert.Equal(12, calls[0].GetProperty("applications").GetInt32());
        Assert.Equal(JsonValueKind.Null, calls[1].GetProperty("applications").ValueKind);

        var cohorts = await ItemsAsync(id, "cohorts");
        Assert.Equal("Promotion printemps", Assert.Single(cohorts).GetProperty("name").GetString());
        Assert.Equal(["V-1", "V-2"], cohorts[0].GetProperty("ventures").EnumerateArray().Select(v => v.GetProperty("ventureRef").GetString()));

        var ventures = await ItemsAsync(id, "ventures");
        Assert.Equal(["V-1", "V-2"], ventures.Select(v => v.GetProperty("ref").GetString()));
        Assert.Equal(["launch", "idea"], ventures.Select(v => v.GetProperty("phase").GetString()));
        Assert.Equal(["graduated", "supported"], ventures.Select(v => v.GetProperty("status").GetString()));

        var events = await ItemsAsync(id, "events");
        Assert.Equal(["DD-1", "AT-2"], events.Select(e => e.GetProperty("ref").GetString()));
        Assert.Equal(["cancelled", "scheduled"], events.Select(e => e.GetProperty("status").GetString()));
        Assert.Equal("Atelier créer son activité", events[1].GetProperty("description").GetProperty("title").GetString());
    }

    [Fact]
    public async Task AVentureThroughThreePhases_ListsItsJourney_EachPhaseWithItsDates()
    {
        var id = await PeriwebAsync();

        var v1 = (await ItemsAsync(id, "ventures")).Single(v => v.GetProperty("ref").GetString() == "V-1");

        // Admitted in emergence on 20 January, creation on 1 May (restated on 2 June: no new step), launch on
        // 15 September, graduated on 30 November: the last phase ends with the support.
        Assert.Equal(
            [("emergence", "2026-01-20", "2026-05-01"), ("creation", "2026-05-01", "2026-09-15"), ("launch", "2026-09-15", "2026-11-30")],
            v1.GetProperty("journey").EnumerateArray()
                .Select(s => (s.GetProperty("phase").GetString(), s.GetProperty("from").GetString(), s.GetProperty("until").GetString())));
        var v2 = (await ItemsAsync(id, "ventures")).Single(v => v.GetProperty("ref").GetString() == "V-2");
        var only = Assert.Single(v2.GetProperty("journey").EnumerateArray());
        Assert.Equal(("idea", "2026-02-10", JsonValueKind.Null),
            (only.GetProperty("phase").GetString(), only.GetProperty("from").GetString(), only.GetProperty("until").ValueKind));
    }

    [Fact]
    public void TheJourney_IsFoldedFromTheEvents_AndSkipsTheOthers()
    {
        var id = Guid.CreateVersion7();
        var at = DateTimeOffset.UnixEpoch;
        var journey = VentureJourney.Of([
            new VentureAdmitted(id, id, "V", "V", "P", null, VenturePhase.Idea, null, new(2026, 1, 1), at),
            new VentureFundingRaised(id, 1000, FundingKind.Grant, null, new(2026, 2, 1), at),
            new VenturePhaseChanged(id, VenturePhase.Idea, VenturePhase.Creation, new(2026, 3, 1), at),
            new VentureExited(id, new(2026, 4, 1), "déménagement", at),
        ]);

        Assert.Equal([new JourneyStep(VenturePhase.Idea, new(2026, 1, 1), new(2026, 3, 1)), new JourneyStep(VenturePhase.Creation, new(2026, 3, 1), new(2026, 4, 1))], journey);
    }

    [Fact]
    public async Task Paging_GivesTheAskedSlice_AndTheCounts()
    {
        var id = await PeriwebAsync();

        var second = await Client.GetFromJsonAsync<JsonElement>($"/api/networks/{id}/hubs?page=2&pageSize=2");
        Assert.Equal("Berlin", Assert.Single(second.GetProperty("items").EnumerateArray()).GetProperty("name").GetString());
        Assert.Equal((2, 2, 3, 2, false), Counts(second));

        var first = await Client.GetFromJsonAsync<JsonElement>($"/api/networks/{id}/ventures?page=1&pageSize=1");
        Assert.Equal("V-1", Assert.Single(first.GetProperty("items").EnumerateArray()).GetProperty("ref").GetString());
        Assert.Equal((1, 1, 2, 2, true), Counts(first));

        var beyond = await Client.GetFromJsonAsync<JsonElement>($"/api/networks/{id}/programmes?page=3&pageSize=1");
        Assert.Empty(beyond.GetProperty("items").EnumerateArray());
        Assert.False(beyond.GetProperty("hasNextPage").GetBoolean());

        static (long, long, long, long, bool) Counts(JsonElement page) => (page.GetProperty("pageNumber").GetInt64(), page.GetProperty("pageSize").GetInt64(),
            page.GetProperty("totalItems").GetInt64(), page.GetProperty("totalPages").GetInt64(), page.GetProperty("hasNextPage").GetBoolean());
    }

    [Theory]
    [MemberData(nameof(Lists))]
    public async Task AParameterTheListDoesNotTake_Is400NamingIt_WithTheBadPaging(string list)
    {
        var id = await FoundAsync("Réseau sans filtre");

        using var response = await Client.GetAsync($"/api/networks/{id}/{list}?status=open&pageSize=0");

        var messages = await RequestInput.AssertRefusedAsync(response, "status");
        Assert.Contains("page, pageSize", messages.Single(), StringComparison.Ordinal);
        await RequestInput.AssertRefusedAsync(response, "pageSize");
    }

    [Theory]
    [MemberData(nameof(Lists))]
    public async Task AnUnknownNetwork_Is404(string list)
    {
        using var response = await Client.GetAsync($"/api/networks/{Guid.CreateVersion7()}/{list}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [MemberData(nameof(Lists))]
    public async Task ANetworkWithoutThatWork_ListsNone_NotAnotherNetworks(string list)
    {
        await PeriwebAsync();
        var id = await FoundAsync("Réseau tout neuf");

        var page = await Client.GetFromJsonAsync<JsonElement>($"/api/networks/{id}/{list}");

        Assert.Empty(page.GetProperty("items").EnumerateArray());
        Assert.Equal(0, page.GetProperty("totalItems").GetInt64());
    }

    [Fact]
    public async Task EveryList_IsDeclaredInOpenApi_With400And404()
    {
        using var openApi = JsonDocument.Parse(await Client.GetStringAsync("/openapi/v1.json"));
        foreach (var list in ListNames)
        {
            var get = openApi.RootElement.GetProperty("paths").GetProperty($"/api/networks/{{networkId}}/{list}").GetProperty("get");
            var responses = get.GetProperty("responses").EnumerateObject().Select(r => r.Name).ToArray();
            Assert.Contains("200", responses);
            Assert.Contains("400", responses);
            Assert.Contains("404", responses);
            Assert.Equal(["networkId", "page", "pageSize"], get.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).Order(StringComparer.Ordinal));
        }
    }

    private async Task<JsonElement[]> ItemsAsync(Guid id, string list)
    {
        using var response = await Client.GetAsync($"/api/networks/{id}/{list}?pageSize=500");
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{list}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var page = await response.Content.ReadFromJsonAsync<JsonElement>();
        return page.GetProperty("items").EnumerateArray().ToArray();
    }

    private async Task<Guid> FoundAsync(string name)
    {
        var head = await networks.SeedActorAsync($"{name} (association)", kind: "network-head");
        using var founded = await Client.PostAsJsonAsync("/api/networks", new { name, headActorId = head });
        Assert.Equal(HttpStatusCode.Created, founded.StatusCode);
        return (await founded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>A network's work, published out of order so that each list's order is the route's, not the publishing's.</summary>
    private async Task<Guid> PeriwebAsync()
    {
        var id = await FoundAsync($"Périweb {Guid.NewGuid():N}");
        var etag = (await Client.GetAsync($"/api/networks/{id}")).Headers.ETag!.ToString();
        etag = await HubAsync(id, new { name = "Périgueux", communeCode = "24322", openedOn = "2024-01-01" }, etag);
        etag = await HubAsync(id, new { name = "Berlin", countryCode = "DE", city = "Berlin", openedOn = "2024-04-02" }, etag);
        etag = await HubAsync(id, new { name = "Ribérac", communeCode = "24352", openedOn = "2023-06-01" }, etag);
        var riberac = (await Client.GetFromJsonAsync<JsonElement>($"/api/networks/{id}")).GetProperty("hubs").EnumerateArray()
            .Single(h => h.GetProperty("name").GetString() == "Ribérac").GetProperty("hubId").GetGuid();
        await HubAsync(id, new { closedOn = "2025-01-31" }, etag, $"/hubs/{riberac}/closure");

        await PublishAsync(id, "programmes", new { eventId = "p-2", programmeRef = "INC-B", name = "Incubation rurale", kind = "rural", launchedOn = "2026-03-01" });
        await PublishAsync(id, "programmes", new { eventId = "p-1", programmeRef = "EMG-A", name = "Émergence", kind = "emergence", launchedOn = "2026-01-15" });
        await PublishAsync(id, "calls", new { eventId = "a-1", callRef = "AAP-1", programmeRef = "INC-B", title = "Appel d'été", opensOn = "2026-05-01", closesOn = "2026-06-30" });
        await PublishAsync(id, "calls", new { eventId = "a-2", callRef = "AAP-2", programmeRef = "EMG-A", title = "Appel d'hiver", opensOn = "2026-02-01", closesOn = "2026-03-31" });
        await PublishAsync(id, "calls/AAP-2/closure", new { eventId = "a-2-close", closedOn = "2026-03-31", applications = 12 });
        await PublishAsync(id, "cohorts", new
        {
            eventId = "c-1", cohortRef = "C-1", programmeRef = "EMG-A", name = "Promotion printemps", startsOn = "2026-04-01",
            ventures = new[] { new { ventureRef = "V-1", name = "Épicerie mobile" }, new { ventureRef = "V-2", name = "Garage solidaire" } },
        });
        await PublishAsync(id, "ventures", new { eventId = "v-2", ventureRef = "V-2", name = "Garage solidaire", programmeRef = "EMG-A", phase = "idea", communeCode = "24352", admittedOn = "2026-02-10" });
        await PublishAsync(id, "ventures", new { eventId = "v-1", ventureRef = "V-1", name = "Épicerie mobile", programmeRef = "EMG-A", cohortRef = "C-1", phase = "emergence", communeCode = "24322", admittedOn = "2026-01-20" });
        await PublishAsync(id, "ventures/V-1/phase", new { eventId = "v-1-creation", phase = "creation", changedOn = "2026-05-01" });
        await PublishAsync(id, "ventures/V-1/funding", new { eventId = "v-1-funding", amountEuros = 5000, kind = "honour-loan", raisedOn = "2026-05-20" });
        await PublishAsync(id, "ventures/V-1/phase", new { eventId = "v-1-creation-again", phase = "creation", changedOn = "2026-06-02" });
        await PublishAsync(id, "ventures/V-1/phase", new { eventId = "v-1-launch", phase = "launch", changedOn = "2026-09-15" });
        await PublishAsync(id, "ventures/V-1/graduation", new { eventId = "v-1-graduated", on = "2026-11-30" });
        await PublishAsync(id, "events", Event("e-2", "AT-2", "Atelier créer son activité", "workshop", new DateTimeOffset(2027, 3, 10, 14, 0, 0, TimeSpan.FromHours(1))));
        await PublishAsync(id, "events", Event("e-1", "DD-1", "Demo day de printemps", "demo-day", new DateTimeOffset(2027, 2, 4, 18, 0, 0, TimeSpan.FromHours(1))));
        await PublishAsync(id, "events/DD-1/cancellation", new { eventId = "e-1-cancel", reason = "Salle indisponible" });
        return id;

        static object Event(string eventId, string reference, string title, string format, DateTimeOffset startsAt) => new
        {
            eventId, publicEventRef = reference, title, format, startsAt, endsAt = startsAt.AddHours(2), communeCode = "24322", online = false,
            audiences = new[] { "entrepreneurs" },
        };
    }

    private async Task<string> HubAsync(Guid id, object body, string etag, string path = "/hubs")
    {
        using var response = await Client.SendAsync(NetworksService.WithIfMatch(HttpMethod.Post, $"/api/networks/{id}{path}", body, etag));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return response.Headers.ETag!.ToString();
    }

    private async Task PublishAsync(Guid id, string route, object body)
    {
        using var response = await Client.PostAsJsonAsync($"/api/networks/{id}/{route}", body);
        Assert.True(response.IsSuccessStatusCode, $"{route}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
