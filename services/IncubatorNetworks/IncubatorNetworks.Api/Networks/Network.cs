using SocialTech.BuildingBlocks.Http;

namespace SocialTech.IncubatorNetworks.Networks;

/// <summary>What a member does for the network: runs an incubator, or runs a tiers-lieu. Kebab-case on the wire.</summary>
public enum MemberRole
{
    Incubator,
    TiersLieu,
}

/// <summary>
/// Where a hub is: a French commune (INSEE code, country <c>FR</c>), or a city abroad with its ISO 3166-1 alpha-2
/// country code, as French Tech has hubs in other countries.
/// </summary>
public sealed record HubLocation(string? CommuneCode, string CountryCode, string? City)
{
    public bool InFrance => CommuneCode is not null;
}

public sealed record Hub(Guid HubId, string Name, HubLocation Location, DateOnly OpenedOn, DateOnly? ClosedOn);

/// <summary>One membership: an actor that left and joined again has two.</summary>
public sealed record Membership(Guid ActorId, MemberRole Role, DateOnly JoinedOn, DateOnly? LeftOn, string? LeavingReason);

public sealed record NetworkFounded(Guid NetworkId, string Name, Guid HeadActorId, Uri? Website, DateTimeOffset RecordedAt);

public sealed record HubOpened(Guid NetworkId, Guid HubId, string Name, HubLocation Location, DateOnly OpenedOn, DateTimeOffset RecordedAt);

public sealed record HubClosed(Guid NetworkId, Guid HubId, DateOnly ClosedOn, DateTimeOffset RecordedAt);

public sealed record MemberJoined(Guid NetworkId, Guid ActorId, MemberRole Role, DateOnly JoinedOn, DateTimeOffset RecordedAt);

public sealed record MemberLeft(Guid NetworkId, Guid ActorId, DateOnly LeftOn, string Reason, DateTimeOffset RecordedAt);

/// <summary>
/// A network's state, folded from its events by <see cref="Fold"/> (not <c>Apply</c> or <c>Evolve</c>: Marten's
/// source generator would take a static method of that name for one of its conventions).
/// </summary>
public sealed record Network(
    Guid Id,
    string Name,
    Guid HeadActorId,
    Uri? Website,
    IReadOnlyList<Hub> Hubs,
    IReadOnlyList<Membership> Memberships,
    DateTimeOffset RecordedAt)
{
    public long Version { get; init; }

    /// <summary>The events <see cref="Fold"/> handles: its inline projection is offered only these (keep both in step).</summary>
    public static readonly IReadOnlyList<Type> EventTypes = [typeof(NetworkFounded), typeof(HubOpened), typeof(HubClosed), typeof(MemberJoined), typeof(MemberLeft)];

    public static Network? Fold(Network? state, object @event) => (state, @event) switch
    {
        (null, NetworkFounded e) => new Network(e.NetworkId, e.Name, e.HeadActorId, e.Website, [], [], e.RecordedAt),
        (null, _) => null,
        (_, HubOpened e) => state with { Hubs = [.. state.Hubs, new Hub(e.HubId, e.Name, e.Location, e.OpenedOn, null)] },
        (_, HubClosed e) => state with
        {
            Hubs = state.Hubs.Select(h => h.HubId == e.HubId ? h with { ClosedOn = e.ClosedOn } : h).ToArray(),
        },
        (_, MemberJoined e) => state with
        {
            Memberships = [.. state.Memberships, new Membership(e.ActorId, e.Role, e.JoinedOn, null, null)],
        },
        (_, MemberLeft e) => state with
        {
            Memberships = state.Memberships
                .Select(m => m.ActorId == e.ActorId && m.LeftOn is null ? m with { LeftOn = e.LeftOn, LeavingReason = e.Reason } : m)
                .ToArray(),
        },
        _ => state,
    };

    /// <summary>The actor's membership in force, if any.</summary>
    public Membership? CurrentMembership(Guid actorId) => Memberships.FirstOrDefault(m => m.ActorId == actorId && m.LeftOn is null);

    public IEnumerable<Hub> OpenHubs => Hubs.Where(h => h.ClosedOn is null);

    public Hub HubOrNotFound(Guid hubId) =>
        Hubs.FirstOrDefault(h => h.HubId == hubId)
        ?? throw new ProblemException(StatusCodes.Status404NotFound, "Not found", $"The network {Id} has no hub {hubId}.");
}
