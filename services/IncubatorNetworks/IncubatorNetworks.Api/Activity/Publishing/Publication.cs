namespace SocialTech.IncubatorNetworks.Activity.Publishing;

/// <summary>
/// One message a network published, keyed by the network and its <c>eventId</c>: the record that makes publishing
/// idempotent (it commits in the same transaction as the message's events) and the entry of the activity feeds.
/// </summary>
/// <param name="Id"><c>{networkId}/{eventId}</c>.</param>
/// <param name="Kind">The message kind, as in its route: <c>venture-admitted</c>, <c>public-event-scheduled</c>…</param>
/// <param name="PayloadHash">SHA-256 of the message as received: the same eventId with another body is refused.</param>
/// <param name="Subject">The path of what the message is about, e.g. <c>/api/networks/{id}/ventures/V-17</c>.</param>
/// <param name="SubjectVersion">The subject stream's version once the message was applied.</param>
/// <param name="Created">Whether the message created its subject (answered 201) or changed it (200).</param>
/// <param name="Changed">Whether it changed anything: a message restating what holds is recorded, not shown in feeds.</param>
/// <param name="TerritoryKeys">Where the activity is: its commune's keys, else those of the network's open hubs.</param>
public sealed record Publication(
    string Id,
    Guid NetworkId,
    string NetworkName,
    string EventId,
    string Kind,
    string PayloadHash,
    string Subject,
    long SubjectVersion,
    bool Created,
    bool Changed,
    string Summary,
    DateOnly OccursOn,
    IReadOnlyList<string> TerritoryKeys,
    DateTimeOffset PublishedAt)
{
    public static string IdOf(Guid networkId, string eventId) => $"{networkId:N}/{eventId}";
}

/// <summary>What a publication answers, the first time and on every retry with the same eventId.</summary>
public sealed record PublicationReceipt(
    Guid NetworkId, string EventId, string Kind, string Subject, long SubjectVersion, string Summary, DateTimeOffset PublishedAt)
{
    public static PublicationReceipt Of(Publication p) =>
        new(p.NetworkId, p.EventId, p.Kind, p.Subject, p.SubjectVersion, p.Summary, p.PublishedAt);
}

/// <param name="Replayed">True when this eventId had already been published: nothing new was written.</param>
public sealed record PublicationResult(Publication Publication, bool Replayed);
