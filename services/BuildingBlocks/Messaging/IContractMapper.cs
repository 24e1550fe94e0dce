using JasperFx.Events;

namespace SocialTech.BuildingBlocks.Messaging;

/// <summary>
/// Maps a committed domain event to the public contract a service publishes for it, or <c>null</c> when the event
/// stays inside the service. Domain events never go on the wire; contracts do.
/// </summary>
public interface IContractMapper
{
    object? ToContract(IEvent committed);
}
