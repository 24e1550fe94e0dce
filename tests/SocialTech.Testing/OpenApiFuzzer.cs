using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SocialTech.Testing;

/// <summary>
/// Sends hostile but well-formed HTTP requests to every operation a service's OpenAPI document describes, and
/// collects every answer of 500 or more: bad input must get a 4xx naming what is wrong, never a crash. Given a
/// <c>state</c> probe (e.g. <see cref="EventStoreState.FingerprintAsync"/>), it also collects every rejected (4xx)
/// request after which the stored state differs from before it: a refusal must change nothing.
/// </summary>
/// <remarks>
/// Bodies start from an object with every property of the request schema, then each property in turn takes each
/// hostile value (null, empty, wrong type, huge, a null inside a list…); query parameters and path segments take
/// boundary values. Deterministic for a given seed, and bounded per operation, so a run costs seconds.
/// </remarks>
public sealed class OpenApiFuzzer(
    HttpClient client, int seed = 20261122, int maxRequestsPerOperation = 120, Func<Task<string>>? state = null)
{
    private static readonly JsonNode?[] HostileValues =
    [
        null, "", " ", "x", -1, 0, 2147483648L, 1e308, true, new JsonArray(), new JsonObject(), new JsonArray((JsonNode?)null),
        new string('x', 5000), "\u0000", "' OR 1=1 --", "2026-02-30", "W/\"1\"", "00000000-0000-0000-0000-000000000000",
    ];

    private static readonly string[] HostileQueryValues =
        ["", "-1", "0", "2147483648", "abc", "true", "null", ":", "departement:", "commune:99999", new string('9', 600), "%00", "ü"];

    private static readonly string[] HostileIfMatch = ["", "W/\"1\"", "\"1\"", "garbage", "*", "W/\"-5\"", "W/\"99999999999999999999\""];

    private readonly Random random = new(seed);

    // The state as the last rejected request left it: still valid before the next request, since a refusal
    // changes nothing. Cleared by anything else (an accepted request may write).
    private string? knownState;

    /// <summary>The request that crashed, and what came back.</summary>
    public sealed record Failure(string Method, string Uri, string? Body, int Status, string Response);

    public int RequestsSent { get; private set; }

    /// <summary>Rejected (4xx) requests whose state before and after were compared (with a <c>state</c> probe).</summary>
    public int RejectionsChecked { get; private set; }

    /// <param name="pathValues">Values worth trying for path parameters besides random ones (existing ids).</param>
    public async Task<IReadOnlyList<Failure>> RunAsync(IReadOnlyDictionary<string, string[]>? pathValues = null, string document = "/openapi/v1.json")
    {
        var openApi = JsonNode.Parse(await client.GetStringAsync(new Uri(document, UriKind.Relative)))!;
        var schemas = openApi["components"]?["schemas"]?.AsObject();
        var failures = new List<Failure>();
        foreach (var (path, operations) in openApi["paths"]!.AsObject())
        {
            foreach (var (method, operation) in operations!.AsObject())
            {
                var requests = Requests(path, method.ToUpperInvariant(), operation!, schemas, pathValues ?? new Dictionary<string, string[]>())
                    .OrderBy(_ => random.Next()).Take(maxRequestsPerOperation);
                foreach (var request in requests)
                {
                    failures.AddRange(await SendAsync(request));
                }
            }
        }

        return failures;
    }

    private sealed record FuzzRequest(string Method, string Uri, string? ContentType, string? Body, string? IfMatch);

    private async Task<IEnumerable<Failure>> SendAsync(FuzzRequest fuzz)
    {
        using var request = new HttpRequestMessage(new HttpMethod(fuzz.Method), new Uri(fuzz.Uri, UriKind.Relative));
        if (fuzz.Body is not null)
        {
            request.Content = new StringContent(fuzz.Body, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(fuzz.ContentType ?? "application/json");
        }

        if (!string.IsNullOrEmpty(fuzz.IfMatch))
        {
            request.Headers.TryAddWithoutValidation("If-Match", fuzz.IfMatch);
        }

        var before = state is null ? null : knownState ?? await state();
        knownState = null;
        RequestsSent++;
        using var response = await client.SendAsync(request);
        var status = (int)response.StatusCode;
        if (status is >= 400 and < 500 && state is not null)
        {
            var after = await state();
            RejectionsChecked++;
            knownState = after;
            if (after != before)
            {
                return [new Failure(fuzz.Method, fuzz.Uri, fuzz.Body, status, $"state changed by a rejected request: {before} → {after}")];
            }
        }

        if (status < 500)
        {
            return [];
        }

        var text = await response.Content.ReadAsStringAsync();
        return [new Failure(fuzz.Method, fuzz.Uri, fuzz.Body, status, text.Length > 500 ? text[..500] : text)];
    }

    private IEnumerable<FuzzRequest> Requests(
        string path, string method, JsonNode operation, JsonObject? schemas, IReadOnlyDictionary<string, string[]> pathValues)
    {
        var parameters = operation["parameters"]?.AsArray().Select(p => p!).ToArray() ?? [];
        var pathParameters = parameters.Where(p => (string?)p["in"] == "path").Select(p => (string)p["name"]!).ToArray();
        var queryParameters = parameters.Where(p => (string?)p["in"] == "query").Select(p => (string)p["name"]!).ToArray();
        var content = operation["requestBody"]?["content"]?.AsObject();
        var writes = method is "POST" or "PUT" or "PATCH" or "DELETE";

        foreach (var uri in Uris(path, pathParameters, pathValues))
        {
            if (content is null)
            {
                yield return new FuzzRequest(method, uri, null, null, writes ? "W/\"1\"" : null);
                foreach (var name in queryParameters)
                {
                    foreach (var value in HostileQueryValues)
                    {
                        yield return new FuzzRequest(method, $"{uri}?{name}={Uri.EscapeDataString(value)}", null, null, null);
                    }
                }

                foreach (var ifMatch in writes ? HostileIfMatch : [])
                {
                    yield return new FuzzRequest(method, uri, null, null, ifMatch);
                }

                continue;
            }

            foreach (var (mediaType, media) in content)
            {
                foreach (var body in Bodies(mediaType, media?["schema"], schemas))
                {
                    yield return new FuzzRequest(method, uri, mediaType, body, writes ? HostileIfMatch[random.Next(HostileIfMatch.Length)] : null);
                    yield return new FuzzRequest(method, uri, mediaType, body, "W/\"1\"");
                }
            }
        }
    }

    private IEnumerable<string> Uris(string path, string[] pathParameters, IReadOnlyDictionary<string, string[]> pathValues)
    {
        if (pathParameters.Length == 0)
        {
            yield return path;
            yield break;
        }

        for (var i = 0; i < 6; i++)
        {
            var uri = path;
            foreach (var name in pathParameters)
            {
                string[] candidates = [.. pathValues.GetValueOrDefault(name, []), Guid.NewGuid().ToString(), Guid.Empty.ToString(), "x", "99999", "2A004", new string('9', 300), "%20"];
                uri = uri.Replace($"{{{name}}}", Uri.EscapeDataString(candidates[random.Next(candidates.Length)]), StringComparison.Ordinal);
            }

            yield return uri;
        }
    }

    private static List<string> Bodies(string mediaType, JsonNode? schema, JsonObject? schemas)
    {
        if (!mediaType.Contains("json", StringComparison.Ordinal))
        {
            // CSV and other text bodies: empty, a header alone, an unterminated quote, binary noise.
            return ["", "a;b", "name;kinds\n\"unterminated", "\u00ff\u00fe\u0000\u0001", new string(';', 5000)];
        }

        var template = Template(schema, schemas, depth: 0) as JsonObject ?? new JsonObject();
        var bodies = new List<string> { "null", "[]", "{}", "\"text\"", "0", template.ToJsonString() };
        foreach (var property in template.Select(p => p.Key).ToArray())
        {
            foreach (var value in HostileValues)
            {
                var mutated = template.DeepClone().AsObject();
                mutated[property] = value?.DeepClone();
                bodies.Add(mutated.ToJsonString());
            }
        }

        return bodies;
    }

    /// <summary>A plausible value for a schema: every property present, so that mutations reach past the first check.</summary>
    private static JsonNode? Template(JsonNode? schema, JsonObject? schemas, int depth)
    {
        if (schema is null || depth > 4)
        {
            return null;
        }

        if (schema["$ref"] is JsonValue reference)
        {
            var name = ((string)reference!).Split('/')[^1];
            return Template(schemas?[name], schemas, depth + 1);
        }

        if (schema["oneOf"] is JsonArray oneOf)
        {
            return Template(oneOf.FirstOrDefault(s => s?["$ref"] is not null) ?? oneOf.LastOrDefault(), schemas, depth + 1);
        }

        var types = schema["type"] switch
        {
            JsonArray array => array.Select(t => (string?)t).ToArray(),
            JsonValue value => [(string?)value],
            _ => [],
        };
        if (types.Contains("object") || schema["properties"] is not null)
        {
            var result = new JsonObject();
            foreach (var (name, property) in schema["properties"]?.AsObject() ?? [])
            {
                result[name] = Template(property, schemas, depth + 1);
            }

            return result;
        }

        if (types.Contains("array"))
        {
            return new JsonArray(Template(schema["items"], schemas, depth + 1));
        }

        return (string?)schema["format"] switch
        {
            "uuid" => Guid.NewGuid().ToString(),
            "date" => "2025-01-01",
            "date-time" => DateTimeOffset.UnixEpoch.ToString("O", CultureInfo.InvariantCulture),
            _ when types.Contains("integer") || types.Contains("number") => 1,
            _ when types.Contains("boolean") => true,
            _ => "x",
        };
    }

    public static string Describe(IEnumerable<Failure> failures) =>
        string.Join("\n", failures.Take(20).Select(f => $"{f.Status} {f.Method} {f.Uri} body={f.Body?[..Math.Min(f.Body.Length, 300)]} → {f.Response}"));
}
