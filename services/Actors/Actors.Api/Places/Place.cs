using SocialTech.Actors.Contracts;
using SocialTech.BuildingBlocks.Http;

namespace SocialTech.Actors.Places;

/// <summary>
/// What a tiers-lieu offers, after the typologies France Tiers-Lieux uses in its census. A place often has several
/// (a fablab with a coworking space and a café); they travel kebab-case (<c>shared-workshop</c>).
/// </summary>
public enum PlaceTypology
{
    /// <summary>Shared desks and offices.</summary>
    Coworking,

    /// <summary>Digital fabrication workshop (3D printers, laser cutters), open to the public.</summary>
    Fablab,

    /// <summary>Cultural venue or artists' residency.</summary>
    Cultural,

    /// <summary>Shared kitchen, café, food hub or urban farm.</summary>
    Food,

    /// <summary>Shared craft or repair workshop (wood, metal, bicycles, repair café).</summary>
    SharedWorkshop,

    /// <summary>A lab where public bodies and citizens design social innovations together.</summary>
    SocialInnovationLab,

    /// <summary>Digital inclusion space (espace public numérique, France services numériques).</summary>
    DigitalInclusion,

    /// <summary>A third place none of the above describes.</summary>
    Other,
}

public enum PlaceStatus
{
    Open,
    Closed,
}

/// <summary>The editable part of a place, as one value: opening and changing the details both carry it.</summary>
/// <param name="OperatorId">The registry actor that runs the place.</param>
public sealed record PlaceDescription(
    string Name,
    IReadOnlyList<PlaceTypology> Typologies,
    CommuneReference Commune,
    Guid OperatorId,
    Uri? Website);

public sealed record PlaceOpened(Guid PlaceId, PlaceDescription Description, DateOnly OpenedOn, DateTimeOffset RecordedAt);

public sealed record PlaceDetailsChanged(Guid PlaceId, PlaceDescription Description, DateTimeOffset ChangedAt);

public sealed record PlaceClosed(Guid PlaceId, DateOnly ClosedOn, string Reason, DateTimeOffset RecordedAt);

public sealed record PlaceClosure(DateOnly ClosedOn, string Reason);

/// <summary>
/// A place's state, folded from its events by <see cref="Fold"/> (not <c>Apply</c> or <c>Evolve</c>: Marten's source
/// generator would take a static method of that name for one of its conventions).
/// </summary>
public sealed record Place(
    Guid Id,
    PlaceDescription Description,
    DateOnly OpenedOn,
    PlaceStatus Status,
    PlaceClosure? Closure,
    DateTimeOffset RecordedAt)
{
    public long Version { get; init; }

    /// <summary>The events <see cref="Fold"/> handles: its inline projections are offered only these (keep both in step).</summary>
    public static readonly IReadOnlyList<Type> EventTypes = [typeof(PlaceOpened), typeof(PlaceDetailsChanged), typeof(PlaceClosed)];

    public static Place? Fold(Place? state, object @event) => (state, @event) switch
    {
        (null, PlaceOpened e) => new Place(e.PlaceId, e.Description, e.OpenedOn, PlaceStatus.Open, null, e.RecordedAt),
        (null, _) => null,
        (_, PlaceDetailsChanged e) => state with { Description = e.Description },
        (_, PlaceClosed e) => state with { Status = PlaceStatus.Closed, Closure = new PlaceClosure(e.ClosedOn, e.Reason) },
        _ => state,
    };

    /// <summary>Refuses any change to a closed place: its record is history.</summary>
    public void EnsureOpen(string action)
    {
        if (Status != PlaceStatus.Open)
        {
            throw new InvalidTransitionException(action, $"the place is {Kebab.Name(Status)}");
        }
    }
}
