using System.Text.Json.Nodes;
using Scalar.AspNetCore;

namespace SocialTech.Gateway;

/// <summary>
/// One OpenAPI document for the whole platform, at <c>/openapi/v1.json</c> with its reference at <c>/scalar</c>:
/// each service's own document (<c>Gateway:OpenApiSources</c>, name → address) fetched and merged on request, so
/// it never drifts from what the services answer.
/// </summary>
public static partial class CombinedOpenApi
{
    public const string ClientName = "openapi-sources";

    public static IServiceCollection AddCombinedOpenApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddHttpClient(ClientName, client => client.Timeout = TimeSpan.FromSeconds(10));
        return services;
    }

    public static WebApplication MapCombinedOpenApi(this WebApplication app)
    {
        app.MapGet("/openapi/v1.json", async (IHttpClientFactory clients, IConfiguration configuration, ILoggerFactory logs, CancellationToken ct) =>
        {
            var log = logs.CreateLogger(typeof(CombinedOpenApi));
            var sources = configuration.GetSection("Gateway:OpenApiSources").GetChildren().Select(s => (s.Key, Address: s.Value!)).ToList();
            var documents = new List<(string Service, JsonObject? Document)>();
            using var client = clients.CreateClient(ClientName);
            foreach (var (service, address) in sources)
            {
                try
                {
                    var text = await client.GetStringAsync(new Uri(new Uri(address), "/openapi/v1.json"), ct);
                    documents.Add((service, JsonNode.Parse(text) as JsonObject));
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
                {
                    // One service down must not take the reference of the others with it; the document says which is missing.
                    log.LogWarning(e, "OpenAPI document of {Service} unavailable at {Address}", service, address);
                    documents.Add((service, null));
                }
            }

            return Results.Text(Merge(documents).ToJsonString(), "application/json; charset=utf-8");
        }).ExcludeFromDescription();

        app.MapScalarApiReference("/scalar", options => options.WithTitle("SocialTech API"));
        return app;
    }

    /// <summary>
    /// Paths, tags and component schemas of every document. Services name their schemas and operations
    /// independently: a schema name two services define differently is renamed <c>{Service}{Name}</c> in the later
    /// one, with its references; so is an operationId an earlier service already used (Funding's and a network's
    /// <c>GetProgramme</c>), since a generated client makes one method of each.
    /// </summary>
    public static JsonObject Merge(IReadOnlyList<(string Service, JsonObject? Document)> documents)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var paths = new JsonObject();
        var schemas = new JsonObject();
        var tags = new JsonArray();
        var operationIds = new HashSet<string>(StringComparer.Ordinal);
        var missing = documents.Where(d => d.Document is null).Select(d => d.Service).ToList();
        foreach (var (service, original) in documents)
        {
            if (original is null)
            {
                continue;
            }

            var document = (JsonObject)original.DeepClone();
            var renames = new Dictionary<string, string>(StringComparer.Ordinal);
            if (document["components"]?["schemas"] is JsonObject own)
            {
                foreach (var (name, schema) in own)
                {
                    if (schemas[name] is { } existing && !JsonNode.DeepEquals(existing, schema))
                    {
                        renames[name] = service + name;
                    }
                }
            }

            if (renames.Count > 0)
            {
                RewriteReferences(document, renames);
            }

            foreach (var (name, schema) in (document["components"]?["schemas"] as JsonObject ?? []).ToList())
            {
                var target = renames.GetValueOrDefault(name, name);
                schemas[target] ??= schema!.DeepClone();
            }

            foreach (var (path, item) in document["paths"] as JsonObject ?? [])
            {
                // Each service's operator commands (the replay, /api/admin/…) are called on the service itself: the
                // gateway does not route them, so its document does not offer them.
                if (path.StartsWith("/api/admin/", StringComparison.Ordinal))
                {
                    continue;
                }

                var copy = item!.DeepClone();
                foreach (var (_, operation) in copy as JsonObject ?? [])
                {
                    if (operation?["operationId"] is JsonValue id && id.TryGetValue<string>(out var name) && !operationIds.Add(name))
                    {
                        operation["operationId"] = service + name;
                        operationIds.Add(service + name);
                    }
                }

                paths[path] = copy;
            }

            foreach (var tag in document["tags"] as JsonArray ?? [])
            {
                if (!tags.Any(t => t?["name"]?.GetValue<string>() == tag?["name"]?.GetValue<string>()))
                {
                    tags.Add(tag!.DeepClone());
                }
            }
        }

        return new JsonObject
        {
            ["openapi"] = documents.FirstOrDefault(d => d.Document is not null).Document?["openapi"]?.DeepClone() ?? "3.1.1",
            ["info"] = new JsonObject
            {
                ["title"] = "SocialTech API",
                ["version"] = "v1",
                ["description"] = "Every service's API behind the gateway. Writes need a bearer token (README: Access control)."
                    + (missing.Count == 0 ? "" : $" Unavailable when this document was built: {string.Join(", ", missing)}."),
            },
            ["paths"] = paths,
            ["components"] = new JsonObject
            {
                ["schemas"] = Referenced(schemas, paths),
                ["securitySchemes"] = new JsonObject
                {
                    ["bearer"] = new JsonObject { ["type"] = "http", ["scheme"] = "bearer", ["bearerFormat"] = "JWT" },
                },
            },
            ["security"] = new JsonArray(new JsonObject { ["bearer"] = new JsonArray() }, new JsonObject()),
            ["tags"] = tags,
        };
    }

    private static void RewriteReferences(JsonNode node, IReadOnlyDictionary<string, string> renames)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj.ToList())
                {
                    if (key == "$ref" && value?.GetValue<string>() is { } reference
                        && reference.StartsWith("#/components/schemas/", StringComparison.Ordinal)
                        && renames.TryGetValue(reference["#/components/schemas/".Length..], out var renamed))
                    {
                        obj[key] = "#/components/schemas/" + renamed;
                    }
                    else if (value is not null)
                    {
                        RewriteReferences(value, renames);
                    }
                }

                if (obj["components"]?["schemas"] is JsonObject schemas)
                {
                    foreach (var (from, to) in renames)
                    {
                        if (schemas[from] is { } schema)
                        {
                            schemas.Remove(from);
                            schemas[to] = schema;
                        }
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    if (item is not null)
                    {
                        RewriteReferences(item, renames);
                    }
                }

                break;
        }
    }

    /// <summary>
    /// The schemas the paths use, directly or through other schemas: a path left out (the services' /api/admin/
    /// commands) must not leave its request and answer schemas behind, unused.
    /// </summary>
    private static JsonObject Referenced(JsonObject schemas, JsonObject paths)
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Queue<string>(SchemaReferences(paths.ToJsonString()));
        while (pending.TryDequeue(out var name))
        {
            if (used.Add(name) && schemas[name] is { } schema)
            {
                foreach (var next in SchemaReferences(schema.ToJsonString()))
                {
                    pending.Enqueue(next);
                }
            }
        }

        var kept = new JsonObject();
        foreach (var (name, schema) in schemas)
        {
            if (used.Contains(name))
            {
                kept[name] = schema?.DeepClone();
            }
        }

        return kept;
    }

    private static IEnumerable<string> SchemaReferences(string json) =>
        SchemaReference().Matches(json).Select(m => m.Groups[1].Value);

    [System.Text.RegularExpressions.GeneratedRegex("\"#/components/schemas/([^\"]+)\"")]
    private static partial System.Text.RegularExpressions.Regex SchemaReference();
}
