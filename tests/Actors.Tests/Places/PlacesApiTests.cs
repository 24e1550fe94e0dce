using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SocialTech.Actors.Tests.Places;

// Inside the namespace, so that it wins over SocialTech.Actors.Tests.ActorsService: this one registers and sends If-Match.

/// <summary>The places' HTTP API on real PostgreSQL, against the embedded territory referential.</summary>
public sealed class PlacesApiTests(ActorsService actors) : IClassFixture<ActorsService>
{
    private HttpClient Client => actors.Client;

    [Fact]
    public async Task Open_AnswersCreatedWithLocationAndETag_AndTheRecordReadsBack()
    {
        var (operatorId, _) = await actors.RegisterAsync("Opérateur de la Fabrique", "24352", kind: "tiers-lieu-operator");

        using var response = await Client.PostAsJsonAsync("/api/places", new
        {
            name = "La Fabrique de Ribérac",
            typologies = new[] { "fablab", "coworking" },
            communeCode = "24352",
            operatorId,
            openedOn = "2021-09-04",
            website = "https://fabrique-riberac.example.org",
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("W/\"1\"", response.Headers.ETag!.ToString());
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal($"/api/places/{id}", response.Headers.Location!.ToString());

        using var get = await Client.GetAsync(response.Headers.Location);
        Assert.Equal("W/\"1\"", get.Headers.ETag!.ToString());
        var read = await get.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("La Fabrique de Ribérac", read.GetProperty("name").GetString());
        Assert.Equal(["fablab", "coworking"], read.GetProperty("typologies").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("24352", read.GetProperty("commune").GetProperty("code").GetString());
        Assert.Equal(operatorId, read.GetProperty("operatorId").GetGuid());
        Assert.Equal("2021-09-04", read.GetProperty("openedOn").GetString());
        Assert.Equal("open", read.GetProperty("status").GetString());
        Assert.Contains("departement:24", read.GetProperty("territoryKeys").EnumerateArray().Select(k => k.GetString()));

        // A place is not an actor: the organisations' projections leave its stream alone.
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/api/actors/{id}")).StatusCode);
    }

    [Fact]
    public async Task Open_AtAnArrondissement_IsRecordedAtItsCommune()
    {
        var (operatorId, _) = await actors.RegisterAsync("Opérateur des Pentes", "69123", kind: "tiers-lieu-operator");

        // 69381, Lyon 1er arrondissement: COMPARENT 69123 in INSEE's v_commune_2025.csv.
        using var response = await Client.PostAsJsonAsync("/api/places", new
        {
            name = "Atelier des Pentes", typologies = new[] { "fablab" }, communeCode = "69381", operatorId, openedOn = "2022-03-01",
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var read = await Client.GetFromJsonAsync<JsonElement>(response.Headers.Location);
        Assert.Equal("69123", read.GetProperty("commune").GetProperty("code").GetString());
        Assert.Contains("epci:200046977", read.GetProperty("territoryKeys").EnumerateArray().Select(k => k.GetString()));
    }

    [Fact]
    public async Task Open_WithInvalidFields_AnswersProblemNamingEachField()
    {
        using var response = await Client.PostAsJsonAsync("/api/places", new
        {
            name = " ",
            typologies = new[] { "hackerspace" },
            communeCode = "24013",
            operatorId = Guid.CreateVersion7(),
            website = "not a url",
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var fields = problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order().ToArray();
        Assert.Equal(["communeCode", "name", "openedOn", "operatorId", "typologies", "website"], fields);
        Assert.Contains("no actor has id", problem.GetProperty("errors").GetProperty("operatorId")[0].GetString());
    }

    [Fact]
    public async Task Open_ByACeasedOperator_IsRejectedOnOperatorId_AndOpensNothing()
    {
        var (operatorId, etag) = await actors.RegisterAsync("Opérateur dissous");
        using var ceased = await Client.SendAsync(ActorsService.WithIfMatch(HttpMethod.Post, $"/api/actors/{operatorId}/cessation",
            new { ceasedOn = "2025-06-30", reason = "Liquidation" }, etag));
        Assert.Equal(HttpStatusCode.OK, ceased.StatusCode);

        using var response = await Client.PostAsJsonAsync("/api/places", ValidPlace("Lieu d'un opérateur dissous", operatorId));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["operatorId"], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name));
        var search = await Client.GetFromJsonAsync<JsonElement>($"/api/places?operator={operatorId}&status=any");
        Assert.Equal(0, search.GetProperty("totalItems").GetInt64());
    }

    [Fact]
    public async Task Open_RetriedWithTheSameIdempotencyKey_OpensOnePlace()
    {
        var (operatorId, _) = await actors.RegisterAsync("Opérateur rejoué");
        HttpRequestMessage Request()
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/places") { Content = JsonContent.Create(ValidPlace("Lieu rejoué", operatorId)) };
            request.Headers.Add("Idempotency-Key", "demo-load/place-3");
            return request;
        }

        using var first = await Client.SendAsync(Request());
        using var retry = await Client.SendAsync(Request());

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal("W/\"1\"", retry.Headers.ETag!.ToString());
        Assert.Equal((await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid(),
            (await retry.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
        var search = await Client.GetFromJsonAsync<JsonElement>($"/api/places?operator={operatorId}");
        Assert.Equal(1, search.GetProperty("totalItems").GetInt64());
    }

    [Fact]
    public async Task Open_RetriedConcurrentlyWithTheSameIdempotencyKey_OpensOnePlace_AndAnswersItToEveryAttempt()
    {
        var (operatorId, _) = await actors.RegisterAsync("Opérateur pressé");

        // Attempts that all pass the replay check before the first commits: the losers used to get 409 "already exists".
        for (var round = 0; round < 3; round++)
        {
            var key = $"concurrent-open-{round}-{Guid.NewGuid():N}";
            var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "/api/places") { Content = JsonContent.Create(ValidPlace($"Lieu pressé {round}", operatorId)) };
                request.Headers.Add("Idempotency-Key", key);
                using var response = await Client.SendAsync(request);
                return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
            }));

            Assert.All(answers, a => Assert.True(a.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, $"{(int)a.StatusCode} {a.Body}"));
            Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Created);
            Assert.Single(answers.Select(a => JsonDocument.Parse(a.Body).RootElement.GetProperty("id").GetGuid()).Distinct());
        }

        var search = await Client.GetFromJsonAsync<JsonElement>($"/api/places?operator={operatorId}");
        Assert.Equal(3, search.GetProperty("totalItems").GetInt64());
    }

    [Fact]
    public async Task Change_ThenClose_ThenAnyChange_IsConflictNamingTheState()
    {
        var (operatorId, _) = await actors.RegisterAsync("Opérateur du Bocal");
        var (id, etag) = await OpenAsync("Le Bocal", operatorId);

        using var changed = await Client.SendAsync(ActorsService.WithIfMatch(HttpMethod.Put, $"/api/places/{id}",
            new { name = "Le Bocal solidaire", typologies = new[] { "food", "cultural" }, communeCode = "69123", operatorId }, etag));
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal("W/\"2\"", changed.Headers.ETag!.ToString());

        using var closed = await Client.SendAsync(ActorsService.WithIfMatch(HttpMethod.Post, $"/api/places/{id}/closure",
            new { closedOn = "2025-12-31", reason = "Fin du bail" }, changed.Headers.ETag!.ToString()));
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        Assert.Equal("W/\"3\"", closed.Headers.ETag!.ToString());
        var read = await closed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("closed", read.GetProperty("status").GetString());
        Assert.Equal("2025-12-31", read.GetProperty("closedOn").GetString());
        Assert.Equal("Fin du bail", read.GetProperty("closureReason").GetString());

        var current = closed.Headers.ETag!.ToString();
        using var closedAgain = await Client.SendAsync(ActorsService.WithIfMatch(HttpMethod.Post, $"/api/places/{id}/closure",
            new { closedOn = "2026-01-31", reason = "Encore" }, current));
        using var changedAfter = await Client.SendAsync(ActorsService.WithIfMatch(HttpMethod.Put, $"/api/places/{id}",
            new { name = "Réouvert ?", typologies = new[] { "food" }, communeCode = "69123", operatorId }, current));

        foreach (var refused in new[] { closedAgain, changedAfter })
        {
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("the place is closed", problem.GetProperty("currentState").GetString());
        }

        Assert.Equal(3, (await Client.GetFromJsonAsync<JsonElement>($"/api/places/{id}")).GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task Close_WithStaleOrMissingIfMatch_OrAnUnknownPlace_ChangesNothing()
    {
        var (operatorId, _) = await actors.RegisterAsync("Opérateur concurrent");
        var (id, etag) = await OpenAsync("Lieu concurrent", operatorId);
        using var renamed = await Client.SendAsync(ActorsService.WithIfMatch(HttpMethod.Put, $"/api/places/{id}",
            new { name = "Lieu concurrent renommé", typologies = new[] { "coworking" }, communeCode = "75056", operatorId }, etag));
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);

        var closure = new { closedOn = "2025-12-31", reason = "Fin du bail" };
        using var stale = await Client.SendAsync(ActorsService.WithIfMatch(HttpMethod.Post, $"/api/places/{id}/closure", closure, etag));
        using var missing = await Client.PostAsJsonAsync($"/api/places/{id}/closure", closure);
        using var unknown = await Client.SendAsync(
            ActorsService.WithIfMatch(HttpMethod.Post, $"/api/places/{Guid.CreateVersion7()}/closure", closure, "W/\"1\""));

        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionRequired, missing.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/api/places/{Guid.CreateVersion7()}")).StatusCode);
        var read = await Client.GetFromJsonAsync<JsonElement>($"/api/places/{id}");
        Assert.Equal("open", read.GetProperty("status").GetString());
        Assert.Equal(2, read.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task Close_BeforeItOpened_AnswersProblemNamingClosedOn()
    {
        var (operatorId, _) = await actors.RegisterAsync("Opérateur pressé");
        var (id, etag) = await OpenAsync("Lieu pressé", operatorId);

        using var response = await Client.SendAsync(ActorsService.WithIfMatch(HttpMethod.Post, $"/api/places/{id}/closure",
            new { closedOn = "2020-01-01", reason = "Erreur" }, etag));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["closedOn"], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name));
    }

    [Fact]
    public async Task Search_ByTerritoryTypologyOperatorAndStatus_RollsUpFromCommunes()
    {
        // Ribérac (24352) and Périgueux (24322) are in Dordogne (région 75); Lyon (69123) is in the Métropole de Lyon (200046977).
        var (dordogneOperator, _) = await actors.RegisterAsync("Réseau des lieux de Dordogne", "24322");
        var (lyonOperator, _) = await actors.RegisterAsync("Réseau des lieux lyonnais", "69123");
        var (riberac, _) = await OpenAsync("Recherche Ribérac", dordogneOperator, "24352", "fablab");
        var (perigueux, perigueuxEtag) = await OpenAsync("Recherche Périgueux", dordogneOperator, "24322", "coworking");
        var (lyon, _) = await OpenAsync("Recherche Lyon", lyonOperator, "69123", "fablab");
        using var closed = await Client.SendAsync(ActorsService.WithIfMatch(HttpMethod.Post, $"/api/places/{perigueux}/closure",
            new { closedOn = "2025-12-31", reason = "Fin du bail" }, perigueuxEtag));
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);

        Assert.Equal([riberac], await IdsAsync("/api/places?territory=departement:24&q=recherche"));
        Assert.Equal(new[] { riberac, perigueux }.Order(), (await IdsAsync("/api/places?territory=region:75&status=any&q=recherche")).Order());
        Assert.Equal([perigueux], await IdsAsync("/api/places?territory=departement:24&status=closed&q=recherche"));
        Assert.Equal([lyon], await IdsAsync("/api/places?territory=epci:200046977&q=recherche"));
        Assert.Equal(new[] { riberac, lyon }.Order(), (await IdsAsync("/api/places?typology=fablab&q=RECHERCHE")).Order());
        Assert.Equal([riberac], await IdsAsync($"/api/places?operator={dordogneOperator}&typology=fablab"));
        Assert.Equal([riberac], await IdsAsync("/api/places?q=riberac"));
    }

    [Fact]
    public async Task Search_WithBadParameters_AnswersProblemNamingTheParameter()
    {
        foreach (var (query, field) in new[]
        {
            ("territory=departement:00", "territory"), ("typology=hackerspace", "typology"), ("operator=abc", "operator"),
            ("status=ceased", "status"), ("page=0", "page"),
        })
        {
            using var response = await Client.GetAsync($"/api/places?{query}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), query);
        }
    }

    private static object ValidPlace(string name, Guid operatorId, string commune = "69123", string typology = "coworking") =>
        new { name, typologies = new[] { typology }, communeCode = commune, operatorId, openedOn = "2022-05-01" };

    private async Task<(Guid Id, string ETag)> OpenAsync(string name, Guid operatorId, string commune = "69123", string typology = "coworking")
    {
        using var response = await Client.PostAsJsonAsync("/api/places", ValidPlace(name, operatorId, commune, typology));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("id").GetGuid(), response.Headers.ETag!.ToString());
    }

    private async Task<Guid[]> IdsAsync(string uri)
    {
        var page = await Client.GetFromJsonAsync<JsonElement>(uri);
        return page.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("id").GetGuid()).ToArray();
    }
}
