using JasperFx.Events;
using Marten.Events.Aggregation;
using SocialTech.BuildingBlocks.EventStore;

namespace SocialTech.Actors.Organisations;

/// <summary>Keeps the write-side state next to its stream, so that decisions load one row, not the stream.</summary>
public sealed class OrganisationProjection : OwnStreamProjection<Organisation>
{
    public OrganisationProjection()
        : base(Organisation.EventTypes)
    {
    }

    public override Organisation? Evolve(Organisation? snapshot, Guid id, IEvent e) =>
        Organisation.Fold(snapshot, e.Data) is { } next ? next with { Version = e.Version } : snapshot;
}
