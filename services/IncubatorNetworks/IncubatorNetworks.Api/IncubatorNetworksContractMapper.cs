using JasperFx.Events;
using Marten;
using SocialTech.BuildingBlocks.Messaging;

namespace SocialTech.IncubatorNetworks;

/// <summary>What IncubatorNetworks tells the others. Its aggregates arrive with their own issue.</summary>
public sealed class IncubatorNetworksContractMapper : IContractMapper
{
    public ValueTask<object?> ToContractAsync(IEvent committed, IQuerySession session, CancellationToken cancellationToken) =>
        ValueTask.FromResult<object?>(null);
}
