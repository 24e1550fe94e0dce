namespace SocialTech.IncubatorNetworks.Contracts;

/// <summary>
/// A network's public event took place.
/// Published by IncubatorNetworks; consumed by territorial dashboards (issue 8).
/// </summary>
/// <param name="NetworkId">The organising network.</param>
/// <param name="PublicEventId">The event's stream id.</param>
/// <param name="Version">The event stream's version after this change.</param>
/// <param name="PublicEventRef">The network's own reference for the event.</param>
/// <param name="Title">Its title.</param>
/// <param name="StartsAt">When it started.</param>
/// <param name="CommuneCode">INSEE code of where it took place; null when online only.</param>
/// <param name="Attendance">How many people came, when counted.</param>
public sealed record PublicEventHeld(
    Guid NetworkId, Guid PublicEventId, long Version, string PublicEventRef, string Title, DateTimeOffset StartsAt, string? CommuneCode, int? Attendance);
