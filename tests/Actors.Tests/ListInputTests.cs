using SocialTech.Testing;

namespace SocialTech.Actors.Tests;

/// <summary>Every list route of Actors refuses a page past the bound and a control character in its query with a 400
/// naming the parameter (issue 16, item 5: both were 500s).</summary>
public sealed class ListInputTests(ActorsService actors) : IClassFixture<ActorsService>
{
    /// <summary>Each list route as its OpenAPI document names it, and a request on it with every required value.</summary>
    public static readonly TheoryData<string, string> Lists = new()
    {
        { "/api/actors", "/api/actors?" },
        { "/api/places", "/api/places?" },
        { "/api/relays", "/api/relays?territory=commune:24352&" },
        { "/api/territories", "/api/territories?q=lyon&" },
        { "/api/territories/{level}/{code}/children", "/api/territories/departement/24/children?" },
    };

    [Fact]
    public async Task TheListsBelow_AreEveryListRouteOfTheService()
    {
        var described = await RequestInput.ListPathsAsync(actors.Client);

        Assert.Equal(Lists.Select(row => (string)row[0]).Order(StringComparer.Ordinal), described);
    }

    [Theory]
    [MemberData(nameof(Lists))]
    public async Task APageWhoseOffsetOverflows_Is400NamingPage(string route, string request)
    {
        using var response = await actors.Client.GetAsync($"{request}page=2147483647&pageSize=500");

        var messages = await RequestInput.AssertRefusedAsync(response, "page");
        Assert.Contains("between 1 and 100000", messages.Single(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(route));
    }

    [Theory]
    [MemberData(nameof(Lists))]
    public async Task TheLastPageAllowed_IsAnswered(string route, string request)
    {
        using var response = await actors.Client.GetAsync($"{request}page=100000&pageSize=500");

        Assert.True(response.IsSuccessStatusCode, $"{route}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    [Theory]
    [InlineData("/api/actors?q=a%00b", "q")]
    [InlineData("/api/places?q=a%00b", "q")]
    [InlineData("/api/territories?q=a%00b", "q")]
    [InlineData("/api/relays?territory=commune:24352&support=a%00b", "support")]
    [InlineData("/api/actors?q=ribe%09rac", "q")]
    [InlineData("/api/actors?territory=departement%3A2%1F4", "territory")]
    [InlineData("/api/places?operator=x%7F", "operator")]
    [InlineData("/api/territories/departement/24/children?childLevel=commune%00", "childLevel")]
    [InlineData("/api/actors/0193a1b2-0000-7000-8000-000000000001/history?x=%C2%85", "x")]
    public async Task AControlCharacterInTheQuery_Is400NamingTheParameter(string uri, string parameter)
    {
        using var response = await actors.Client.GetAsync(uri);

        await RequestInput.AssertRefusedAsync(response, parameter);
    }

    [Fact]
    public async Task AnAccentedSearch_IsStillAnswered()
    {
        using var response = await actors.Client.GetAsync("/api/actors?q=Rib%C3%A9rac%20%E2%80%94%20l%27atelier");

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }
}
