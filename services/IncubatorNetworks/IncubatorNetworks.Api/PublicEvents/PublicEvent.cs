using SocialTech.BuildingBlocks.Http;

namespace SocialTech.IncubatorNetworks.PublicEvents;

public enum PublicEventFormat
{
    DemoDay,
    Workshop,
    Jury,
    OpenDay,
    Other,
}

public enum Audience
{
    GeneralPublic,
    Entrepreneurs,
    Funders,
    Professionals,
}

public enum PublicEventStatus
{
    Scheduled,
    Cancelled,
    Held,
}

/// <summary>What a network says about an event it organises; scheduling and changing both carry it whole.</summary>
/// <param name="CommuneCode">Where it takes place, null when online only.</param>
/// <param name="Online">Whether it can be followed online (with a commune: hybrid).</param>
public sealed record PublicEventDescription(
    string Title,
    PublicEventFormat Format,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    string? CommuneCode,
    bool Online,
    IReadOnlyList<Audience> Audiences,
    Uri? RegistrationUrl);

public sealed record PublicEventScheduled(Guid PublicEventId, Guid NetworkId, string PublicEventRef, PublicEventDescription Description, DateTimeOffset RecordedAt);

public sealed record PublicEventChanged(Guid PublicEventId, PublicEventDescription Description, DateTimeOffset RecordedAt);

public sealed record PublicEventCancelled(Guid PublicEventId, string Reason, DateTimeOffset RecordedAt);

public sealed record PublicEventHeld(Guid PublicEventId, int? Attendance, DateTimeOffset RecordedAt);

/// <summary>
/// A public event's state, folded from its events by <see cref="Fold"/> (not <c>Apply</c> or <c>Evolve</c>: Marten's
/// source generator would take a static method of that name for one of its conventions).
/// </summary>
/// <param name="Sequence">Bumped on every change: the iCalendar <c>SEQUENCE</c> that tells calendars to update.</param>
public sealed record PublicEvent(
    Guid Id,
    Guid NetworkId,
    string Ref,
    PublicEventDescription Description,
    PublicEventStatus Status,
    int? Attendance,
    int Sequence,
    DateTimeOffset RecordedAt,
    DateTimeOffset UpdatedAt)
{
    public long Version { get; init; }

    /// <summary>The events <see cref="Fold"/> handles: its inline projection is offered only these (keep both in step).</summary>
    public static readonly IReadOnlyList<Type> EventTypes = [typeof(PublicEventScheduled), typeof(PublicEventChanged), typeof(PublicEventCancelled), typeof(PublicEventHeld)];

    public static PublicEvent? Fold(PublicEvent? state, object @event) => (state, @event) switch
    {
        (null, PublicEventScheduled e) => new PublicEvent(e.PublicEventId, e.NetworkId, e.PublicEventRef, e.Description,
            PublicEventStatus.Scheduled, null, 0, e.RecordedAt, e.RecordedAt),
        (null, _) => null,
        (_, PublicEventChanged e) => state with { Description = e.Description, Sequence = state.Sequence + 1, UpdatedAt = e.RecordedAt },
        (_, PublicEventCancelled e) => state with { Status = PublicEventStatus.Cancelled, Sequence = state.Sequence + 1, UpdatedAt = e.RecordedAt },
        (_, PublicEventHeld e) => state with { Status = PublicEventStatus.Held, Attendance = e.Attendance, UpdatedAt = e.RecordedAt },
        _ => state,
    };

    public static PublicEvent Scheduled(PublicEvent? publicEvent, string action)
    {
        var known = publicEvent ?? throw new InvalidTransitionException(action, "the event was never scheduled (publish public-event-scheduled first)");
        if (known.Status != PublicEventStatus.Scheduled)
        {
            throw new InvalidTransitionException(action, $"the event is {Kebab.Name(known.Status)}");
        }

        return known;
    }
}
