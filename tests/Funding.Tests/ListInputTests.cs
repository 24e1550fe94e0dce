using SocialTech.Testing;

namespace SocialTech.Funding.Tests;

/// <summary>Every list route of Funding refuses a page past the bound and a control character in its query with a 400
/// naming the parameter (issue 16, item 5: both were 500s).</summary>
public sealed class ListInputTests(FundingService funding) : IClassFixture<FundingService>
{
    /// <summary>Each list route as its OpenAPI document names it, and a request on it with every required value.</summary>
    public static readonly TheoryData<string, string> Lists = new()
    {
        { "/api/funding/actors", "/api/funding/actors?" },
        { "/api/funding/funders", "/api/funding/funders?" },
        { "/api/funding/programmes", "/api/funding/programmes?" },
        { "/api/funding/flows/by-territory", "/api/funding/flows/by-territory?territory=region:84&" },
        { "/api/funding/flows/by-funder", "/api/funding/flows/by-funder?territory=region:84&" },
        { "/api/funding/flows/by-funder-type", "/api/funding/flows/by-funder-type?territory=region:84&" },
        { "/api/funding/flows/by-theme", "/api/funding/flows/by-theme?territory=region:84&" },
        { "/api/funding/flows/by-programme", "/api/funding/flows/by-programme?territory=region:84&" },
        { "/api/funding/flows/by-period", "/api/funding/flows/by-period?territory=region:84&" },
        { "/api/funding/flows/by-recipient-kind", "/api/funding/flows/by-recipient-kind?territory=region:84&" },
        { "/api/funding/flows/by-recipient", "/api/funding/flows/by-recipient?territory=region:84&" },
        { "/api/funding/flows/concentration/by-territory", "/api/funding/flows/concentration/by-territory?territory=region:84&" },
        { "/api/funding/white-zones/support", "/api/funding/white-zones/support?territory=departement:24&" },
    };

    [Fact]
    public async Task TheListsBelow_AreEveryListRouteOfTheService()
    {
        var described = await RequestInput.ListPathsAsync(funding.Client);

        Assert.Equal(Lists.Select(row => (string)row[0]).Order(StringComparer.Ordinal), described);
    }

    [Theory]
    [MemberData(nameof(Lists))]
    public async Task APageWhoseOffsetOverflows_Is400NamingPage(string route, string request)
    {
        using var response = await funding.Client.GetAsync($"{request}page=2147483647&pageSize=500");

        var messages = await RequestInput.AssertRefusedAsync(response, "page");
        Assert.True(messages.Single().Contains("between 1 and 100000", StringComparison.Ordinal), $"{route}: {messages.Single()}");
    }

    [Theory]
    [MemberData(nameof(Lists))]
    public async Task TheLastPageAllowed_IsAnswered(string route, string request)
    {
        using var response = await funding.Client.GetAsync($"{request}page=100000&pageSize=500");

        Assert.True(response.IsSuccessStatusCode, $"{route}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    [Theory]
    [MemberData(nameof(Lists))]
    public async Task AControlCharacterInTheQuery_Is400NamingTheParameter(string route, string request)
    {
        using var nul = await funding.Client.GetAsync($"{request}q=a%00b");
        using var tab = await funding.Client.GetAsync($"{request}territory=departement%3A2%094");

        await RequestInput.AssertRefusedAsync(nul, "q");
        await RequestInput.AssertRefusedAsync(tab, "territory");
        Assert.False(string.IsNullOrEmpty(route));
    }
}
