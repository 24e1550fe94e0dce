using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SocialTech.Actors.Territories;

namespace SocialTech.Actors.Tests.Territories;

/// <summary>The <c>/api/territories</c> routes through the service's real host, on PostgreSQL and RabbitMQ.</summary>
public sealed class TerritoriesApiTests(ActorsService actors) : IClassFixture<ActorsService>
{
    private readonly HttpClient client = actors.Client;

    [Fact]
    public void Referential_IsLoadedWithTheHost()
    {
        var referential = actors.Host.Services.GetRequiredService<TerritoryReferential>();

        Assert.Equal(2025, referential.Current.Year);
        Assert.True(referential.LoadTime > TimeSpan.Zero);
    }

    [Fact]
    public async Task GetCommune_Lyon_HasParentsPopulationQpvsAndDensity()
    {
        var lyon = await GetJsonAsync("/api/territories/commune/69123");

        Assert.Equal("commune", lyon.GetProperty("level").GetString());
        Assert.Equal("69123", lyon.GetProperty("code").GetString());
        Assert.Equal("Lyon", lyon.GetProperty("name").GetString());
        Assert.Equal(2025, lyon.GetProperty("vintage").GetInt32());
        Assert.Equal(
            ["epci:200046977", "departement:69", "region:84"],
            lyon.GetProperty("parents").EnumerateArray().Select(p => $"{p.GetProperty("level").GetString()}:{p.GetProperty("code").GetString()}"));
        Assert.Equal(519127, lyon.GetProperty("population").GetProperty("municipal").GetInt64());
        Assert.Equal(525314, lyon.GetProperty("population").GetProperty("total").GetInt64());
        Assert.Equal(10, lyon.GetProperty("qpvs").GetArrayLength());
        Assert.Equal(1, lyon.GetProperty("density").GetProperty("level").GetInt32());
        Assert.Equal("Grands centres urbains", lyon.GetProperty("density").GetProperty("label").GetString());
        Assert.False(lyon.GetProperty("rural").GetBoolean());
        Assert.Equal("not-classified", lyon.GetProperty("frr").GetString());
        // grep '"code":"69123"' package/data/communes.json of @etalab/decoupage-administratif 6.0.0
        Assert.Equal("216901231", lyon.GetProperty("siren").GetString());
        Assert.Contains("INSEE", lyon.GetProperty("attribution").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetCommune_RuralDordogne_IsRuralAndFrr()
    {
        var abjat = await GetJsonAsync("/api/territories/commune/24001");

        Assert.True(abjat.GetProperty("rural").GetBoolean());
        Assert.Equal(7, abjat.GetProperty("density").GetProperty("level").GetInt32());
        Assert.Equal("frr", abjat.GetProperty("frr").GetString());
    }

    [Fact]
    public async Task GetDepartement_Dordogne_CountsItsChildren()
    {
        var dordogne = await GetJsonAsync("/api/territories/departement/24");

        Assert.Equal("Dordogne", dordogne.GetProperty("name").GetString());
        Assert.Equal("75", Assert.Single(dordogne.GetProperty("parents").EnumerateArray()).GetProperty("code").GetString());
        Assert.Equal(503, dordogne.GetProperty("children").GetProperty("communes").GetInt32());
        Assert.Equal(22, dordogne.GetProperty("children").GetProperty("epcis").GetInt32());
        Assert.Equal(JsonValueKind.Null, dordogne.GetProperty("rural").ValueKind);
    }

    [Fact]
    public async Task GetEpci_ByKebabLevel_GivesNatureAndMembers()
    {
        var metropole = await GetJsonAsync("/api/territories/epci/200046977");

        Assert.Equal("MET69", metropole.GetProperty("nature").GetString());
        Assert.Equal(58, metropole.GetProperty("children").GetProperty("communes").GetInt32());
    }

    [Fact]
    public async Task Children_OfDordogne_ArePaginated()
    {
        var first = await GetJsonAsync("/api/territories/departement/24/children?childLevel=commune&pageSize=500");
        var second = await GetJsonAsync("/api/territories/departement/24/children?childLevel=commune&pageSize=500&page=2");
        var epcis = await GetJsonAsync("/api/territories/departement/24/children?childLevel=epci");

        Assert.Equal(503, first.GetProperty("totalItems").GetInt64());
        Assert.Equal(500, first.GetProperty("items").GetArrayLength());
        Assert.True(first.GetProperty("hasNextPage").GetBoolean());
        Assert.Equal(2, first.GetProperty("totalPages").GetInt64());
        Assert.Equal(3, second.GetProperty("items").GetArrayLength());
        Assert.False(second.GetProperty("hasNextPage").GetBoolean());
        Assert.Equal(22, epcis.GetProperty("totalItems").GetInt64());
        Assert.All(epcis.GetProperty("items").EnumerateArray(), e => Assert.Equal("epci", e.GetProperty("level").GetString()));
    }

    [Fact]
    public async Task Resolve_Lyon5e_LeadsToLyon()
    {
        var resolved = await GetJsonAsync("/api/territories/resolve/69385");

        var match = Assert.Single(resolved.GetProperty("matches").EnumerateArray());
        Assert.Equal("commune", match.GetProperty("level").GetString());
        Assert.Equal("69123", match.GetProperty("code").GetString());
        Assert.Equal("arrondissement", match.GetProperty("resolvedFrom").GetProperty("kind").GetString());
        Assert.Equal("Lyon 5e Arrondissement", match.GetProperty("resolvedFrom").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Resolve_TwoDigitCode_GivesRegionAndDepartement()
    {
        var resolved = await GetJsonAsync("/api/territories/resolve/01");

        Assert.Equal(
            ["region:Guadeloupe", "departement:Ain"],
            resolved.GetProperty("matches").EnumerateArray().Select(m => $"{m.GetProperty("level").GetString()}:{m.GetProperty("name").GetString()}"));
    }

    [Fact]
    public async Task Search_ByNameWithoutAccents_FindsTheCommuneFirst()
    {
        var found = await GetJsonAsync("/api/territories?q=saint-etienne&level=commune");

        Assert.Equal("42218", found.GetProperty("items")[0].GetProperty("code").GetString());
        Assert.All(found.GetProperty("items").EnumerateArray(), t => Assert.Equal("commune", t.GetProperty("level").GetString()));
    }

    [Fact]
    public async Task Search_ByCode_FindsWhatItNames()
    {
        var found = await GetJsonAsync("/api/territories?q=69385");

        Assert.Equal("69123", found.GetProperty("items")[0].GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("/api/territories/canton/24", "level")]
    [InlineData("/api/territories/commune/lyon", "code")]
    [InlineData("/api/territories/departement/2C", "code")]
    [InlineData("/api/territories/commune/69123?vintage=2019", "vintage")]
    [InlineData("/api/territories/departement/24/children?pageSize=0", "pageSize")]
    [InlineData("/api/territories/departement/24/children?childLevel=quartier", "childLevel")]
    [InlineData("/api/territories/resolve/1234", "code")]
    [InlineData("/api/territories?q=a", "q")]
    [InlineData("/api/territories?q=lyon&level=ville", "level")]
    public async Task MalformedInput_Is400_NamingTheField(string url, string field)
    {
        using var response = await client.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors names {field}: {problem}");
    }

    [Theory]
    [InlineData("/api/territories/commune/99999")]
    [InlineData("/api/territories/commune/69385")]
    [InlineData("/api/territories/epci/123456789")]
    [InlineData("/api/territories/region/99/children")]
    [InlineData("/api/territories/resolve/99999")]
    public async Task UnknownCode_Is404_NamingTheField(string url)
    {
        using var response = await client.GetAsync(url);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("code", problem.GetProperty("field").GetString());
        Assert.Equal(404, problem.GetProperty("status").GetInt32());
    }

    private async Task<JsonElement> GetJsonAsync(string url)
    {
        using var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
