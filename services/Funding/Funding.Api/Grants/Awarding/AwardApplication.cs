using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.BuildingBlocks.Http;
using SocialTech.Funding.Grants.GettingDetails;
using SocialTech.Funding.Territories;

namespace SocialTech.Funding.Grants.Awarding;

/// <param name="DecisionDate">The day the funder decided to award what was applied for.</param>
/// <param name="Derogation">When the award breaks its programme's rules: the rules it sets aside and why (as for <c>POST /</c>).</param>
public sealed record AwardApplicationRequest(DateOnly? DecisionDate, DerogationRequest? Derogation = null);

public static class AwardApplication
{
    public static IReadOnlyList<object> Decide(Grant grant, AwardApplicationRequest request, GrantUpdateContext context, IFundingTerritories territories, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(grant);
        ArgumentNullException.ThrowIfNull(request);
        grant.EnsureIn("award the application", GrantStatus.Applied);
        new Validation()
            .Check(request.DecisionDate is not null, "decisionDate", "is required.")
            .Check(request.DecisionDate is null || request.DecisionDate <= DateOnly.FromDateTime(now.UtcDateTime), "decisionDate", "cannot be in the future.")
            .Check(request.DecisionDate is null || grant.AppliedOn is null || request.DecisionDate >= grant.AppliedOn, "decisionDate",
                "cannot come before the application.")
            .ThrowIfInvalid();

        // The programme as it stands on the decision, the recipient as the directory knows it now.
        var derogation = ProgrammeCompliance.Check(context.Programme, RecipientFacts.Of(context.Recipient, grant.Terms.Recipient),
            request.DecisionDate!.Value, "decisionDate", request.Derogation, grant.DerogatedRules, territories);
        if (context.Parent is { } parent)
        {
            Regrants.EnsureFits(parent, context.RegrantedByOthers, Regrants.PartOf(grant.Terms, parent.Terms.Recipient.ActorId));
        }

        return [new ApplicationAwarded(grant.Id, request.DecisionDate!.Value, now, derogation)];
    }

    public static Task<Ok<GrantDetails>> Handle(
        Guid id, AwardApplicationRequest body, HttpRequest request, IDocumentSession session, IFundingTerritories territories, TimeProvider clock,
        CancellationToken ct) =>
        GrantUpdating.ApplyAsync(id, request, session, async grant =>
        {
            await Regrants.LockAsync(session, grant.Terms.ParentGrantId is { } parent ? [parent] : [], ct);
            return Decide(grant, body, await GrantUpdateContext.LoadAsync(session, grant, ct), territories, clock.GetUtcNow());
        }, ct);
}
