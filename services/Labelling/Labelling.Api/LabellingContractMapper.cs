using JasperFx.Events;
using Marten;
using SocialTech.BuildingBlocks.Messaging;

namespace SocialTech.Labelling;

/// <summary>What Labelling tells the others. Its aggregates arrive with their own issue.</summary>
public sealed class LabellingContractMapper : IContractMapper
{
    public ValueTask<object?> ToContractAsync(IEvent committed, IQuerySession session, CancellationToken cancellationToken) =>
        ValueTask.FromResult<object?>(null);
}
