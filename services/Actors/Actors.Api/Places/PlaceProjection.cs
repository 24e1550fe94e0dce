using JasperFx.Events;
using Marten.Events.Aggregation;

namespace SocialTech.Actors.Places;

/// <summary>Keeps the write-side state next to its stream, so that decisions load one row, not the stream.</summary>
public sealed class PlaceProjection : SingleStreamProjection<Place, Guid>
{
    /// <summary>Only its own streams: without the list Marten offered every stream of every commit to it.</summary>
    public PlaceProjection()
    {
        foreach (var type in Place.EventTypes)
        {
            IncludeType(type);
        }
    }

    public override Place? Evolve(Place? snapshot, Guid id, IEvent e) =>
        Place.Fold(snapshot, e.Data) is { } next ? next with { Version = e.Version } : snapshot;
}
