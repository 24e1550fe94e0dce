using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization.Metadata;

namespace SocialTech.IncubatorNetworks.Activity.Receiving;

/// <summary>
/// The JSON Schema (2020-12) of each kind's body, generated from the very record the service deserializes, so that
/// the schema a network reads cannot drift from what is accepted. Served at <c>/api/networks/schemas/{kind}.json</c>
/// and kept in <c>docs/schemas/</c> (a test checks both say the same).
/// </summary>
public static class MessageSchemas
{
    public const string BaseUri = "https://socialtech.example.org/schemas/networks/";

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };

    public static JsonObject For(InboxKind kind)
    {
        var generated = Options.GetJsonSchemaAsNode(kind.MessageType).AsObject();
        var properties = generated["properties"]!.AsObject();
        if (kind.PathReference is { } reference && !properties.ContainsKey(reference))
        {
            properties[reference] = new JsonObject { ["type"] = "string" };
        }

        foreach (var (name, property) in properties)
        {
            if (name == "eventId" || name.EndsWith("Ref", StringComparison.Ordinal))
            {
                property!["pattern"] = "^[A-Za-z0-9._:\\-]{1,100}$";
            }

            // Every member is nullable in the record (absent and invalid must both be reported as field errors, not as a
            // parse failure), but a required member cannot be null.
            if (kind.Required.Contains(name) && property!["type"] is JsonArray types)
            {
                var nonNull = types.Select(t => t!.GetValue<string>()).Where(t => t != "null").ToArray();
                property["type"] = nonNull.Length == 1 ? nonNull[0] : new JsonArray(nonNull.Select(t => (JsonNode)JsonValue.Create(t)).ToArray());
            }
        }

        return new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$id"] = $"{BaseUri}{kind.Name}.json",
            ["title"] = kind.Name,
            ["description"] = $"{kind.Description} Routing key: <networkId>.{kind.Name} on the exchange {NetworkInbox.Exchange}.",
            ["type"] = "object",
            ["properties"] = properties.DeepClone(),
            ["required"] = new JsonArray(kind.Required.Select(r => (JsonNode)JsonValue.Create(r)).ToArray()),
        };
    }

    public static string Text(InboxKind kind) =>
        For(kind).ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
}
