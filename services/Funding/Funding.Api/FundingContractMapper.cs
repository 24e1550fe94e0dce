using JasperFx.Events;
using Marten;
using SocialTech.BuildingBlocks.Messaging;

namespace SocialTech.Funding;

/// <summary>What Funding tells the others. Grants and programmes arrive with their slices.</summary>
public sealed class FundingContractMapper : IContractMapper
{
    public ValueTask<object?> ToContractAsync(IEvent committed, IQuerySession session, CancellationToken cancellationToken) =>
        ValueTask.FromResult<object?>(null);
}
