using System.Net.Http.Json;
using System.Text.Json;
using SocialTech.Testing;

namespace SocialTech.Actors.Tests;

/// <summary>Every text a request body carries is bounded in the OpenAPI document, by the bound the service enforces
/// (issue 16, item 7): a client reads the limit instead of discovering it by a 400.</summary>
public sealed class TextBoundsTests(ActorsService actors) : IClassFixture<ActorsService>
{
    [Fact]
    public async Task EveryStringOfEveryRequestBody_HasAMaxLengthInTheOpenApiDocument()
    {
        // Dates, ids and enums are bounded by their format; nothing else is exempt.
        Assert.Empty(await RequestInput.UnboundedRequestStringsAsync(actors.Client));
    }

    [Fact]
    public async Task TheDeclaredBoundsOfARegistration_AreTheEnforcedOnes()
    {
        using var openApi = JsonDocument.Parse(await actors.Client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)));
        var properties = openApi.RootElement.GetProperty("components").GetProperty("schemas").GetProperty("RegisterActorRequest").GetProperty("properties");

        // Hand-set expectations: 200 for a name (the bound the README states), 2000 for a URL, 254 for an address (RFC 5321).
        Assert.Equal(200, properties.GetProperty("name").GetProperty("maxLength").GetInt32());
        Assert.Equal(1, properties.GetProperty("name").GetProperty("minLength").GetInt32());
        Assert.Equal(2000, properties.GetProperty("website").GetProperty("maxLength").GetInt32());
        Assert.Equal(254, properties.GetProperty("mailbox").GetProperty("maxLength").GetInt32());

        using var website = await actors.Client.PostAsJsonAsync("/api/actors", new
        {
            name = "Site trop long", kinds = new[] { "association" }, headOfficeCommuneCode = "69123", website = "https://example.org/" + new string('a', 2001 - 20),
        });
        using var mailbox = await actors.Client.PostAsJsonAsync("/api/actors", new
        {
            name = "Adresse trop longue", kinds = new[] { "association" }, headOfficeCommuneCode = "69123", mailbox = "contact@" + new string('a', 255 - 12) + ".org",
        });

        Assert.Equal(["must be at most 2000 characters."], await RequestInput.AssertRefusedAsync(website, "website"));
        Assert.Contains("must be at most 254 characters.", await RequestInput.AssertRefusedAsync(mailbox, "mailbox"));
    }
}
