using SocialTech.BuildingBlocks.EventStore;

namespace SocialTech.Labelling.NetworkFacts;

/// <summary>Labelling's own copy of an incubator network's hub, for ecosystems whose criteria count the networks present.</summary>
/// <param name="Id">The hub's id.</param>
/// <param name="CommuneCode">INSEE code (COG 2025) for a hub in France; null abroad.</param>
/// <param name="SourceVersion">The network stream's version when the hub opened.</param>
public sealed record NetworkHub(
    Guid Id,
    Guid NetworkId,
    string NetworkName,
    string Name,
    string? CommuneCode,
    string CountryCode,
    DateOnly OpenedOn,
    long SourceVersion,
    DateTimeOffset UpdatedAt) : ILocalCopy;
