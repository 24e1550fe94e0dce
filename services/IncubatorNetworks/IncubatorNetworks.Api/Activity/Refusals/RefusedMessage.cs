using System.Text;
using System.Text.Json;

namespace SocialTech.IncubatorNetworks.Activity.Refusals;

/// <summary>
/// A message a network published on the AMQP inbox that the service refused, kept so that the network itself can
/// read why (<c>GET /api/networks/{networkId}/refused-messages</c>): the same status, reason and field errors the
/// error queue's headers carry, with what identifies the message and the beginning of its body.
/// </summary>
/// <param name="Status">As the HTTP path would have answered the same body: 400, 404, 409 (500: the service failed).</param>
/// <param name="Errors">Field errors keyed by the body's member names (or <c>routingKey</c>, <c>body</c>), as in problem details.</param>
/// <param name="MessageId">The AMQP <c>message_id</c> property, when the publisher set one.</param>
/// <param name="EventId">The body's <c>eventId</c> (its idempotency key), when the body is JSON that has one.</param>
/// <param name="Excerpt">The body's first <see cref="RefusedMessages.ExcerptBytes"/> bytes as UTF-8 text.</param>
/// <param name="BodyBytes">The body's whole size: more than the excerpt when <paramref name="Truncated"/>.</param>
public sealed record RefusedMessage(
    Guid Id, Guid NetworkId, DateTimeOffset ReceivedAt, string RoutingKey, string? Kind, int Status, string Reason,
    IReadOnlyDictionary<string, string[]>? Errors, string? MessageId, string? EventId, string Excerpt, int BodyBytes, bool Truncated);

public static class RefusedMessages
{
    /// <summary>Enough to recognise a message, small enough that a flood of big bad bodies cannot fill the database.</summary>
    public const int ExcerptBytes = 4096;

    /// <summary>What the network is told when the service itself failed: the exception is for operators' logs only.</summary>
    public const string ServiceFailure = "The service could not apply the message after several attempts; an operator has been told.";

    private const string NetworkUserPrefix = "network-";

    /// <summary>
    /// The network a refused message belongs to, from what the broker authenticated: the routing key (a network's user
    /// may only write keys that start with its own id), else the <c>user_id</c> property (RabbitMQ refuses a message
    /// whose user_id is not the connection's user, so <c>network-{id}</c> there is that network's own user).
    /// Null when neither names one: such a message is only in the error queue.
    /// </summary>
    public static Guid? NetworkOf(string routingKey, string? userId)
    {
        if (Guid.TryParse(routingKey.Split('.', 2)[0], out var fromKey))
        {
            return fromKey;
        }

        return userId is not null && userId.StartsWith(NetworkUserPrefix, StringComparison.Ordinal)
            && Guid.TryParse(userId[NetworkUserPrefix.Length..], out var fromUser)
            ? fromUser
            : null;
    }

    /// <summary>The record of a refusal, or null when no network can be named for it.</summary>
    public static RefusedMessage? Describe(
        string routingKey, string? userId, string? messageId, ReadOnlySpan<byte> body, DateTimeOffset receivedAt,
        int status, string reason, IReadOnlyDictionary<string, string[]>? errors)
    {
        if (NetworkOf(routingKey, userId) is not { } network)
        {
            return null;
        }

        var parts = routingKey.Split('.', 2);
        return new RefusedMessage(
            Guid.CreateVersion7(receivedAt), network, receivedAt, routingKey, parts.Length == 2 ? parts[1] : null, status,
            status >= 500 ? ServiceFailure : reason, errors, messageId, EventIdOf(body), Excerpt(body, out var truncated),
            body.Length, truncated);
    }

    /// <summary>The first bytes of the body as text, cut before a character that would be split.</summary>
    public static string Excerpt(ReadOnlySpan<byte> body, out bool truncated)
    {
        truncated = body.Length > ExcerptBytes;
        if (!truncated)
        {
            return Encoding.UTF8.GetString(body);
        }

        var length = ExcerptBytes;
        while (length > 0 && (body[length] & 0xC0) == 0x80)
        {
            length--;  // body[length] continues a character begun before the cut: cut before that character
        }

        return Encoding.UTF8.GetString(body[..length]);
    }

    private static string? EventIdOf(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("eventId", out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;  // malformed: the record says why, and the excerpt shows what came
        }
    }
}
