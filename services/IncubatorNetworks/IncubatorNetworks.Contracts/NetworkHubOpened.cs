namespace SocialTech.IncubatorNetworks.Contracts;

/// <summary>
/// A network opened a hub, in a French commune or abroad.
/// Published by IncubatorNetworks; consumed by territorial dashboards (issue 8) and, later, by Labelling for
/// ecosystems whose label counts the networks present.
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
public sealed record NetworkHubOpened(
    Guid NetworkId, long Version, string NetworkName, Guid HubId, string HubName, string? CommuneCode, string CountryCode, string? City,
    DateOnly OpenedOn);
