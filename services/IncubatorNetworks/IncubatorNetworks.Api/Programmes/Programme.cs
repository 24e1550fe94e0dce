namespace SocialTech.IncubatorNetworks.Programmes;

/// <summary>The kinds of support programme networks run. Kebab-case on the wire.</summary>
public enum ProgrammeKind
{
    /// <summary>From an idea to a project: before incorporation.</summary>
    Emergence,

    /// <summary>From a project to a venture that operates.</summary>
    Incubation,

    /// <summary>Growth of a venture that already operates.</summary>
    Acceleration,

    /// <summary>Replicating a proven venture in a new territory (essaimage).</summary>
    Implantation,

    /// <summary>Support designed for rural territories.</summary>
    Rural,
}

public sealed record ProgrammeLaunched(
    Guid ProgrammeId, Guid NetworkId, string ProgrammeRef, string Name, ProgrammeKind Kind, DateOnly LaunchedOn, DateTimeOffset RecordedAt);

/// <summary>A network's support programme; calls, cohorts and ventures name it by its reference.</summary>
public sealed record Programme(Guid Id, Guid NetworkId, string Ref, string Name, ProgrammeKind Kind, DateOnly LaunchedOn)
{
    public long Version { get; init; }

    /// <summary>The events <see cref="Fold"/> handles: its inline projection is offered only these (keep both in step).</summary>
    public static readonly IReadOnlyList<Type> EventTypes = [typeof(ProgrammeLaunched)];

    public static Programme? Fold(Programme? state, object @event) => (state, @event) switch
    {
        (null, ProgrammeLaunched e) => new Programme(e.ProgrammeId, e.NetworkId, e.ProgrammeRef, e.Name, e.Kind, e.LaunchedOn),
        _ => state,
    };
}
