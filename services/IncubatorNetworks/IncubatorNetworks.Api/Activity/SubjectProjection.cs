using JasperFx.Events;
using Marten.Events.Aggregation;
using SocialTech.BuildingBlocks.EventStore;

namespace SocialTech.IncubatorNetworks.Activity;

/// <summary>
/// Keeps a subject's write-side state next to its stream, so that a publication loads one row, not the stream.
/// </summary>
/// <remarks>
/// Subjects' streams and networks' share one event store. The projection names the subject's event types, so Marten
/// offers it only those streams: without the list, every commit loaded (and looked up) this document for every
/// stream it touched, a venture's indicators included. <paramref name="fold"/> still returns null for a stream whose
/// first event is not this subject's, so no document appears for it.
/// </remarks>
public class SubjectProjection<TState> : OwnStreamProjection<TState>
    where TState : class
{
    private readonly Func<TState?, object, TState?> fold;
    private readonly Func<TState, long, TState> withVersion;

    public SubjectProjection(Func<TState?, object, TState?> fold, Func<TState, long, TState> withVersion, IEnumerable<Type> eventTypes)

        : base(eventTypes)
    {
        this.fold = fold;
        this.withVersion = withVersion;
    }

    public override TState? Evolve(TState? snapshot, Guid id, IEvent e) =>
        fold(snapshot, e.Data) is { } next ? withVersion(next, e.Version) : snapshot;
}
