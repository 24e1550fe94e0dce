using System.Net;
using System.Text.Json;
using Xunit;

namespace SocialTech.Testing;

/// <summary>What every service's input tests share: the list routes its OpenAPI document describes, and the shape of a
/// refusal (400, a problem document, the field named in <c>errors</c>).</summary>
public static class RequestInput
{
    /// <summary>The paths of the GET operations taking a <c>pageSize</c> query parameter: the service's lists.</summary>
    public static async Task<IReadOnlyList<string>> ListPathsAsync(HttpClient client, string document = "/openapi/v1.json")
    {
        ArgumentNullException.ThrowIfNull(client);
        using var openApi = JsonDocument.Parse(await client.GetStringAsync(new Uri(document, UriKind.Relative)));
        return openApi.RootElement.GetProperty("paths").EnumerateObject()
            .Where(path => path.Value.TryGetProperty("get", out var get) && get.TryGetProperty("parameters", out var parameters)
                && parameters.EnumerateArray().Any(p => p.GetProperty("name").GetString() == "pageSize" && p.GetProperty("in").GetString() == "query"))
            .Select(path => path.Name)
            .Order(StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>Asserts a 400 problem document whose <c>errors</c> name <paramref name="field"/>; returns its messages.</summary>
    public static async Task<string[]> AssertRefusedAsync(HttpResponseMessage response, string field)
    {
        ArgumentNullException.ThrowIfNull(response);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(text);
        var named = problem.RootElement.TryGetProperty("errors", out var errors) && errors.TryGetProperty(field, out _);
        Assert.True(named, $"{response.RequestMessage?.RequestUri}: the problem does not name {field}: {text}");
        return errors.GetProperty(field).EnumerateArray().Select(m => m.GetString()!).ToArray();
    }
}
