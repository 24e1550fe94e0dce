namespace SocialTech.IncubatorNetworks.Contracts;

/// <summary>
/// A network scheduled a public event (demo day, workshop, jury, open day).
/// Published by IncubatorNetworks; consumed by territorial dashboards and agendas (issue 8).
/// </summary>
/// <param name="NetworkId">The organising network.</param>
/// <param name="PublicEventId">The event's stream id (derived from the network and its reference).</param>
/// <param name="Version">The event stream's version after this change.</param>
/// <param name="PublicEventRef">The network's own reference for the event.</param>
/// <param name="Title">Its title.</param>
/// <param name="Format"><c>demo-day</c>, <c>workshop</c>, <c>jury</c>, <c>open-day</c> or <c>other</c>.</param>
/// <param name="StartsAt">When it starts, with its offset.</param>
/// <param name="EndsAt">When it ends, with its offset.</param>
/// <param name="CommuneCode">INSEE code of where it takes place; null when online only.</param>
/// <param name="Online">Whether it can be followed online.</param>
/// <param name="Audiences"><c>general-public</c>, <c>entrepreneurs</c>, <c>funders</c>, <c>professionals</c>.</param>
/// <param name="RegistrationUrl">Where to register.</param>
public sealed record PublicEventScheduled(
    Guid NetworkId, Guid PublicEventId, long Version, string PublicEventRef, string Title, string Format, DateTimeOffset StartsAt,
    DateTimeOffset EndsAt, string? CommuneCode, bool Online, IReadOnlyList<string> Audiences, Uri? RegistrationUrl);
