using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SocialTech.Funding.Tests.Programmes;

public sealed class ProgrammesApiTests(FundingService funding) : IClassFixture<FundingService>
{
    private const string Programmes = "/api/funding/programmes";

    private static object Body(Guid funder, string name, string territory, string theme = "insertion", string opensOn = "2025-01-01", string? closesOn = "2025-12-31") => new
    {
        name,
        funders = new[] { funder },
        instructingBodies = new[] { funder },
        themes = new[] { theme },
        beneficiaryKinds = new[] { "association" },
        aidTypes = new[] { "grant" },
        eligibleTerritories = new[] { territory },
        opensOn,
        closesOn,
        callForProjects = true,
        budgetEnvelope = 250000.00m,
    };

    [Fact]
    public async Task Publish_RetriedConcurrentlyWithOneIdempotencyKey_PublishesOneProgramme_AndAnswersItToEveryAttempt()
    {
        var funder = await funding.SeedActorAsync("Département de la Gironde", "33063", "local-authority");
        await funding.DeclareFunderAsync(funder, "state");
        await SocialTech.Testing.ConcurrentRetries.AssertOneCreatedAsync(funding.Client, Programmes,
            Body(funder, $"Programme pressé {Guid.NewGuid():N}", "departement:33"), $"programme-{Guid.NewGuid():N}");
    }

