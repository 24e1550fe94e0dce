using JasperFx.Events;
using Marten;
using Marten.Events.Aggregation;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.BuildingBlocks.EventStore;
using SocialTech.BuildingBlocks.Http;

namespace SocialTech.Labelling.Schemes.GettingDetails;

/// <summary>
/// The scheme's state, kept inline next to its stream (same transaction as the append). It is also its public
/// record: nothing a reader needs differs from what a decision reads.
/// </summary>
public sealed class SchemeProjection : OwnStreamProjection<Scheme>
{
    public SchemeProjection()
        : base(Scheme.EventTypes)
    {
    }

    public override Scheme? Evolve(Scheme? snapshot, Guid id, IEvent e) =>
        Scheme.Fold(snapshot, e.Data) is { } next ? next with { Version = e.Version } : snapshot;
}

public static class GetScheme
{
    public static async Task<Results<Ok<Scheme>, NotFound>> Handle(Guid id, IQuerySession session, HttpResponse response, CancellationToken ct)
    {
        var scheme = await session.LoadAsync<Scheme>(id, ct);
        if (scheme is null)
        {
            return TypedResults.NotFound();
        }

        ETag.Set(response, scheme.Version);
        return TypedResults.Ok(scheme);
    }
}
