using System.Text.Json.Nodes;
using SocialTech.IncubatorNetworks.Activity.Receiving;

namespace SocialTech.IncubatorNetworks.Apis;

/// <summary>The JSON Schemas of the bodies networks publish over AMQP (docs/networks-amqp.md).</summary>
public static class SchemasApi
{
    public static IEndpointRouteBuilder MapSchemasApi(this IEndpointRouteBuilder app)
    {
        var schemas = app.MapGroup("/api/networks/schemas").WithTags("Network activity");

        schemas.MapGet("/", () => TypedResults.Ok(new
            {
                exchange = NetworkInbox.Exchange,
                routingKey = "<networkId>.<kind>",
                errorQueue = NetworkInbox.ErrorQueue,
                kinds = InboxKinds.All.Select(k => new { kind = k.Name, description = k.Description, schema = $"/api/networks/schemas/{k.Name}.json" }),
            }))
            .WithName("MessageSchemas")
            .WithSummary("The AMQP inbox: its exchange, routing keys and the kinds of message with their schemas");

        schemas.MapGet("/{kind}.json", IResult (string kind) => InboxKinds.Find(kind) is { } found
                ? TypedResults.Text(MessageSchemas.Text(found), "application/schema+json")
                : TypedResults.NotFound())
            .WithName("MessageSchema")
            .WithSummary("The JSON Schema (2020-12) of one kind of message's body")
            .Produces<JsonObject>(StatusCodes.Status200OK, "application/schema+json")
            .ProducesProblem(StatusCodes.Status404NotFound);

        return app;
    }
}
