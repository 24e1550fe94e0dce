using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SocialTech.Testing;

namespace SocialTech.IncubatorNetworks.Tests;

/// <summary>Every text a request body carries is bounded in the OpenAPI document, by the bound the service enforces
/// (issue 16, item 7): a client reads the limit instead of discovering it by a 400.</summary>
public sealed class TextBoundsTests(NetworksService networks) : IClassFixture<NetworksService>
{
    [Fact]
    public async Task EveryStringOfEveryRequestBody_HasAMaxLengthInTheOpenApiDocument()
    {
        // Dates, ids and enums are bounded by their format; nothing else is exempt.
        Assert.Empty(await RequestInput.UnboundedRequestStringsAsync(networks.Client));
    }

    [Fact]
    public async Task ANetworkNameOneOverItsDeclaredBound_Is400NamingName_AndOneAtTheBoundIsFounded()
    {
        using var openApi = JsonDocument.Parse(await networks.Client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)));
        var properties = openApi.RootElement.GetProperty("components").GetProperty("schemas").GetProperty("FoundNetworkRequest").GetProperty("properties");
        var bound = properties.GetProperty("name").GetProperty("maxLength").GetInt32();
        Assert.Equal(200, bound); // A network's name is bounded to 200 characters (set by hand, not read from the code).
        Assert.Equal(1, properties.GetProperty("name").GetProperty("minLength").GetInt32());
        Assert.Equal(2000, properties.GetProperty("website").GetProperty("maxLength").GetInt32());
        var head = await networks.SeedActorAsync("Tête de réseau des bornes");

        using var tooLong = await networks.Client.PostAsJsonAsync("/api/networks", new { name = new string('r', bound + 1), headActorId = head });
        using var website = await networks.Client.PostAsJsonAsync("/api/networks",
            new { name = "Site trop long", headActorId = head, website = "https://example.org/" + new string('w', 2001 - 20) });
        using var atTheBound = await networks.Client.PostAsJsonAsync("/api/networks", new { name = $"\u2060{new string('r', bound)}\u200B", headActorId = head });

        Assert.Equal([$"must be at most {bound} characters."], await RequestInput.AssertRefusedAsync(tooLong, "name"));
        Assert.Equal(["must be at most 2000 characters."], await RequestInput.AssertRefusedAsync(website, "website"));
        Assert.Equal(HttpStatusCode.Created, atTheBound.StatusCode);
    }

    [Theory]
    [InlineData("\u200B\u200B\u200B")]
    [InlineData("\uFEFF\u2060 \u00A0")]
    public async Task ANetworkNameOfInvisibleCharacters_Is400NamingName(string name)
    {
        var head = await networks.SeedActorAsync("Tête de réseau invisible");

        using var response = await networks.Client.PostAsJsonAsync("/api/networks", new { name, headActorId = head });

        Assert.Equal(["is required."], await RequestInput.AssertRefusedAsync(response, "name"));
    }
}
