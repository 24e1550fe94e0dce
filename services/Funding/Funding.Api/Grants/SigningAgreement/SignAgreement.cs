using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.BuildingBlocks.Http;
using SocialTech.Funding.Grants.GettingDetails;

namespace SocialTech.Funding.Grants.SigningAgreement;

/// <param name="SignedOn">The day the agreement (convention) was signed: from then on the amount is committed.</param>
public sealed record SignAgreementRequest(DateOnly? SignedOn);

public static class SignAgreement
{
    public static IReadOnlyList<object> Decide(Grant grant, SignAgreementRequest request, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(grant);
        ArgumentNullException.ThrowIfNull(request);
        grant.EnsureIn("sign the agreement", GrantStatus.Awarded);
        new Validation()
            .Check(request.SignedOn is not null, "signedOn", "is required.")
            .Check(request.SignedOn is null || request.SignedOn <= DateOnly.FromDateTime(now.UtcDateTime), "signedOn", "cannot be in the future.")
            .Check(request.SignedOn is null || grant.DecisionDate is null || request.SignedOn >= grant.DecisionDate, "signedOn",
                "cannot come before the award decision.")
            .ThrowIfInvalid();
        return [new AgreementSigned(grant.Id, request.SignedOn!.Value, now)];
    }

    public static Task<Ok<GrantDetails>> Handle(
        Guid id, SignAgreementRequest body, HttpRequest request, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
        GrantUpdating.ApplyAsync(id, request, session, grant => Decide(grant, body, clock.GetUtcNow()), ct);
}
