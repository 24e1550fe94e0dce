using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SocialTech.Testing;

namespace SocialTech.Labelling.Tests;

/// <summary>Every text a request body carries is bounded in the OpenAPI document, by the bound the service enforces
/// (issue 16, item 7): a client reads the limit instead of discovering it by a 400.</summary>
public sealed class TextBoundsTests(LabellingService labelling) : IClassFixture<LabellingService>
{
    private const string Schemes = "/api/labelling/schemes";

    [Fact]
    public async Task EveryStringOfEveryRequestBody_HasAMaxLengthInTheOpenApiDocument()
    {
        // Dates, ids and enums are bounded by their format; nothing else is exempt.
        Assert.Empty(await RequestInput.UnboundedRequestStringsAsync(labelling.Client));
    }

    [Fact]
    public async Task ASchemeNameOneOverItsDeclaredBound_Is400NamingName_AndOneAtTheBoundIsPublished()
    {
        using var openApi = JsonDocument.Parse(await labelling.Client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)));
        var name = openApi.RootElement.GetProperty("components").GetProperty("schemas").GetProperty("SchemeRequest")
            .GetProperty("properties").GetProperty("name");
        var bound = name.GetProperty("maxLength").GetInt32();
        Assert.Equal(300, bound); // A scheme's name is bounded to 300 characters (set by hand, not read from the code).
        Assert.Equal(1, name.GetProperty("minLength").GetInt32());

        using var tooLong = await labelling.Client.PostAsJsonAsync(Schemes, Scheme(new string('s', bound + 1)));
        using var atTheBound = await labelling.Client.PostAsJsonAsync(Schemes, Scheme($"\u200B{new string('s', bound)}\u00A0"));

        Assert.Equal([$"must be at most {bound} characters."], await RequestInput.AssertRefusedAsync(tooLong, "name"));
        Assert.Equal(HttpStatusCode.Created, atTheBound.StatusCode);
    }

    [Theory]
    [InlineData("\u200B\u200B\u200B")]
    [InlineData("\uFEFF\u2060 \u00A0")]
    public async Task ASchemeNameOfInvisibleCharacters_Is400NamingName(string name)
    {
        using var response = await labelling.Client.PostAsJsonAsync(Schemes, Scheme(name));

        Assert.Equal(["is required."], await RequestInput.AssertRefusedAsync(response, "name"));
    }

    private static object Scheme(string name) => new
    {
        name, ownerId = Guid.CreateVersion7(), labels = "territorial-collective", mode = "obtention",
        criteria = new object[] { new { code = "C1", wording = "Un collectif d'au moins cinq acteurs", evidence = "liste signée" } },
        validity = new { years = 3 },
    };
}
