using JasperFx.Events;
using Marten.Events.Aggregation;
using SocialTech.BuildingBlocks.EventStore;

namespace SocialTech.Actors.Places;

/// <summary>Keeps the write-side state next to its stream, so that decisions load one row, not the stream.</summary>
public sealed class PlaceProjection : OwnStreamProjection<Place>
{
    public PlaceProjection()
        : base(Place.EventTypes)
    {
    }

    public override Place? Evolve(Place? snapshot, Guid id, IEvent e) =>
        Place.Fold(snapshot, e.Data) is { } next ? next with { Version = e.Version } : snapshot;
}
