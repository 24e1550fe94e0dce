using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SocialTech.Actors.Tests.Organisations;

/// <summary>The actors' HTTP API on real PostgreSQL, against the embedded territory referential.</summary>
public sealed class ActorsApiTests(ActorsService actors) : IClassFixture<ActorsService>
{
    private HttpClient Client => actors.Client;

    [Fact]
    public async Task Register_AnswersCreatedWithLocationAndETag_AndTheProfileReadsBack()
    {
        using var response = await Client.PostAsJsonAsync("/api/actors", new
        {
            name = "Tiers-lieu La Fabrique de Ribérac",
            kinds = new[] { "scic", "tiers-lieu-operator" },
            headOfficeCommuneCode = "24352",
            siret = "78912345200011",
            esus = new { validFrom = "2024-06-01", validUntil = "2029-05-31" },
            placesOfAction = new[] { new { level = "departement", code = "24" } },
            mailbox = "contact@fabrique-riberac.example.org",
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("W/\"1\"", response.Headers.ETag!.ToString());
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal($"/api/actors/{created.GetProperty("id").GetGuid()}", response.Headers.Location!.ToString());

        var read = await Client.GetFromJsonAsync<JsonElement>(response.Headers.Location);
        Assert.Equal("Tiers-lieu La Fabrique de Ribérac", read.GetProperty("name").GetString());
        Assert.Equal("789123452", read.GetProperty("identifiers").GetProperty("siren").GetString());
        Assert.True(read.GetProperty("ess").GetBoolean());
        Assert.Equal(["scic", "tiers-lieu-operator"], read.GetProperty("kinds").EnumerateArray().Select(k => k.GetString()));
    }

    [Fact]
    public async Task Register_WithInvalidFields_AnswersProblemNamingEachField()
    {
        using var response = await Client.PostAsJsonAsync("/api/actors", new
        {
            name = "",
            kinds = new[] { "club" },
            headOfficeCommuneCode = "24013", // Atur, a commune déléguée since 2016: not a current commune
            siren = "123456789",
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var fields = problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order().ToArray();
        Assert.Equal(["headOfficeCommuneCode", "kinds", "name", "siren"], fields);
    }

    [Theory]
    [InlineData("69381", "69123")] // Lyon 1er arrondissement → Lyon
    [InlineData("75101", "75056")] // Paris 1er → Paris
    [InlineData("13201", "13055")] // Marseille 1er → Marseille
    public async Task Register_AtAnArrondissement_IsRecordedAtItsCommune_HeadOfficeAndPlaces(string arrondissement, string commune)
    {
        // The pairs are the ARM rows of INSEE's v_commune_2025.csv with their COMPARENT.
        using var response = await Client.PostAsJsonAsync("/api/actors", new
        {
            name = $"Association de l'arrondissement {arrondissement}",
            kinds = new[] { "association" },
            headOfficeCommuneCode = arrondissement,
            placesOfAction = new[] { new { level = "commune", code = arrondissement } },
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var read = await Client.GetFromJsonAsync<JsonElement>(response.Headers.Location);
        Assert.Equal(commune, read.GetProperty("headOffice").GetProperty("code").GetString());
        Assert.Equal(commune, read.GetProperty("placesOfAction")[0].GetProperty("code").GetString());
        var found = await Client.GetFromJsonAsync<JsonElement>($"/api/actors?territory=commune:{commune}&q=arrondissement {arrondissement}");
        Assert.Contains(found.GetProperty("items").EnumerateArray(), a => a.GetProperty("id").GetGuid() == read.GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task Register_WithMalformedJson_AnswersBadRequestProblem()
    {
        using var content = new StringContent("{\"name\": ", System.Text.Encoding.UTF8, "application/json");
        using var response = await Client.PostAsync("/api/actors", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("JSON", problem.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Register_SameSirenTwice_AnswersConflictWithLinkToTheExistingActor()
    {
        var (first, _) = await actors.RegisterAsync("Première", siren: "443061841");

        using var response = await Client.PostAsJsonAsync("/api/actors",
            new { name = "Doublon", kinds = new[] { "association" }, headOfficeCommuneCode = "75056", siret = "44306184100013" });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal($"/api/actors/{first}", problem.GetProperty("existing").GetString());
        var search = await Client.GetFromJsonAsync<JsonElement>("/api/actors?q=Doublon");
        Assert.Equal(0, search.GetProperty("totalItems").GetInt64());
    }

    [Fact]
    public async Task Register_RetriedWithTheSameIdempotencyKey_CreatesOneActor()
    {
        var body = new { name = "Association Rejouée", kinds = new[] { "association" }, headOfficeCommuneCode = "69123" };
        HttpRequestMessage Request()
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/actors") { Content = JsonContent.Create(body) };
            request.Headers.Add("Idempotency-Key", "script-run-42/row-7");
            return request;
        }

        using var first = await Client.SendAsync(Request());
        using var retry = await Client.SendAsync(Request());

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal((await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid(),
            (await retry.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
        var search = await Client.GetFromJsonAsync<JsonElement>("/api/actors?q=rejouee");
        Assert.Equal(1, search.GetProperty("totalItems").GetInt64());
    }

    [Fact]
    public async Task Update_WithStaleIfMatch_IsPreconditionFailedAndChangesNothing()
    {
        var (id, etag) = await actors.RegisterAsync("Avant");
        using var renamed = await Client.SendAsync(ActorsService.WithIfMatch(HttpMethod.Put, $"/api/actors/{id}/profile", new { name = "Après" }, etag));
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        Assert.Equal("W/\"2\"", renamed.Headers.ETag!.ToString());

        using var stale = await Client.SendAsync(ActorsService.WithIfMatch(HttpMethod.Put, $"/api/actors/{id}/profile", new { name = "Écrasé" }, etag));
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);

        using var missing = await Client.PutAsJsonAsync($"/api/actors/{id}/profile", new { name = "Sans If-Match" });
        Assert.Equal(HttpStatusCode.PreconditionRequired, missing.StatusCode);

        var read = await Client.GetFromJsonAsync<JsonElement>($"/api/actors/{id}");
        Assert.Equal("Après", read.GetProperty("name").GetString());
        Assert.Equal(2, read.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task Update_UnknownActor_IsNotFound()
    {
        using var response = await Client.SendAsync(
            ActorsService.WithIfMatch(HttpMethod.Put, $"/api/actors/{Guid.CreateVersion7()}/profile", new { name = "X" }, "W/\"1\""));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/api/actors/{Guid.CreateVersion7()}")).StatusCode);
    }

    [Fact]
    public async Task Ceased_ThenChanged_IsConflictNamingTheCurrentState()
    {
        var (id, etag) = await actors.RegisterAsync("Association dissoute");
        using var ceased = await Client.SendAsync(ActorsService.WithIfMatch(HttpMethod.Post, $"/api/actors/{id}/cessation",
            new { ceasedOn = "2025-12-31", reason = "Dissolution votée en AG" }, etag));
        Assert.Equal(HttpStatusCode.OK, ceased.StatusCode);

        using var refused = await Client.SendAsync(ActorsService.WithIfMatch(HttpMethod.Put, $"/api/actors/{id}/head-office",
            new { communeCode = "75056" }, ceased.Headers.ETag!.ToString()));

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("the actor is ceased", problem.GetProperty("currentState").GetString());
    }

    [Fact]
    public async Task Search_ByDepartementAndEpci_RollsUpFromCommunesAndPlacesOfAction()
    {
        // Ribérac (24352) and Périgueux (24322) are in Dordogne; Lyon (69123) is in the Métropole de Lyon (200046977).
        var (riberac, _) = await actors.RegisterAsync("Roll-up Ribérac", "24352", kind: "foundation");
        var (perigueux, _) = await actors.RegisterAsync("Roll-up Périgueux", "24322", kind: "foundation");
        var (lyon, _) = await actors.RegisterAsync("Roll-up Lyon", "69123", kind: "foundation");
        var (actingInDordogne, _) = await actors.RegisterAsync("Roll-up Lyon agissant en Dordogne", "69123", kind: "foundation",
            placesOfAction: [new { level = "departement", code = "24" }]);

        var dordogne = await IdsAsync("/api/actors?territory=departement:24&kind=foundation&q=roll-up");
        Assert.Equal(new[] { riberac, perigueux, actingInDordogne }.Order(), dordogne.Order());

        var metropole = await IdsAsync("/api/actors?territory=epci:200046977&kind=foundation&q=roll-up");
        Assert.Equal(new[] { lyon, actingInDordogne }.Order(), metropole.Order());

        var region = await IdsAsync("/api/actors?territory=region:75&kind=foundation&q=roll-up");
        Assert.Equal(new[] { riberac, perigueux, actingInDordogne }.Order(), region.Order());
    }

    [Fact]
    public async Task Search_WithUnknownTerritoryOrBadPaging_AnswersProblemNamingTheParameter()
    {
        foreach (var (query, field) in new[] { ("territory=departement:00", "territory"), ("pageSize=0", "pageSize"), ("kind=club", "kind") })
        {
            using var response = await Client.GetAsync($"/api/actors?{query}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), query);
        }
    }

    [Fact]
    public async Task Search_Paginates()
    {
        for (var i = 0; i < 5; i++)
        {
            await actors.RegisterAsync($"Pagination {i}", "75056", kind: "research-body");
        }

        var page2 = await Client.GetFromJsonAsync<JsonElement>("/api/actors?kind=research-body&q=pagination&page=2&pageSize=2");
        Assert.Equal(5, page2.GetProperty("totalItems").GetInt64());
        Assert.Equal(3, page2.GetProperty("totalPages").GetInt64());
        Assert.Equal(["Pagination 2", "Pagination 3"], page2.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task History_ListsEveryChangeInOrder()
    {
        var (id, etag) = await actors.RegisterAsync("Historique");
        using var kind = await Client.SendAsync(ActorsService.WithIfMatch(HttpMethod.Post, $"/api/actors/{id}/kinds", new { kind = "incubator" }, etag));
        using var moved = await Client.SendAsync(ActorsService.WithIfMatch(HttpMethod.Put, $"/api/actors/{id}/head-office",
            new { communeCode = "24352" }, kind.Headers.ETag!.ToString()));
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);

        var history = await Client.GetFromJsonAsync<JsonElement>($"/api/actors/{id}/history");
        Assert.Equal(["organisation-registered", "kind-added", "head-office-moved"],
            history.EnumerateArray().Select(e => e.GetProperty("change").GetString()));
        Assert.Equal([1L, 2L, 3L], history.EnumerateArray().Select(e => e.GetProperty("version").GetInt64()));
    }

    [Fact]
    public async Task Merge_PointsTheDuplicateToTheSurvivor_AndItsIdentifiersLeadThere()
    {
        var (survivor, _) = await actors.RegisterAsync("Fusion survivante");
        using var duplicateResponse = await Client.PostAsJsonAsync("/api/actors",
            new { name = "Fusion doublon", kinds = new[] { "association" }, headOfficeCommuneCode = "69123", rna = "W691000017" });
        var duplicate = (await duplicateResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        using var merged = await Client.SendAsync(ActorsService.WithIfMatch(HttpMethod.Post, $"/api/actors/{duplicate}/merge",
            new { survivorId = survivor }, duplicateResponse.Headers.ETag!.ToString()));
        Assert.Equal(HttpStatusCode.OK, merged.StatusCode);

        var survivorNow = await Client.GetFromJsonAsync<JsonElement>($"/api/actors/{survivor}");
        Assert.Equal("W691000017", survivorNow.GetProperty("identifiers").GetProperty("rna").GetString());
        using var again = await Client.PostAsJsonAsync("/api/actors",
            new { name = "Troisième", kinds = new[] { "association" }, headOfficeCommuneCode = "69123", rna = "W691000017" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal($"/api/actors/{survivor}", (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("existing").GetString());
    }

    private async Task<Guid[]> IdsAsync(string uri)
    {
        var page = await Client.GetFromJsonAsync<JsonElement>(uri);
        return page.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("id").GetGuid()).ToArray();
    }
}
