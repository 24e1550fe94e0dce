namespace SocialTech.IncubatorNetworks.Contracts;

/// <summary>
/// A network closed one of its hubs: from that day it is no hub of the network any more. Published by
/// IncubatorNetworks; for the consumers of <see cref="NetworkHubOpened"/> (Funding's copy of hubs, docs/adr/0013).
/// </summary>
/// <param name="NetworkId">The network's id: <c>/api/networks/{networkId}</c>.</param>
/// <param name="Version">The network stream's version after this change; consumers ignore older versions.</param>
/// <param name="HubId">The hub's id within the network, as <see cref="NetworkHubOpened"/> gave it.</param>
/// <param name="ClosedOn">The day it closed.</param>
public sealed record NetworkHubClosed(Guid NetworkId, long Version, Guid HubId, DateOnly ClosedOn);
