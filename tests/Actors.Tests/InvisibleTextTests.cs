using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SocialTech.Testing;

namespace SocialTech.Actors.Tests;

/// <summary>Names and free texts are read without the invisible characters at their ends, refused when nothing visible
/// is left, and bounded (issue 16, item 7: a name of zero-width spaces was registered, 201).</summary>
public sealed class InvisibleTextTests(ActorsService actors) : IClassFixture<ActorsService>
{
    // Zero-width space, ZWNJ, ZWJ, word joiner, BOM, soft hyphen, NBSP, and ordinary white space: nothing a reader sees.
    private const string Invisible = "\u200B\u200C\u200D\u2060\uFEFF\u00AD\u00A0 \t";

    [Theory]
    [InlineData(Invisible)]
    [InlineData("\u200B\u200B\u200B")]
    [InlineData("\uFEFF")]
    public async Task ANameOfInvisibleCharacters_Is400NamingName(string name)
    {
        using var actor = await actors.Client.PostAsJsonAsync("/api/actors", new { name, kinds = new[] { "association" }, headOfficeCommuneCode = "69123" });
        using var place = await actors.Client.PostAsJsonAsync("/api/places",
            new { name, typologies = new[] { "fablab" }, communeCode = "69123", operatorId = Guid.CreateVersion7(), openedOn = "2024-01-01" });

        Assert.Equal(["is required."], await RequestInput.AssertRefusedAsync(actor, "name"));
        Assert.Equal(["is required."], await RequestInput.AssertRefusedAsync(place, "name"));
    }

    [Fact]
    public async Task ANameBetweenInvisibleCharacters_IsStoredWithoutThem()
    {
        using var response = await actors.Client.PostAsJsonAsync("/api/actors",
            new { name = $"{Invisible}Atelier\u00A0du Zéro{Invisible}", kinds = new[] { "association" }, headOfficeCommuneCode = "69123" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);

        var read = await actors.Client.GetFromJsonAsync<JsonElement>(response.Headers.Location!);

        // Inside the name, the no-break space stays: only the ends are trimmed.
        Assert.Equal("Atelier\u00A0du Zéro", read.GetProperty("name").GetString());
    }

    [Fact]
    public async Task ANameOver200Characters_Is400_ButInvisibleCharactersAroundOneOf200DoNotCount()
    {
        using var tooLong = await actors.Client.PostAsJsonAsync("/api/actors",
            new { name = new string('a', 201), kinds = new[] { "association" }, headOfficeCommuneCode = "69123" });
        using var padded = await actors.Client.PostAsJsonAsync("/api/actors",
            new { name = $"\u200B{new string('b', 200)}\u200B ", kinds = new[] { "association" }, headOfficeCommuneCode = "69123" });

        Assert.Equal(["must be at most 200 characters."], await RequestInput.AssertRefusedAsync(tooLong, "name"));
        Assert.Equal(HttpStatusCode.Created, padded.StatusCode);
    }

    [Fact]
    public async Task AReasonOfInvisibleCharacters_Is400NamingReason()
    {
        var (id, etag) = await actors.RegisterAsync("Cessation invisible");

        using var response = await actors.Client.SendAsync(ActorsService.WithIfMatch(HttpMethod.Post, $"/api/actors/{id}/cessation",
            new { ceasedOn = "2025-01-01", reason = "\u200B\u2060" }, etag));

        await RequestInput.AssertRefusedAsync(response, "reason");
    }
}
