using System.Text.Json;
using Marten;
using SocialTech.BuildingBlocks.EventStore;
using SocialTech.BuildingBlocks.Http;
using SocialTech.BuildingBlocks.Security;
using SocialTech.IncubatorNetworks.Activity.Publishing;

namespace SocialTech.IncubatorNetworks.Activity.Receiving;

/// <summary>What became of a message from the inbox.</summary>
/// <param name="Status">As the HTTP path would have answered: 200/201 applied (or replayed), 400 invalid, 404 unknown
/// network or subject, 409 illegal transition or reused eventId.</param>
/// <param name="Fields">Field errors, keyed by the body's member names, when the body broke a rule.</param>
public sealed record InboxOutcome(int Status, string Reason, IReadOnlyDictionary<string, string[]>? Fields = null, PublicationResult? Result = null)
{
    public bool Applied => Result is not null;
}

/// <summary>
/// Turns a raw AMQP message (routing key + JSON body) into the same call the HTTP route makes: the same record, the
/// same slice, the same pure decision and <see cref="ActivityPublisher"/>, so that both paths accept, refuse and
/// deduplicate alike. Any refusal comes back as an outcome, never as an exception: the caller dead-letters it.
/// </summary>
public static class InboxProcessor
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<InboxOutcome> ProcessAsync(
        ISessionFactory sessions, string routingKey, ReadOnlyMemory<byte> body, DateTimeOffset now, CancellationToken ct)
    {
        // The routing key is the authenticated part: RabbitMQ's topic permissions only let a network's user write keys
        // that start with its own id, so the network comes from the key and never from the body.
        var parts = routingKey.Split('.', 2);
        if (parts.Length != 2 || !Guid.TryParse(parts[0], out var networkId))
        {
            return Refused(400, $"The routing key '{routingKey}' is not <networkId>.<kind>.", "routingKey", "must be <networkId>.<kind>, e.g. <networkId>.venture-admitted.");
        }

        if (InboxKinds.Find(parts[1]) is not { } kind)
        {
            return Refused(400, $"'{parts[1]}' is not a message kind.", "routingKey",
                $"the kind must be one of {string.Join(", ", InboxKinds.All.Select(k => k.Name))}.");
        }

        INetworkMessage message;
        string reference = "";
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return Refused(400, "The body is not a JSON object.", "body", "must be a JSON object.");
            }

            message = (INetworkMessage)(document.RootElement.Deserialize(kind.MessageType, Json)
                ?? throw new JsonException("The body is null."));
            if (kind.PathReference is { } field)
            {
                reference = document.RootElement.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String
                    ? value.GetString() ?? ""
                    : "";
            }
        }
        catch (JsonException e)
        {
            var field = e.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : "body";
            return Refused(400, $"The body is not valid JSON for {kind.Name}: {e.Message}", field, "has a value of the wrong type or is malformed.");
        }

        try
        {
            var result = await kind.Publish(new InboxSessionFactory(sessions, networkId), networkId, reference, message, now, ct);
            return new InboxOutcome(result.Publication.Created ? 201 : 200,
                result.Replayed ? "Already applied (same eventId, same body)." : result.Publication.Summary, Result: result);
        }
        catch (ValidationException e)
        {
            return new InboxOutcome(e.Status, e.Message, e.Errors);
        }
        catch (ProblemException e)
        {
            return new InboxOutcome(e.Status, e.Message);
        }
    }

    private static InboxOutcome Refused(int status, string reason, string field, string error) =>
        new(status, reason, new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [error] });
}

/// <summary>
/// Sessions for the AMQP inbox record who acted, as HTTP writes do from the token: the network whose routing key the
/// broker let through (its user may only write keys that start with its own id), under the role <c>network</c>.
/// </summary>
public sealed class InboxSessionFactory(ISessionFactory inner, Guid networkId) : ISessionFactory
{
    public const string ActorPrefix = "amqp:network:";

    public IQuerySession QuerySession() => inner.QuerySession();

    public IDocumentSession OpenSession()
    {
        var session = inner.OpenSession();
        session.LastModifiedBy = ActorPrefix + networkId;
        session.SetHeader(TracingSessionFactory.ActingRolesHeader, Roles.Network);
        return session;
    }
}

