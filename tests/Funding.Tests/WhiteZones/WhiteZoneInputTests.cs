using System.Net;
using System.Text;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using SocialTech.Funding.LabelFacts;
using SocialTech.Labelling.Contracts;
using SocialTech.Testing;

namespace SocialTech.Funding.Tests.WhiteZones;

/// <summary>
/// What the white-zone routes take as a question: every territory they themselves list, and a parameter they cannot read
/// refused with a 400 naming it. Expected children are read from the referential's data file with plain JSON, not
/// through the code under test.
/// </summary>
public sealed class WhiteZoneInputTests(FundingService funding) : IClassFixture<FundingService>
{
    private const string Period = "from=2025-01-01&to=2025-12-31";

    public static readonly TheoryData<string> Lists = new()
    {
        $"/api/funding/white-zones/money?{Period}&",
        $"/api/funding/white-zones/funding?{Period}&",
        "/api/funding/white-zones/labels?",
        "/api/funding/white-zones/support?",
    };

    /// <summary>
    /// Corsica's départements (2A, 2B) are the only codes with letters: lower-casing the whole key made the routes refuse
    /// departement:2A, though France's and région 94's answers list it among their children (the portal's links too).
    /// </summary>
    [Theory]
    [MemberData(nameof(Lists))]
    public async Task CorsicasDepartements_AreAnsweredWithTheirEpcis(string list)
    {
        var expected = EpciKeysOf("2A");
        Assert.NotEmpty(expected);

        foreach (var asked in new[] { "departement:2A", "departement:2a", "DEPARTEMENT:2A" })
        {
            using var response = await funding.Client.GetAsync($"{list}territory={Uri.EscapeDataString(asked)}");
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{list}territory={asked}: {(int)response.StatusCode} {body}");
            using var answer = JsonDocument.Parse(body);
            Assert.Equal("departement:2A", answer.RootElement.GetProperty("territory").GetString());
            Assert.Equal("Corse-du-Sud", answer.RootElement.GetProperty("territoryName").GetString());
            if (answer.RootElement.TryGetProperty("children", out var children))
            {
                Assert.Equal(expected, children.EnumerateArray().Select(c => c.GetProperty("key").GetString()!).Order(StringComparer.Ordinal));
            }
            else if (list.Contains("/money", StringComparison.Ordinal))
            {
                Assert.Equal(expected, answer.RootElement.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("key").GetString()!).Order(StringComparer.Ordinal));
            }
        }
    }

    [Fact]
    public async Task EveryChildOfFrance_IsATerritoryTheMoneyRouteAnswers()
    {
        var france = await funding.GetAsync($"/api/funding/white-zones/money?territory=france&{Period}&sort=key");
        var children = france.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("key").GetString()!).ToArray();
        Assert.Equal(Departements().Select(d => $"departement:{d}").Order(StringComparer.Ordinal), children);

        var refused = new List<string>();
        foreach (var child in children)
        {
            using var response = await funding.Client.GetAsync($"/api/funding/white-zones/money?territory={Uri.EscapeDataString(child)}&{Period}");
            if (response.StatusCode != HttpStatusCode.OK)
            {
                refused.Add($"{child}: {(int)response.StatusCode}");
            }
        }

        Assert.Empty(refused);
    }

    /// <summary>
    /// A value the route takes as a day or a number and cannot read was a 400 "Unreadable request" whose errors named
    /// nothing (the field only in the framework's sentence): the portal's form could not say which field was wrong.
    /// </summary>
    [Theory]
    [InlineData("/api/funding/white-zones/money?territory=departement:24&from=demain&to=2025-12-31", "from", "'demain' is not a day, YYYY-MM-DD.")]
    [InlineData("/api/funding/white-zones/funding?territory=departement:24&from=2025-01-01&to=", "to", "'' is not a day, YYYY-MM-DD.")]
    [InlineData("/api/funding/white-zones/money?territory=departement:24&from=2025-01-01&from=2024-01-01&to=2025-12-31", "from", "is given 2 times; give it once, as a day, YYYY-MM-DD.")]
    [InlineData("/api/funding/white-zones/labels?territory=departement:24&withinMonths=six", "withinMonths", "'six' is not a whole number.")]
    [InlineData("/api/funding/white-zones/labels?territory=departement:24&withinMonths=99999999999", "withinMonths", "'99999999999' is not a whole number.")]
    [InlineData("/api/funding/white-zones/labels?territory=departement:24&withinMonths=6&withinMonths=7", "withinMonths", "is given 2 times; give it once, as a whole number.")]
    [InlineData("/api/funding/white-zones/labels?territory=departement:24&lapsedSince=hier", "lapsedSince", "'hier' is not a day, YYYY-MM-DD.")]
    public async Task AValueThatCannotBeRead_Is400NamingItsParameter(string request, string field, string message)
    {
        using var response = await funding.Client.GetAsync(request);

        var messages = await RequestInput.AssertRefusedAsync(response, field);
        Assert.Equal([message], messages);
    }

    /// <summary>A blank or padded sort is the default or the code trimmed, and the answer names the order it is in (it echoed "" or " name ").</summary>
    [Theory]
    [InlineData("/api/funding/white-zones/money?territory=departement:24&from=2025-01-01&to=2025-12-31&sort=", "per-inhabitant")]
    [InlineData("/api/funding/white-zones/funding?territory=departement:24&from=2025-01-01&to=2025-12-31&sort=%20", "key")]
    [InlineData("/api/funding/white-zones/labels?territory=departement:24&sort=", "valid-until")]
    [InlineData("/api/funding/white-zones/support?territory=departement:24&sort=", "key")]
    [InlineData("/api/funding/white-zones/money?territory=departement:24&from=2025-01-01&to=2025-12-31&sort=%20-name%20", "-name")]
    public async Task TheAnswer_NamesTheSortItIsIn(string request, string sort)
    {
        var answer = await funding.GetAsync(request);

        Assert.Equal(sort, answer.GetProperty("sort").GetString());
    }

    /// <summary>
    /// A code in a white-zone CSV comes from another service's contract (a label's holder kind, from Labelling's): one
    /// that starts like a formula was written as it came, and a spreadsheet would run it. The row is still listed.
    /// </summary>
    [Fact]
    public async Task ACodeFromAContract_ThatStartsLikeAFormula_IsNeutralisedInTheCsv()
    {
        var label = Guid.CreateVersion7();
        const string Kind = "=HYPERLINK(\"http://x\")";
        await funding.Host.Services.GetRequiredService<IBus>().Publish(new LabelGranted(label, 1, Guid.CreateVersion7(), Guid.CreateVersion7(),
            new LabelHolderReference(Kind, null, "departement:24", []), "jury", new DateOnly(2024, 1, 1), new DateOnly(2026, 2, 28), [], null, DateTimeOffset.UtcNow));
        await Eventually.TrueAsync(async () =>
        {
            await using var session = funding.Host.Services.GetRequiredService<Marten.IDocumentStore>().QuerySession();
            return await session.LoadAsync<KnownLabel>(label) is not null;
        }, "the label's copy");

        using var response = await funding.Client.GetAsync("/api/funding/white-zones/labels?territory=departement:24&on=2026-01-01&format=csv");
        var csv = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var line = Assert.Single(csv.Split("\r\n"), l => l.Contains(label.ToString(), StringComparison.Ordinal));
        Assert.Contains(";\"'=HYPERLINK(\"\"http://x\"\")\";", line, StringComparison.Ordinal);
        Assert.DoesNotContain(";=", line, StringComparison.Ordinal);
    }

    private static string[] Departements()
    {
        using var cog = WhiteZonesTests.ReadCog();
        return [.. cog.RootElement.GetProperty("departements").EnumerateArray().Select(d => d.GetProperty("code").GetString()!)];
    }

    /// <summary>The EPCIs of a département's communes, as the data file lists them (code, name, département, EPCI, …).</summary>
    private static string[] EpciKeysOf(string departement)
    {
        using var cog = WhiteZonesTests.ReadCog();
        return [.. cog.RootElement.GetProperty("communes").EnumerateArray()
            .Where(c => c[2].GetString() == departement && c[3].ValueKind == JsonValueKind.String)
            .Select(c => "epci:" + c[3].GetString()).Distinct().Order(StringComparer.Ordinal)];
    }
}
