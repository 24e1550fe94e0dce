using JasperFx.Events;
using Marten;
using Marten.Events.Aggregation;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.BuildingBlocks.EventStore;
using SocialTech.BuildingBlocks.Http;

namespace SocialTech.Labelling.Labels.GettingDetails;

/// <summary>The label's state, kept inline next to its stream; also its entry in the public register, history included.</summary>
public sealed class LabelProjection : OwnStreamProjection<Label>
{
    public LabelProjection()
        : base(Label.EventTypes)
    {
    }

    public override Label? Evolve(Label? snapshot, Guid id, IEvent e) =>
        Label.Fold(snapshot, e.Data) is { } next ? next with { Version = e.Version } : snapshot;
}

public static class GetLabel
{
    public static async Task<Results<Ok<Label>, NotFound>> Handle(Guid id, IQuerySession session, HttpResponse response, CancellationToken ct)
    {
        var label = await session.LoadAsync<Label>(id, ct);
        if (label is null)
        {
            return TypedResults.NotFound();
        }

        ETag.Set(response, label.Version);
        return TypedResults.Ok(label);
    }
}

/// <summary>The one way every label update writes: If-Match → decide → append → the new record with its ETag.</summary>
public static class LabelUpdating
{
    public static async Task<Ok<Label>> ApplyAsync(
        Guid id, HttpRequest request, IDocumentSession session, Func<Label, IReadOnlyList<object>> decide, CancellationToken ct)
    {
        var version = await session.DecideAndAppendAsync(id, ETag.ExpectedVersion(request), decide, ct);
        var label = await session.LoadAsync<Label>(id, ct);
        ETag.Set(request.HttpContext.Response, version);
        return TypedResults.Ok(label!);
    }
}
