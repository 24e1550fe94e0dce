using JasperFx.Events;
using Marten;
using Marten.Events.Aggregation;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.BuildingBlocks.EventStore;
using SocialTech.BuildingBlocks.Http;
using SocialTech.Funding.Flows;

namespace SocialTech.Funding.Grants.GettingDetails;

/// <summary>A grant's public record: its terms and the three figures, awarded, committed and disbursed, side by side.</summary>
/// <param name="Status"><c>applied</c>, <c>awarded</c>, <c>agreement-signed</c>, <c>cancelled</c> or <c>closed</c>.</param>
/// <param name="Derogations">The derogations to its programme's rules its award or amendments stated (rules, reason, day of
/// the decision); empty when it keeps every rule.</param>
public sealed record GrantDetails(
    Guid Id, string Status, GrantTerms Terms, DateOnly? AppliedOn, DateOnly? DecisionDate, DateOnly? AgreementDate,
    decimal Awarded, decimal Committed, decimal Disbursed, IReadOnlyList<Disbursement> Disbursements, DateOnly? EndedOn,
    string? CancellationReason, long Version, IReadOnlyList<ProgrammeDerogation> Derogations)
{
    public static GrantDetails From(Grant g)
    {
        ArgumentNullException.ThrowIfNull(g);
        return new(g.Id, Kebab.Name(g.Status), g.Terms, g.AppliedOn, g.DecisionDate, g.AgreementDate, g.Awarded, g.Committed, g.Disbursed,
            g.Disbursements, g.EndedOn, g.CancellationReason, g.Version, g.Derogations);
    }
}

/// <summary>
/// The grant's state, kept inline next to its stream. It is also what GET answers from (mapped on the way out):
/// no query needs another shape of one grant, and the flow queries read <see cref="GrantFlowRow"/>s, which
/// <see cref="GrantFlowProjection"/> writes.
/// </summary>
public sealed class GrantProjection : OwnStreamProjection<Grant>
{
    public GrantProjection()
        : base(Grant.EventTypes)
    {
    }

    public override Grant? Evolve(Grant? snapshot, Guid id, IEvent e) =>
        Grant.Fold(snapshot, e.Data) is { } next ? next with { Version = e.Version } : snapshot;
}

public static class GetGrantDetails
{
    public static async Task<Results<Ok<GrantDetails>, NotFound>> Handle(Guid id, IQuerySession session, HttpResponse response, CancellationToken ct)
    {
        var grant = await session.LoadAsync<Grant>(id, ct);
        if (grant is null)
        {
            return TypedResults.NotFound();
        }

        ETag.Set(response, grant.Version);
        return TypedResults.Ok(GrantDetails.From(grant));
    }
}

/// <summary>The one way every grant update writes: If-Match → decide → append → the new record with its ETag.</summary>
public static class GrantUpdating
{
    public static async Task<Ok<GrantDetails>> ApplyAsync(
        Guid id, HttpRequest request, IDocumentSession session, Func<Grant, IReadOnlyList<object>> decide, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var version = await session.DecideAndAppendAsync(id, ETag.ExpectedVersion(request), decide, ct);
        var grant = await session.LoadAsync<Grant>(id, ct);
        ETag.Set(request.HttpContext.Response, version);
        return TypedResults.Ok(GrantDetails.From(grant!));
    }

    /// <summary>As above, for a decision that reads around the grant (its programme, its parent) before it decides.</summary>
    public static async Task<Ok<GrantDetails>> ApplyAsync(
        Guid id, HttpRequest request, IDocumentSession session, Func<Grant, Task<IReadOnlyList<object>>> decide, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var version = await session.DecideAndAppendAsync(id, ETag.ExpectedVersion(request), decide, ct);
        var grant = await session.LoadAsync<Grant>(id, ct);
        ETag.Set(request.HttpContext.Response, version);
        return TypedResults.Ok(GrantDetails.From(grant!));
    }
}
