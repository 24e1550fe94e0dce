using JasperFx.Events;
using Marten;
using Marten.Events.Aggregation;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.BuildingBlocks.EventStore;
using SocialTech.BuildingBlocks.Http;

namespace SocialTech.Labelling.Applications.GettingDetails;

/// <summary>The application's state, kept inline next to its stream; what its parties read (ApplicationAccess.Reader).</summary>
public sealed class LabelApplicationProjection : OwnStreamProjection<LabelApplication>
{
    public LabelApplicationProjection()
        : base(LabelApplication.EventTypes)
    {
    }

    public override LabelApplication? Evolve(LabelApplication? snapshot, Guid id, IEvent e) =>
        LabelApplication.Fold(snapshot, e.Data) is { } next ? next with { Version = e.Version } : snapshot;
}

public static class GetApplication
{
    public static async Task<Results<Ok<LabelApplication>, NotFound>> Handle(Guid id, IQuerySession session, HttpResponse response, CancellationToken ct)
    {
        var application = await session.LoadAsync<LabelApplication>(id, ct);
        if (application is null)
        {
            return TypedResults.NotFound();
        }

        ETag.Set(response, application.Version);
        return TypedResults.Ok(application);
    }
}
