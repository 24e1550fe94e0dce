using JasperFx.Events;
using Marten.Events.Aggregation;
using SocialTech.BuildingBlocks.EventStore;

namespace SocialTech.Funding.Programmes;

/// <summary>Keeps the write-side state next to its stream, so that decisions load one row, not the stream.</summary>
public sealed class ProgrammeProjection : OwnStreamProjection<Programme>
{
    public ProgrammeProjection()
        : base(Programme.EventTypes)
    {
    }

    public override Programme? Evolve(Programme? snapshot, Guid id, IEvent e) =>
        Programme.Fold(snapshot, e.Data) is { } next ? next with { Version = e.Version } : snapshot;
}
