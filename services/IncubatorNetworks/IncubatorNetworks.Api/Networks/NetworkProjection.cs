using JasperFx.Events;
using Marten.Events.Aggregation;

namespace SocialTech.IncubatorNetworks.Networks;

/// <summary>Keeps the write-side state next to its stream, so that decisions load one row, not the stream.</summary>
public sealed class NetworkProjection : SingleStreamProjection<Network, Guid>
{
    /// <summary>Only networks' streams: without the list Marten offered every stream of every commit to it.</summary>
    public NetworkProjection()
    {
        foreach (var type in Network.EventTypes)
        {
            IncludeType(type);
        }
    }

    public override Network? Evolve(Network? snapshot, Guid id, IEvent e) =>
        Network.Fold(snapshot, e.Data) is { } next ? next with { Version = e.Version } : snapshot;
}
