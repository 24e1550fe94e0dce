using JasperFx.Events;
using Marten.Events.Aggregation;

namespace SocialTech.Actors.Organisations;

/// <summary>Keeps the write-side state next to its stream, so that decisions load one row, not the stream.</summary>
public sealed class OrganisationProjection : SingleStreamProjection<Organisation, Guid>
{
    /// <summary>Only its own streams: without the list Marten offered every stream of every commit to it.</summary>
    public OrganisationProjection()
    {
        foreach (var type in Organisation.EventTypes)
        {
            IncludeType(type);
        }
    }

    public override Organisation? Evolve(Organisation? snapshot, Guid id, IEvent e) =>
        Organisation.Fold(snapshot, e.Data) is { } next ? next with { Version = e.Version } : snapshot;
}
