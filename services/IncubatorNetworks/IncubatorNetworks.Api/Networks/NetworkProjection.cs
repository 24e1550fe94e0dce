using JasperFx.Events;
using Marten.Events.Aggregation;
using SocialTech.BuildingBlocks.EventStore;

namespace SocialTech.IncubatorNetworks.Networks;

/// <summary>Keeps the write-side state next to its stream, so that decisions load one row, not the stream.</summary>
public sealed class NetworkProjection : OwnStreamProjection<Network>
{
    public NetworkProjection()
        : base(Network.EventTypes)
    {
    }

    public override Network? Evolve(Network? snapshot, Guid id, IEvent e) =>
        Network.Fold(snapshot, e.Data) is { } next ? next with { Version = e.Version } : snapshot;
}