    [Fact]
    public async Task Publish_AnswersCreated_WithLocationAndETag()
    {
        var funder = await funding.SeedActorAsync("Région Nouvelle-Aquitaine", "33063", "local-authority");
        await funding.DeclareFunderAsync(funder, "state");

        using var response = await funding.Client.PostAsJsonAsync(Programmes, Body(funder, "Tiers-lieux ruraux", "region:75"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("W/\"1\"", response.Headers.ETag!.ToString());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal($"{Programmes}/{body.GetProperty("id").GetGuid()}", response.Headers.Location!.ToString());
        Assert.Equal("published", body.GetProperty("status").GetString());
        Assert.Equal("grant", body.GetProperty("aidTypes")[0].GetString());
    }

    [Fact]
    public async Task Publish_WithIdempotencyKey_Twice_AnswersTheSameProgramme()
    {
        var funder = await funding.SeedActorAsync("Fondation A");
        await funding.DeclareFunderAsync(funder);
        var key = Guid.NewGuid().ToString();

        using var first = new HttpRequestMessage(HttpMethod.Post, Programmes) { Content = JsonContent.Create(Body(funder, "Idempotent", "region:84")) };
        first.Headers.Add("Idempotency-Key", key);
        using var second = new HttpRequestMessage(HttpMethod.Post, Programmes) { Content = JsonContent.Create(Body(funder, "Idempotent", "region:84")) };
        second.Headers.Add("Idempotency-Key", key);
        using var created = await funding.Client.SendAsync(first);
        using var replayed = await funding.Client.SendAsync(second);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, replayed.StatusCode);
        Assert.Equal((await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid(),
            (await replayed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task Publish_WithUnknownFunderAndTerritory_IsAProblemNamingTheFields()
    {
        using var response = await funding.Client.PostAsJsonAsync(Programmes, Body(Guid.CreateVersion7(), "Bad", "departement:99"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("funders", out _));
        Assert.True(errors.TryGetProperty("eligibleTerritories", out _));
    }

    [Fact]
    public async Task AmendThenRetire_NeedIfMatch_AndARetiredProgrammeCannotChange()
    {
        var funder = await funding.SeedActorAsync("Département de la Dordogne", "24322", "local-authority");
        await funding.DeclareFunderAsync(funder, "state");
        var (id, etag, _) = await funding.CreateAsync(Programmes, Body(funder, "Dordogne solidaire", "departement:24"));

        using var withoutIfMatch = await funding.Client.PutAsJsonAsync($"{Programmes}/{id}", Body(funder, "Dordogne solidaire", "departement:24", "culture"));
        using var amend = FundingService.WithIfMatch(HttpMethod.Put, $"{Programmes}/{id}", Body(funder, "Dordogne solidaire", "departement:24", "culture"), etag);
        using var amended = await funding.Client.SendAsync(amend);
        using var stale = FundingService.WithIfMatch(HttpMethod.Post, $"{Programmes}/{id}/retirement", new { retiredOn = "2025-06-30", reason = "Spent" }, etag);
        using var staleAnswer = await funding.Client.SendAsync(stale);
        using var retire = FundingService.WithIfMatch(HttpMethod.Post, $"{Programmes}/{id}/retirement", new { retiredOn = "2025-06-30", reason = "Spent" }, "W/\"2\"");
        using var retired = await funding.Client.SendAsync(retire);
        using var again = FundingService.WithIfMatch(HttpMethod.Put, $"{Programmes}/{id}", Body(funder, "Dordogne solidaire", "departement:24"), "W/\"3\"");
        using var conflict = await funding.Client.SendAsync(again);

        Assert.Equal(HttpStatusCode.PreconditionRequired, withoutIfMatch.StatusCode);
        Assert.Equal(HttpStatusCode.OK, amended.StatusCode);
        Assert.Equal("culture", (await amended.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("themes")[0].GetString());
        Assert.Equal(HttpStatusCode.PreconditionFailed, staleAnswer.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retired.StatusCode);
        Assert.Equal("W/\"3\"", retired.Headers.ETag!.ToString());
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Equal("the programme is retired", (await conflict.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("currentState").GetString());
    }

    [Fact]
    public async Task Search_ByTerritory_RollsAPlaceUpToTheProgrammesEligibleAroundIt()
    {
        var funder = await funding.SeedActorAsync("Fondation territoires");
        await funding.DeclareFunderAsync(funder);
        var theme = $"theme-{Guid.NewGuid():N}";
        var (regional, _, _) = await funding.CreateAsync(Programmes, Body(funder, "A regional", "region:75", theme));
        var (departemental, _, _) = await funding.CreateAsync(Programmes, Body(funder, "B departemental", "departement:24", theme));
        await funding.CreateAsync(Programmes, Body(funder, "C lyonnais", "epci:200046977", theme));
        var (closed, _, _) = await funding.CreateAsync(Programmes, Body(funder, "D closed", "region:75", theme, "2024-01-01", "2024-12-31"));

        var inRiberac = await IdsAsync($"{Programmes}?theme={theme}&territory=commune:24352&openOn=2025-05-01");
        var inRegion = await IdsAsync($"{Programmes}?theme={theme}&territory=region:75");
        var byFunder = await IdsAsync($"{Programmes}?theme={theme}&funder={funder}");

        Assert.Equal([regional, departemental], inRiberac);
        // Roll-up goes upwards only: a département's programme is not open to the whole région.
        Assert.Equal([regional, closed], inRegion);
        Assert.Equal(4, byFunder.Count);
    }

    [Fact]
    public async Task Search_ByKind_KeepsTheProgrammesNamingIt_OrNamingNone()
    {
        // By hand: an association in Ribérac on 2025-05-01 may apply to « A associations » (region:75, for associations)
        // and « C toutes » (departement:24, no kind named: open to all), not to « B coopératives » (SCOP and SCIC only).
        var funder = await funding.SeedActorAsync("Fondation des catégories");
        await funding.DeclareFunderAsync(funder);
        var theme = $"theme-{Guid.NewGuid():N}";
        object WithKinds(string name, string territory, string[] kinds) => new
        {
            name, funders = new[] { funder }, instructingBodies = new[] { funder }, themes = new[] { theme }, beneficiaryKinds = kinds,
            aidTypes = new[] { "grant" }, eligibleTerritories = new[] { territory }, opensOn = "2025-01-01", closesOn = "2025-12-31",
        };
        var (associations, _, _) = await funding.CreateAsync(Programmes, WithKinds("A associations", "region:75", ["association"]));
        var (cooperatives, _, _) = await funding.CreateAsync(Programmes, WithKinds("B coopératives", "departement:24", ["scop", "scic"]));
        var (everyone, _, _) = await funding.CreateAsync(Programmes, WithKinds("C toutes", "departement:24", []));

        var forAnAssociation = await IdsAsync($"{Programmes}?theme={theme}&territory=commune:24352&openOn=2025-05-01&kind=association");
        var forAScic = await IdsAsync($"{Programmes}?theme={theme}&territory=commune:24352&openOn=2025-05-01&kind=scic");

        Assert.Equal([associations, everyone], forAnAssociation);
        Assert.Equal([cooperatives, everyone], forAScic);
    }

    [Theory]
    [InlineData("kind=associations", "kind")]
    [InlineData("kinds=association", "kinds")]
    [InlineData("teritory=commune:24352", "teritory")]
    public async Task Search_WithAnUnknownKindOrParameter_IsAProblemNamingIt(string query, string field)
    {
        using var response = await funding.Client.GetAsync($"{Programmes}?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal([field], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name));
    }

    [Fact]
    public async Task Search_WithMalformedTerritory_IsAProblemNamingIt()
    {
        using var response = await funding.Client.GetAsync($"{Programmes}?territory=canton:12");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("territory", out _));
    }

    private async Task<List<Guid>> IdsAsync(string uri)
    {
        var page = await funding.Client.GetFromJsonAsync<JsonElement>(uri);
        return page.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("id").GetGuid()).ToList();
    }
}
