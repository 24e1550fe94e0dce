using System.ComponentModel.DataAnnotations;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.BuildingBlocks.Http;
using SocialTech.BuildingBlocks.Text;
using SocialTech.Funding.Grants.GettingDetails;
using SocialTech.Funding.Territories;

namespace SocialTech.Funding.Grants.Amending;

/// <param name="Amount">The new amount in euros.</param>
/// <param name="Reason">Why (an avenant, an underspend…).</param>
/// <param name="AmendedOn">The day of the amending decision.</param>
/// <param name="Funders">The new parts when co-funded; a lone funder's part follows the amount.</param>
/// <param name="Derogation">When a raise breaks its programme's rules (as they stand on <c>amendedOn</c>): the rules it sets aside
/// and why. A rule the grant's award already set aside needs none.</param>
public sealed record AmendGrantRequest(
    [property: Range(0d, Euros.MaxForSchema, MinimumIsExclusive = true)] decimal? Amount,
    [property: StringLength(TextBounds.Reason, MinimumLength = 1)] string? Reason,
    DateOnly? AmendedOn,
    IReadOnlyList<FunderShareRequest>? Funders = null,
    DerogationRequest? Derogation = null);

public static class AmendGrant
{
    public static IReadOnlyList<object> Decide(Grant grant, AmendGrantRequest request, GrantUpdateContext context, IFundingTerritories territories, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(grant);
        ArgumentNullException.ThrowIfNull(request);
        grant.EnsureIn("amend the amount", GrantStatus.Awarded, GrantStatus.AgreementSigned);
        var validation = new Validation();
        GrantRules.Money(validation, request.Amount, "amount");
        validation.Required(request.Reason, "reason", TextBounds.Reason)
            .Check(request.AmendedOn is not null, "amendedOn", "is required.")
            .Check(request.AmendedOn is null || request.AmendedOn >= grant.DecisionDate, "amendedOn", "cannot come before the award decision.");

        // The funders stay those of the award: an amendment changes how much, not who.
        validation.Check(request.Funders is null || request.Funders.All(p => p is not null), "funders", "a funder's part cannot be null.");
        foreach (var (part, i) in (request.Funders ?? []).Select((p, i) => (p, i)))
        {
            GrantRules.Bounded(validation, part?.Amount, $"funders[{i}].amount");
        }

        var shares = request.Funders is { Count: > 0 } parts
            ? parts.OfType<FunderShareRequest>().Select(p => new FunderShare(p.FunderId ?? Guid.Empty,
                grant.Terms.Funders.FirstOrDefault(f => f.FunderId == p.FunderId)?.FunderType ?? FunderType.Other, p.Amount ?? 0m)).ToArray()
            : grant.Terms.Funders.Count == 1 ? [grant.Terms.Funders[0] with { Amount = request.Amount ?? 0m }] : [];
        validation
            .Check(shares.Length > 0, "funders", "give each co-funder's new part.")
            .Check(shares.Length == 0 || shares.Select(s => s.FunderId).Order().SequenceEqual(grant.Terms.Funders.Select(f => f.FunderId).Order()), "funders",
                "name the same funders as the award.")
            .Check(shares.Length == 0 || request.Amount is null || shares.Sum(s => s.Amount) == request.Amount, "funders", "the parts must add up to the amount.")
            .Check(shares.All(s => s.Amount >= grant.DisbursedBy(s.FunderId)), "amount", $"cannot go below what was already paid ({grant.Disbursed}).")
            .ThrowIfInvalid();

        // A raise is a new decision under the programme: its rules apply on the day of the amendment. A reduction gives
        // money back (an underspend, after the programme closed too) and is never held to them.
        var amount = request.Amount!.Value;
        ProgrammeDerogation? derogation = null;
        if (amount > grant.Terms.Amount)
        {
            derogation = ProgrammeCompliance.Check(context.Programme, RecipientFacts.Of(context.Recipient, grant.Terms.Recipient),
                request.AmendedOn!.Value, "amendedOn", request.Derogation, grant.DerogatedRules, territories);
        }
        else if (request.Derogation is not null)
        {
            throw new ProgrammeRulesException([new RuleBreach("derogation", "derogation",
                "une dérogation est sans objet : seule une hausse du montant est soumise aux règles du programme.")]);
        }

        if (context.Parent is { } parent && Regrants.PartOf(grant.Terms with { Funders = shares }, parent.Terms.Recipient.ActorId)
            is var raised && raised > Regrants.PartOf(grant.Terms, parent.Terms.Recipient.ActorId))
        {
            Regrants.EnsureFits(parent, context.RegrantedByOthers, raised);
        }

        if (amount < grant.Terms.Amount)
        {
            Regrants.EnsureCovers(grant, amount, context.RegrantedUnder);
        }

        return amount == grant.Terms.Amount && shares.SequenceEqual(grant.Terms.Funders)
            ? []
            : [new GrantAmountAmended(grant.Id, shares, amount, grant.Terms.Amount, request.Reason!.Trim(), request.AmendedOn!.Value, now, derogation)];
    }

    public static Task<Ok<GrantDetails>> Handle(
        Guid id, AmendGrantRequest body, HttpRequest request, IDocumentSession session, IFundingTerritories territories, TimeProvider clock,
        CancellationToken ct) =>
        GrantUpdating.ApplyAsync(id, request, session, async grant =>
        {
            // Its parent's lock, as any regrant's, and its own, as the parent of its children: the sums read below stay true until commit.
            await Regrants.LockAsync(session, grant.Terms.ParentGrantId is { } parent ? [parent, grant.Id] : [grant.Id], ct);
            return Decide(grant, body, await GrantUpdateContext.LoadAsync(session, grant, ct), territories, clock.GetUtcNow());
        }, ct);
}
