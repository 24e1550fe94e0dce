namespace SocialTech.IncubatorNetworks.Cohorts;

/// <summary>A venture as a cohort's announcement names it: the network's reference and its name.</summary>
public sealed record CohortVenture(string VentureRef, string Name);

public sealed record CohortAnnounced(
    Guid CohortId, Guid NetworkId, string CohortRef, string ProgrammeRef, string Name, DateOnly StartsOn,
    IReadOnlyList<CohortVenture> Ventures, DateTimeOffset RecordedAt);

/// <summary>A cohort of a programme, as announced. Its ventures' journeys are the ventures' own streams.</summary>
public sealed record Cohort(Guid Id, Guid NetworkId, string Ref, string ProgrammeRef, string Name, DateOnly StartsOn, IReadOnlyList<CohortVenture> Ventures)
{
    public long Version { get; init; }

    /// <summary>The events <see cref="Fold"/> handles: its inline projection is offered only these (keep both in step).</summary>
    public static readonly IReadOnlyList<Type> EventTypes = [typeof(CohortAnnounced)];

    public static Cohort? Fold(Cohort? state, object @event) => (state, @event) switch
    {
        (null, CohortAnnounced e) => new Cohort(e.CohortId, e.NetworkId, e.CohortRef, e.ProgrammeRef, e.Name, e.StartsOn, e.Ventures),
        _ => state,
    };
}
