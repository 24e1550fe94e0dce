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

    /// <summary>
    /// The string properties of the request bodies that <paramref name="document"/> leaves unbounded (no <c>maxLength</c>),
    /// as <c>Schema.property</c> (or <c>METHOD path: property</c> for an inline schema), <c>[]</c> marking an array's items.
    /// Strings a format (date, date-time, uuid, int32…) or an enum already bounds are left out: their length follows from
    /// it; a URL (format uri) or an address (email) is not bounded by its format, and is reported.
    /// </summary>
    public static async Task<IReadOnlyList<string>> UnboundedRequestStringsAsync(HttpClient client, string document = "/openapi/v1.json")
    {
        ArgumentNullException.ThrowIfNull(client);
        using var openApi = JsonDocument.Parse(await client.GetStringAsync(new Uri(document, UriKind.Relative)));
        var schemas = openApi.RootElement.TryGetProperty("components", out var components) && components.TryGetProperty("schemas", out var found)
            ? found : default;
        var unbounded = new SortedSet<string>(StringComparer.Ordinal);
        var visited = new HashSet<string>(StringComparer.Ordinal);
        var bodies = 0;
        foreach (var path in openApi.RootElement.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                if (operation.Value.ValueKind == JsonValueKind.Object && operation.Value.TryGetProperty("requestBody", out var body)
                    && body.TryGetProperty("content", out var content))
                {
                    // JSON bodies: a file upload (text/csv…) is bounded in bytes by its route's limit (413), not by a maxLength.
                    foreach (var media in content.EnumerateObject().Where(m => m.Name.EndsWith("json", StringComparison.Ordinal) && m.Value.TryGetProperty("schema", out _)))
                    {
                        bodies++;
                        Walk(media.Value.GetProperty("schema"), $"{operation.Name.ToUpperInvariant()} {path.Name}:", "");
                    }
                }
            }
        }

        Assert.True(bodies > 0, $"{document} describes no request body: the walk would prove nothing.");
        return unbounded.ToArray();

        void Walk(JsonElement schema, string owner, string property)
        {
            if (schema.TryGetProperty("$ref", out var reference))
            {
                var name = reference.GetString()!["#/components/schemas/".Length..];
                if (visited.Add(name))
                {
                    Walk(schemas.GetProperty(name), name, "");
                }

                return;
            }

            foreach (var composite in new[] { "allOf", "anyOf", "oneOf" })
            {
                if (schema.TryGetProperty(composite, out var parts))
                {
                    foreach (var part in parts.EnumerateArray())
                    {
                        Walk(part, owner, property);
                    }
                }
            }

            // A property the document leaves untyped ({}) says nothing either, bound included: a custom converter did that.
            if (property.Length > 0 && !new[] { "type", "allOf", "anyOf", "oneOf", "enum", "const", "not" }.Any(k => schema.TryGetProperty(k, out _)))
            {
                unbounded.Add((owner.EndsWith(':') ? $"{owner} {property}" : $"{owner}.{property}") + " (untyped)");
            }

            var types = !schema.TryGetProperty("type", out var type) ? []
                : type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()).ToArray() : [type.GetString()];
            // A URL or an address is free text however: its format does not bound it.
            var format = schema.TryGetProperty("format", out var declared) ? declared.GetString() : null;
            if (types.Contains("string") && !schema.TryGetProperty("maxLength", out _) && format is null or "uri" or "uri-reference" or "email"
                && !schema.TryGetProperty("enum", out _))
            {
                unbounded.Add(owner.EndsWith(':') ? $"{owner} {property}".TrimEnd() : $"{owner}.{property}".TrimEnd('.'));
            }

            if (schema.TryGetProperty("properties", out var properties))
            {
                foreach (var child in properties.EnumerateObject())
                {
                    Walk(child.Value, owner, property.Length == 0 ? child.Name : $"{property}.{child.Name}");
                }
            }

            if (schema.TryGetProperty("items", out var items))
            {
                Walk(items, owner, $"{property}[]");
            }

            if (schema.TryGetProperty("additionalProperties", out var values) && values.ValueKind == JsonValueKind.Object)
            {
                Walk(values, owner, $"{property}{{}}");
            }
        }
    }
}
