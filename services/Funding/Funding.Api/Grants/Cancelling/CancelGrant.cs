using System.ComponentModel.DataAnnotations;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.BuildingBlocks.Http;
using SocialTech.BuildingBlocks.Text;
using SocialTech.Funding.Grants.GettingDetails;

namespace SocialTech.Funding.Grants.Cancelling;

/// <param name="CancelledOn">The day of the cancelling decision.</param>
/// <param name="Reason">Why.</param>
public sealed record CancelGrantRequest(DateOnly? CancelledOn, [property: StringLength(TextBounds.Reason, MinimumLength = 1)] string? Reason);

public static class CancelGrant
{
    /// <summary>Only money not yet paid can be cancelled; once paid, amend down to what was paid, then close.</summary>
    public static IReadOnlyList<object> Decide(Grant grant, CancelGrantRequest request, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(grant);
        ArgumentNullException.ThrowIfNull(request);
        new Validation().Check(request.CancelledOn is not null, "cancelledOn", "is required.").Required(request.Reason, "reason", TextBounds.Reason).ThrowIfInvalid();
        grant.EnsureIn("cancel", GrantStatus.Applied, GrantStatus.Awarded, GrantStatus.AgreementSigned);
        if (grant.Disbursed > 0)
        {
            throw new InvalidTransitionException("cancel", $"{grant.Disbursed} EUR has been paid; amend the amount down to it, then close");
        }

        return [new GrantCancelled(grant.Id, request.CancelledOn!.Value, request.Reason!.Trim(), now)];
    }

    public static Task<Ok<GrantDetails>> Handle(
        Guid id, CancelGrantRequest body, HttpRequest request, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
        GrantUpdating.ApplyAsync(id, request, session, grant => Decide(grant, body, clock.GetUtcNow()), ct);
}
