using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.BuildingBlocks.Http;
using SocialTech.Funding.Grants.GettingDetails;

namespace SocialTech.Funding.Grants.Closing;

/// <param name="ClosedOn">The day the grant was settled; what was committed and not paid lapses.</param>
public sealed record CloseGrantRequest(DateOnly? ClosedOn);

public static class CloseGrant
{
    public static IReadOnlyList<object> Decide(Grant grant, CloseGrantRequest request, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(grant);
        ArgumentNullException.ThrowIfNull(request);
        grant.EnsureIn("close", GrantStatus.AgreementSigned);
        new Validation()
            .Check(request.ClosedOn is not null, "closedOn", "is required.")
            .Check(request.ClosedOn is null || request.ClosedOn >= grant.AgreementDate, "closedOn", "cannot come before the agreement.")
            .ThrowIfInvalid();
        return [new GrantClosed(grant.Id, request.ClosedOn!.Value, now)];
    }

    public static Task<Ok<GrantDetails>> Handle(
        Guid id, CloseGrantRequest body, HttpRequest request, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
        GrantUpdating.ApplyAsync(id, request, session, grant => Decide(grant, body, clock.GetUtcNow()), ct);
}
