using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using SocialTech.Testing;

namespace SocialTech.Actors.Tests;

/// <summary>The Actors service as it runs in production, on a database and a virtual host of its own, shared by one test class.</summary>
public sealed class ActorsService() : ServiceUnderTest<ActorsApiEntryPoint>(ActorsEventStore.ConnectionName, "actors")
{
    /// <summary>Registers an actor and returns its id and ETag; the SIREN, when given, must be unused in this class.</summary>
    public async Task<(Guid Id, string ETag)> RegisterAsync(string name, string commune = "69123", string? siren = null, string kind = "association",
        object[]? placesOfAction = null)
    {
        using var response = await Client.PostAsJsonAsync("/api/actors",
            new { name, kinds = new[] { kind }, headOfficeCommuneCode = commune, siren, placesOfAction });
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("id").GetGuid(), response.Headers.ETag!.ToString());
    }

    public static HttpRequestMessage WithIfMatch(HttpMethod method, string uri, object? body, string etag)
    {
        var request = new HttpRequestMessage(method, uri) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(etag));
        return request;
    }
}
