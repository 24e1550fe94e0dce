using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using SocialTech.BuildingBlocks.Http;
using SocialTech.Funding.Grants.Awarding;
using SocialTech.Funding.Grants.GettingDetails;
using SocialTech.Funding.Territories;

namespace SocialTech.Funding.Grants.Applying;

/// <summary>Records an application (optional stage): the terms asked for, nothing awarded yet.</summary>
public static class ApplyForGrant
{
    public static GrantApplied Decide(Guid grantId, GrantRequest request, GrantContext context, IFundingTerritories territories, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        var validation = new Validation();
        var terms = GrantRules.Terms(validation, request, context, territories);
        validation.Check(request.DecisionDate is null, "decisionDate", "an application has no decision yet; award it with POST …/award.")
            // The programme's rules are checked when the funder decides: a derogation is stated with that decision.
            .Check(request.Derogation is null, "derogation", "an application states no derogation; state it when awarding (POST …/award).")
            .ThrowIfInvalid();
        return new GrantApplied(grantId, terms, DateOnly.FromDateTime(now.UtcDateTime), now);
    }

    public static async Task<Results<Created<GrantDetails>, Ok<GrantDetails>>> Handle(
        GrantRequest request, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
        IDocumentSession session, IFundingTerritories territories, TimeProvider clock, HttpResponse response, CancellationToken ct) =>
        await GrantCreation.CreateAsync(idempotencyKey, session, response,
            async id => Decide(id, request, await GrantContext.LoadAsync(session, request, ct), territories, clock.GetUtcNow()), ct);
}
