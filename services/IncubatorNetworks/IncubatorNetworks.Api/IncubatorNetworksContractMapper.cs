using JasperFx.Events;
using SocialTech.BuildingBlocks.Messaging;

namespace SocialTech.IncubatorNetworks;

/// <summary>What IncubatorNetworks tells the others. Its aggregates arrive with their own issue.</summary>
public sealed class IncubatorNetworksContractMapper : IContractMapper
{
    public object? ToContract(IEvent committed) => null;
}
