using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.BuildingBlocks.Http;
using SocialTech.Funding.Grants.GettingDetails;

namespace SocialTech.Funding.Grants.Awarding;

/// <param name="DecisionDate">The day the funder decided to award what was applied for.</param>
public sealed record AwardApplicationRequest(DateOnly? DecisionDate);

public static class AwardApplication
{
    public static IReadOnlyList<object> Decide(Grant grant, AwardApplicationRequest request, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(grant);
        ArgumentNullException.ThrowIfNull(request);
        grant.EnsureIn("award the application", GrantStatus.Applied);
        new Validation()
            .Check(request.DecisionDate is not null, "decisionDate", "is required.")
            .Check(request.DecisionDate is null || request.DecisionDate <= DateOnly.FromDateTime(now.UtcDateTime), "decisionDate", "cannot be in the future.")
            .Check(request.DecisionDate is null || grant.AppliedOn is null || request.DecisionDate >= grant.AppliedOn, "decisionDate",
                "cannot come before the application.")
            .ThrowIfInvalid();
        return [new ApplicationAwarded(grant.Id, request.DecisionDate!.Value, now)];
    }

    public static Task<Ok<GrantDetails>> Handle(
        Guid id, AwardApplicationRequest body, HttpRequest request, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
        GrantUpdating.ApplyAsync(id, request, session, grant => Decide(grant, body, clock.GetUtcNow()), ct);
}
