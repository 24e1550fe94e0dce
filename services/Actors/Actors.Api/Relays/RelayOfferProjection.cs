using JasperFx.Events;
using SocialTech.BuildingBlocks.EventStore;

namespace SocialTech.Actors.Relays;

/// <summary>Keeps the write-side state next to its stream, so that decisions load one row, not the stream.</summary>
public sealed class RelayOfferProjection : OwnStreamProjection<RelayOffer>
{
    public RelayOfferProjection()
        : base(RelayOffer.EventTypes)
    {
    }

    public override RelayOffer? Evolve(RelayOffer? snapshot, Guid id, IEvent e) =>
        RelayOffer.Fold(snapshot, e.Data) is { } next ? next with { Version = e.Version } : snapshot;
}
