using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SocialTech.Funding.Tests.Funders;

public sealed class FundersApiTests(FundingService funding) : IClassFixture<FundingService>
{
    private const string Funders = "/api/funding/funders";

    [Fact]
    public async Task Declare_ThenAgain_ThenChange_KeepsOneFunderWithIfMatch()
    {
        var region = await funding.SeedActorAsync("Région Auvergne-Rhône-Alpes", "69123", "local-authority");

        using var created = await funding.Client.PostAsJsonAsync(Funders, new { actorId = region, funderType = "region", territory = "region:84" });
        using var again = await funding.Client.PostAsJsonAsync(Funders, new { actorId = region, funderType = "region", territory = "REGION:84" });
        using var other = await funding.Client.PostAsJsonAsync(Funders, new { actorId = region, funderType = "departement", territory = "departement:69" });
        using var noIfMatch = await funding.Client.PutAsJsonAsync($"{Funders}/{region}", new { funderType = "eu-fund", territory = "region:84" });
        var etag = await funding.SendAsync(HttpMethod.Put, $"{Funders}/{region}", new { funderType = "eu-fund", territory = "region:84" }, created.Headers.ETag!.ToString());
        var read = await funding.GetAsync($"{Funders}/{region}");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"/api/funding/funders/{region}", created.Headers.Location!.ToString());
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("Région Auvergne-Rhône-Alpes", "region", "region:84", "Auvergne-Rhône-Alpes"),
            (body.GetProperty("name").GetString(), body.GetProperty("funderType").GetString(), body.GetProperty("territory").GetString(), body.GetProperty("territoryName").GetString()));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, other.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionRequired, noIfMatch.StatusCode);
        Assert.Equal("W/\"2\"", etag);
        Assert.Equal(("eu-fund", 2L), (read.GetProperty("funderType").GetString(), read.GetProperty("version").GetInt64()));
    }

    [Theory]
    [InlineData("region", "departement:24", "territory")]
    [InlineData("epci", null, "territory")]
    [InlineData("commune", "commune:99999", "territory")]
    [InlineData("other", null, "funderType")]
    [InlineData("ministry", null, "funderType")]
    public async Task Declare_WithAWrongTypeOrTerritory_IsAProblemNamingIt(string type, string? territory, string field)
    {
        var actor = await funding.SeedActorAsync("Collectivité", "24322", "local-authority");

        using var response = await funding.Client.PostAsJsonAsync(Funders, new { actorId = actor, funderType = type, territory });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task Declare_AnActorFundingDoesNotKnow_IsAProblemNamingActorId()
    {
        using var response = await funding.Client.PostAsJsonAsync(Funders, new { actorId = Guid.CreateVersion7(), funderType = "foundation" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("actorId", out _));
    }

    [Fact]
    public async Task List_ByTypeAndTerritory_FindsFundersWhoseOwnTerritoryLiesWithin()
    {
        var dordogne = await funding.SeedActorAsync("Département de la Dordogne (liste)", "24322", "local-authority");
        var riberac = await funding.SeedActorAsync("Commune de Ribérac (liste)", "24352", "local-authority");
        var lyon = await funding.SeedActorAsync("Métropole de Lyon (liste)", "69123", "local-authority");
        await funding.CreateAsync(Funders, new { actorId = dordogne, funderType = "departement", territory = "departement:24" });
        await funding.CreateAsync(Funders, new { actorId = riberac, funderType = "commune", territory = "commune:24352" });
        await funding.CreateAsync(Funders, new { actorId = lyon, funderType = "epci", territory = "epci:200046977" });

        var inDordogne = await funding.GetAsync($"{Funders}?territory=region:75&pageSize=500");
        var communes = await funding.GetAsync($"{Funders}?type=commune&pageSize=500");

        var ids = inDordogne.GetProperty("items").EnumerateArray().Select(f => f.GetProperty("id").GetGuid()).ToArray();
        Assert.Contains(dordogne, ids);
        Assert.Contains(riberac, ids);
        Assert.DoesNotContain(lyon, ids);
        Assert.All(communes.GetProperty("items").EnumerateArray(), f => Assert.Equal("commune", f.GetProperty("funderType").GetString()));
        Assert.Contains(riberac, communes.GetProperty("items").EnumerateArray().Select(f => f.GetProperty("id").GetGuid()));
    }

    [Fact]
    public async Task AGrantWithoutFunderType_TakesTheDeclaredOne_AndByFunderShowsTheFundersTerritory()
    {
        var metropole = await funding.SeedActorAsync("Métropole de Lyon", "69123", "local-authority");
        var recipient = await funding.SeedActorAsync("Recyclerie de Vénissieux", "69259", "association");
        await funding.CreateAsync(Funders, new { actorId = metropole, funderType = "epci", territory = "epci:200046977" });

        await funding.CreateAsync("/api/funding/grants", new
        {
            funders = new[] { new { funderId = metropole } }, recipientId = recipient, purpose = "Réemploi", amount = 4200m,
            plannedStart = "2025-01-01", plannedEnd = "2025-12-31", decisionDate = "2025-02-01",
        });
        var byFunder = await funding.GetAsync("/api/funding/flows/by-funder?territory=commune:69259");
        var byType = await funding.GetAsync("/api/funding/flows/by-funder-type?territory=commune:69259");

        Assert.Equal([("epci", 4200m)], byType.GetProperty("groups").GetProperty("items").EnumerateArray()
            .Select(g => (g.GetProperty("key").GetString(), g.GetProperty("total").GetDecimal())));
        var group = byFunder.GetProperty("groups").GetProperty("items").EnumerateArray().Single(g => g.GetProperty("key").GetString() == metropole.ToString());
        Assert.Equal(4200m, group.GetProperty("total").GetDecimal());
        var details = group.GetProperty("details");
        Assert.Equal(("epci", true, "epci:200046977", "Métropole de Lyon"),
            (details.GetProperty("funderType").GetString(), details.GetProperty("declared").GetBoolean(), details.GetProperty("funderTerritory").GetString(),
                details.GetProperty("funderTerritoryName").GetString()));
    }
}
