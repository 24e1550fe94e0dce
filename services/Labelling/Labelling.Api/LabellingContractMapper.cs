using JasperFx.Events;
using SocialTech.BuildingBlocks.Messaging;

namespace SocialTech.Labelling;

/// <summary>What Labelling tells the others. Its aggregates arrive with their own issue.</summary>
public sealed class LabellingContractMapper : IContractMapper
{
    public object? ToContract(IEvent committed) => null;
}
