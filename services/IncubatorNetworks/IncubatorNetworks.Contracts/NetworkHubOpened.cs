namespace SocialTech.IncubatorNetworks.Contracts;

/// <summary>
/// A network opened a hub, in a French commune or abroad.
/// Published by IncubatorNetworks; consumed by Labelling (ecosystems whose label counts the networks present) and by
/// Funding (support white zones; hubs as relay points of their network's head, docs/adr/0013).
/// </summary>
/// <param name="NetworkId">The network's id: <c>/api/networks/{networkId}</c>.</param>
/// <param name="Version">The network stream's version after this change; consumers ignore older versions.</param>
/// <param name="NetworkName">The network's name when the hub opened.</param>
/// <param name="HubId">The hub's id within the network.</param>
/// <param name="HubName">The hub's name.</param>
/// <param name="CommuneCode">INSEE code of its commune (COG 2025) for a hub in France; null abroad.</param>
/// <param name="CountryCode">ISO 3166-1 alpha-2: <c>FR</c> for a hub in France.</param>
/// <param name="City">The city, for a hub abroad.</param>
/// <param name="OpenedOn">The day it opened.</param>
/// <param name="HeadActorId">The registry actor that heads the network (<c>/api/actors/{id}</c>): its relay offer says
/// whether the network's hubs are relay points (<c>includesHubs</c>). Last and defaulted (<see cref="Guid.Empty"/>),
/// so that a message published before it existed still reads.</param>
public sealed record NetworkHubOpened(
    Guid NetworkId, long Version, string NetworkName, Guid HubId, string HubName, string? CommuneCode, string CountryCode, string? City,
    DateOnly OpenedOn, Guid HeadActorId = default);
