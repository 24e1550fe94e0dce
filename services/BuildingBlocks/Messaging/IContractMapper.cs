using JasperFx.Events;
using Marten;

namespace SocialTech.BuildingBlocks.Messaging;

/// <summary>
/// Maps a committed domain event to the public contract a service publishes for it, or <c>null</c> when the event
/// stays inside the service. Domain events never go on the wire; contracts do.
/// </summary>
/// <remarks>
/// A contract may need more than its event carries (a full profile, so that consumers never call back): the
/// mapper may read the stream's state <em>at that event's version</em> through <paramref name="session"/>.
/// </remarks>
public interface IContractMapper
{
    ValueTask<object?> ToContractAsync(IEvent committed, IQuerySession session, CancellationToken cancellationToken);

    /// <summary>Every contract this mapper may return, with the event types it maps each from (the replay command reads them).</summary>
    ContractCatalog Contracts { get; }
}
