using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SocialTech.IncubatorNetworks.Tests.Networks;

/// <summary>The networks' HTTP API on real PostgreSQL; actors are seeded straight into the directory.</summary>
public sealed class NetworksApiTests(NetworksService networks) : IClassFixture<NetworksService>
{
    private HttpClient Client => networks.Client;

    private async Task<(Guid Id, string ETag)> FoundAsync(string name)
    {
        var head = await networks.SeedActorAsync($"{name} (association)", kind: "network-head");
        using var response = await Client.PostAsJsonAsync("/api/networks", new { name, headActorId = head });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("id").GetGuid(), response.Headers.ETag!.ToString());
    }

    private async Task<(HttpResponseMessage Response, JsonElement Body)> SendAsync(HttpMethod method, string uri, object body, string etag)
    {
        var response = await Client.SendAsync(NetworksService.WithIfMatch(method, uri, body, etag));
        return (response, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    [Fact]
    public async Task Found_AnswersCreatedWithLocationAndETag_AndTheRecordReadsBack()
    {
        var head = await networks.SeedActorAsync("Ronalpia (association)", kind: "network-head");

        using var response = await Client.PostAsJsonAsync("/api/networks", new { name = "Ronalpia", headActorId = head, website = "https://ronalpia.example.org" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("W/\"1\"", response.Headers.ETag!.ToString());
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal($"/api/networks/{id}", response.Headers.Location!.ToString());
        using var get = await Client.GetAsync(response.Headers.Location);
        Assert.Equal("W/\"1\"", get.Headers.ETag!.ToString());
        var read = await get.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Ronalpia", read.GetProperty("name").GetString());
        Assert.Equal(head, read.GetProperty("headActorId").GetGuid());
    }

    [Fact]
    public async Task Found_WithInvalidFields_AnswersProblemNamingEachField()
    {
        var ceased = await networks.SeedActorAsync("Association dissoute", status: "ceased");

        using var response = await Client.PostAsJsonAsync("/api/networks", new { name = " ", headActorId = ceased, website = "nope" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(["headActorId", "name", "website"], await NetworksService.ErrorFieldsAsync(response));
    }

    [Fact]
    public async Task AHubInAnArrondissement_IsRecordedAtItsCommune_AndAFormerCommuneIsRefused()
    {
        var (id, etag) = await FoundAsync("Réseau des Pentes");

        // Marseille 1er (13201), COMPARENT 13055 in INSEE's v_commune_2025.csv; Atur (24013) is a commune déléguée.
        var (hub, after) = await SendAsync(HttpMethod.Post, $"/api/networks/{id}/hubs",
            new { name = "Marseille centre", communeCode = "13201", openedOn = "2024-01-08" }, etag);
        using var atur = await Client.SendAsync(NetworksService.WithIfMatch(HttpMethod.Post, $"/api/networks/{id}/hubs",
            new { name = "Atur", communeCode = "24013", openedOn = "2024-01-08" }, hub.Headers.ETag!.ToString()));

        Assert.Equal(HttpStatusCode.OK, hub.StatusCode);
        Assert.Equal("13055", after.GetProperty("hubs")[0].GetProperty("location").GetProperty("communeCode").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, atur.StatusCode);
        Assert.Equal(["communeCode"], await NetworksService.ErrorFieldsAsync(atur));
    }

    [Fact]
    public async Task Hubs_InFranceAndAbroad_AreFoundByTerritory_AndAClosedOneIsNot()
    {
        var (id, etag) = await FoundAsync("Réseau des Hauts");
        var (lyon, afterLyon) = await SendAsync(HttpMethod.Post, $"/api/networks/{id}/hubs",
            new { name = "Lyon", communeCode = "69123", openedOn = "2020-01-06" }, etag);
        Assert.Equal(HttpStatusCode.OK, lyon.StatusCode);
        Assert.Equal("W/\"2\"", lyon.Headers.ETag!.ToString());
        Assert.Equal("69123", afterLyon.GetProperty("hubs")[0].GetProperty("location").GetProperty("communeCode").GetString());
        var (berlin, afterBerlin) = await SendAsync(HttpMethod.Post, $"/api/networks/{id}/hubs",
            new { name = "Berlin", countryCode = "DE", city = "Berlin", openedOn = "2024-04-02" }, lyon.Headers.ETag!.ToString());
        Assert.Equal(HttpStatusCode.OK, berlin.StatusCode);

        Assert.Contains(id, await FindAsync("departement:69"));
        Assert.Contains(id, await FindAsync("country:de"));
        Assert.DoesNotContain(id, await FindAsync("departement:24"));

        var lyonHub = afterBerlin.GetProperty("hubs").EnumerateArray().Single(h => h.GetProperty("name").GetString() == "Lyon").GetProperty("hubId").GetGuid();
        var (closed, _) = await SendAsync(HttpMethod.Post, $"/api/networks/{id}/hubs/{lyonHub}/closure", new { closedOn = "2025-12-31" },
            berlin.Headers.ETag!.ToString());
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        Assert.DoesNotContain(id, await FindAsync("departement:69"));

        var (again, problem) = await SendAsync(HttpMethod.Post, $"/api/networks/{id}/hubs/{lyonHub}/closure", new { closedOn = "2025-12-31" },
            closed.Headers.ETag!.ToString());
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("the hub closed on 2025-12-31", problem.GetProperty("currentState").GetString());
    }

    private async Task<Guid[]> FindAsync(string territory)
    {
        using var response = await Client.GetAsync($"/api/networks?territory={territory}&pageSize=500");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadFromJsonAsync<JsonElement>();
        return page.GetProperty("items").EnumerateArray().Select(n => n.GetProperty("id").GetGuid()).ToArray();
    }

    [Fact]
    public async Task Members_JoinAndLeave_WithIfMatch_AndLeavingTwiceConflicts()
    {
        var (id, etag) = await FoundAsync("Alter'Incub Occitanie");
        var incubator = await networks.SeedActorAsync("Incubateur de Ribérac", commune: "24352");

        using var withoutIfMatch = await Client.PostAsJsonAsync($"/api/networks/{id}/members", new { actorId = incubator, role = "incubator", joinedOn = "2023-01-01" });
        Assert.Equal(HttpStatusCode.PreconditionRequired, withoutIfMatch.StatusCode);

        var (joined, afterJoin) = await SendAsync(HttpMethod.Post, $"/api/networks/{id}/members",
            new { actorId = incubator, role = "incubator", joinedOn = "2023-01-01" }, etag);
        Assert.Equal(HttpStatusCode.OK, joined.StatusCode);
        Assert.Equal("incubator", afterJoin.GetProperty("members")[0].GetProperty("role").GetString());

        var (stale, _) = await SendAsync(HttpMethod.Post, $"/api/networks/{id}/members/{incubator}/departure",
            new { leftOn = "2025-06-30", reason = "Fusion" }, etag);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);

        var (left, afterLeave) = await SendAsync(HttpMethod.Post, $"/api/networks/{id}/members/{incubator}/departure",
            new { leftOn = "2025-06-30", reason = "Fusion" }, joined.Headers.ETag!.ToString());
        Assert.Equal(HttpStatusCode.OK, left.StatusCode);
        Assert.Empty(afterLeave.GetProperty("members").EnumerateArray());
        Assert.Equal("Fusion", afterLeave.GetProperty("formerMembers")[0].GetProperty("leavingReason").GetString());

        var (twice, _) = await SendAsync(HttpMethod.Post, $"/api/networks/{id}/members/{incubator}/departure",
            new { leftOn = "2025-06-30", reason = "Fusion" }, left.Headers.ETag!.ToString());
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
    }

    [Fact]
    public async Task Join_ByAnActorTheDirectoryDoesNotKnow_IsRejectedOnActorId()
    {
        var (id, etag) = await FoundAsync("Réseau rural");

        var (response, problem) = await SendAsync(HttpMethod.Post, $"/api/networks/{id}/members",
            new { actorId = Guid.CreateVersion7(), role = "tiers-lieu", joinedOn = "2023-01-01" }, etag);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["actorId"], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name));
        using var unknownNetwork = await Client.SendAsync(NetworksService.WithIfMatch(HttpMethod.Post, $"/api/networks/{Guid.CreateVersion7()}/members",
            new { actorId = Guid.CreateVersion7(), role = "tiers-lieu", joinedOn = "2023-01-01" }, etag));
        Assert.Equal(HttpStatusCode.NotFound, unknownNetwork.StatusCode);
    }
}
