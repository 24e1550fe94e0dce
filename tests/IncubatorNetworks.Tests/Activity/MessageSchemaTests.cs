using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SocialTech.IncubatorNetworks.Activity.Receiving;

namespace SocialTech.IncubatorNetworks.Tests.Activity;

/// <summary>The JSON Schemas networks read: served by the API, kept in docs/schemas/, and the same in both places.</summary>
public sealed class MessageSchemaTests(NetworksService networks) : IClassFixture<NetworksService>
{
    /// <summary>Set to write docs/schemas/ from the served schemas instead of comparing (after changing a message record).</summary>
    private const string UpdateVariable = "SOCIALTECH_UPDATE_SCHEMAS";

    [Fact]
    public async Task EveryKind_HasItsSchemaServed_AndTheSameOneInTheDocs()
    {
        var index = await networks.Client.GetFromJsonAsync<JsonElement>("/api/networks/schemas");
        Assert.Equal(NetworkInbox.Exchange, index.GetProperty("exchange").GetString());
        var kinds = index.GetProperty("kinds").EnumerateArray().Select(k => k.GetProperty("kind").GetString()!).ToArray();
        Assert.Equal(16, kinds.Length);

        var folder = Path.Combine(AmqpPublishingTests.RepositoryRoot(), "docs", "schemas");
        foreach (var kind in kinds)
        {
            using var response = await networks.Client.GetAsync($"/api/networks/schemas/{kind}.json");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var served = await response.Content.ReadAsStringAsync();
            var file = Path.Combine(folder, $"{kind}.json");
            if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
            {
                Directory.CreateDirectory(folder);
                await File.WriteAllTextAsync(file, served);
            }

            Assert.True(File.Exists(file), $"docs/schemas/{kind}.json is missing: run the tests with {UpdateVariable}=1.");
            Assert.Equal(await File.ReadAllTextAsync(file), served);

            // Every member the schema requires is one the record reads, and none of them may be null.
            using var schema = JsonDocument.Parse(served);
            var properties = schema.RootElement.GetProperty("properties");
            foreach (var required in schema.RootElement.GetProperty("required").EnumerateArray().Select(r => r.GetString()!))
            {
                Assert.True(properties.TryGetProperty(required, out var property), $"{kind}: required {required} is not a property");
                var type = property.GetProperty("type");
                Assert.False(type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Any(t => t.GetString() == "null") : type.GetString() == "null",
                    $"{kind}: required {required} may be null");
            }
        }

        Assert.Equal(kinds.Order(StringComparer.Ordinal), Directory.GetFiles(folder, "*.json").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal));
        using var unknown = await networks.Client.GetAsync("/api/networks/schemas/venture-teleported.json");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}
