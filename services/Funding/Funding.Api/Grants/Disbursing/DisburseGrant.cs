using System.ComponentModel.DataAnnotations;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.BuildingBlocks.Http;
using SocialTech.Funding.Grants.GettingDetails;

namespace SocialTech.Funding.Grants.Disbursing;

/// <param name="Amount">Paid, in euros.</param>
/// <param name="PaidOn">The payment date.</param>
/// <param name="FunderId">The co-funder that paid; may be left out when there is one funder.</param>
public sealed record DisburseRequest([property: Range(0d, Euros.MaxForSchema, MinimumIsExclusive = true)] decimal? Amount, DateOnly? PaidOn, Guid? FunderId = null);

public static class DisburseGrant
{
    /// <summary>A payment under a signed agreement; no funder ever pays more than its committed part.</summary>
    public static IReadOnlyList<object> Decide(Grant grant, DisburseRequest request, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(grant);
        ArgumentNullException.ThrowIfNull(request);
        grant.EnsureIn("disburse", GrantStatus.AgreementSigned);
        var funderId = request.FunderId ?? (grant.Terms.Funders.Count == 1 ? grant.Terms.Funders[0].FunderId : (Guid?)null);
        var share = grant.Terms.Funders.FirstOrDefault(f => f.FunderId == funderId);
        var validation = new Validation();
        GrantRules.Money(validation, request.Amount, "amount");
        validation
            .Check(share is not null, "funderId", funderId is null ? "is required when the grant has several funders." : $"{funderId} is not a funder of this grant.")
            .Check(request.PaidOn is not null, "paidOn", "is required.")
            .Check(request.PaidOn is null || request.PaidOn <= DateOnly.FromDateTime(now.UtcDateTime), "paidOn", "cannot be in the future.")
            .Check(request.PaidOn is null || request.PaidOn >= grant.AgreementDate, "paidOn", "cannot come before the agreement was signed.")
            .Check(share is null || request.Amount is null || grant.DisbursedBy(share.FunderId) + request.Amount <= share.Amount, "amount",
                $"would take this funder's payments past its committed part ({share?.Amount}); already paid {(share is null ? 0 : grant.DisbursedBy(share.FunderId))}.")
            .ThrowIfInvalid();
        return [new DisbursementMade(grant.Id, share!.FunderId, request.Amount!.Value, request.PaidOn!.Value, now)];
    }

    public static Task<Ok<GrantDetails>> Handle(
        Guid id, DisburseRequest body, HttpRequest request, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
        GrantUpdating.ApplyAsync(id, request, session, grant => Decide(grant, body, clock.GetUtcNow()), ct);
}
