using System.ComponentModel.DataAnnotations;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.BuildingBlocks.Http;
using SocialTech.BuildingBlocks.Text;
using SocialTech.Funding.Grants.GettingDetails;

namespace SocialTech.Funding.Grants.Amending;

/// <param name="Amount">The new amount in euros.</param>
/// <param name="Reason">Why (an avenant, an underspend…).</param>
/// <param name="AmendedOn">The day of the amending decision.</param>
/// <param name="Funders">The new parts when co-funded; a lone funder's part follows the amount.</param>
public sealed record AmendGrantRequest([property: Range(0d, Euros.MaxForSchema, MinimumIsExclusive = true)] decimal? Amount, [property: StringLength(TextBounds.Reason, MinimumLength = 1)] string? Reason, DateOnly? AmendedOn, IReadOnlyList<FunderShareRequest>? Funders = null);

public static class AmendGrant
{
    public static IReadOnlyList<object> Decide(Grant grant, AmendGrantRequest request, DateTimeOffset now)
    {
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
        return request.Amount == grant.Terms.Amount && shares.SequenceEqual(grant.Terms.Funders)
            ? []
            : [new GrantAmountAmended(grant.Id, shares, request.Amount!.Value, grant.Terms.Amount, request.Reason!.Trim(), request.AmendedOn!.Value, now)];
    }

    public static Task<Ok<GrantDetails>> Handle(
        Guid id, AmendGrantRequest body, HttpRequest request, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
        GrantUpdating.ApplyAsync(id, request, session, grant => Decide(grant, body, clock.GetUtcNow()), ct);
}
