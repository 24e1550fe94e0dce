using JasperFx.Events;
using Marten.Events.Aggregation;

namespace SocialTech.Funding.Programmes;

/// <summary>Keeps the write-side state next to its stream, so that decisions load one row, not the stream.</summary>
public sealed class ProgrammeProjection : SingleStreamProjection<Programme, Guid>
{
    /// <summary>Only programmes' streams: without the list Marten offered every stream of every commit to it, and it loaded its document for each.</summary>
    public ProgrammeProjection()
    {
        foreach (var type in Programme.EventTypes)
        {
            IncludeType(type);
        }
    }

    public override Programme? Evolve(Programme? snapshot, Guid id, IEvent e) =>
        Programme.Fold(snapshot, e.Data) is { } next ? next with { Version = e.Version } : snapshot;
}
