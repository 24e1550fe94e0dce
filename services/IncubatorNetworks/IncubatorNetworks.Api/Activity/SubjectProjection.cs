using JasperFx.Events;
using Marten.Events.Aggregation;

namespace SocialTech.IncubatorNetworks.Activity;

/// <summary>
/// Keeps a subject's write-side state next to its stream, so that a publication loads one row, not the stream.
/// </summary>
/// <remarks>
/// Subjects' streams and networks' share one event store: <paramref name="fold"/> returns null for a stream whose
/// first event is not this subject's, so no document appears for it.
/// </remarks>
public class SubjectProjection<TState>(Func<TState?, object, TState?> fold, Func<TState, long, TState> withVersion)
    : SingleStreamProjection<TState, Guid>
    where TState : class
{
    public override TState? Evolve(TState? snapshot, Guid id, IEvent e) =>
        fold(snapshot, e.Data) is { } next ? withVersion(next, e.Version) : snapshot;
}
