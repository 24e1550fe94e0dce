using JasperFx.Events;
using SocialTech.BuildingBlocks.Messaging;

namespace SocialTech.Funding;

/// <summary>What Funding tells the others. Grants and programmes arrive with their slices.</summary>
public sealed class FundingContractMapper : IContractMapper
{
    public object? ToContract(IEvent committed) => null;
}
