using SocialTech.BuildingBlocks.EventStore;

namespace SocialTech.Funding.Hubs;

/// <summary>
/// Funding's copy of an incubator network's hub, kept from IncubatorNetworks' hub contracts (docs/adr/0013): an open hub
/// in France is "an incubator hub" for the support white zones, and a relay point of its commune and EPCI when the
/// network's head declares a relay offer that includes its hubs (<c>includesHubs</c>).
/// </summary>
/// <param name="Id">The hub's id (unique across networks).</param>
/// <param name="NetworkId">Its network: <c>/api/networks/{networkId}</c>.</param>
/// <param name="NetworkName">The network's name when the hub opened.</param>
/// <param name="HeadActorId">The actor heading the network, whose relay offer may include its hubs; <see cref="Guid.Empty"/>
/// when the opening was published before the contract carried it.</param>
/// <param name="CommuneCode">Its commune (COG 2025) in France; null abroad.</param>
/// <param name="TerritoryKeys">That commune and the territories containing it, <c>level:code</c>; empty abroad.</param>
/// <param name="Status"><c>open</c> or <c>closed</c>.</param>
/// <param name="SourceVersion">The network stream's version this copy reflects.</param>
public sealed record KnownHub(
    Guid Id,
    Guid NetworkId,
    string NetworkName,
    Guid HeadActorId,
    string Name,
    string? CommuneCode,
    string CountryCode,
    IReadOnlyList<string> TerritoryKeys,
    DateOnly OpenedOn,
    DateOnly? ClosedOn,
    string Status,
    long SourceVersion,
    DateTimeOffset UpdatedAt) : ILocalCopy
{
    public const string Open = "open";
    public const string Closed = "closed";

    /// <summary>Open on <paramref name="day"/>: opened on or before it, and its closing day (its last open day) not before it.</summary>
    public bool OpenOn(DateOnly day) => OpenedOn <= day && (ClosedOn is not { } closed ? Status == Open : closed >= day);
}
