using System.ComponentModel.DataAnnotations;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.BuildingBlocks.Http;
using SocialTech.BuildingBlocks.Text;
using SocialTech.Labelling.Labels.GettingDetails;

namespace SocialTech.Labelling.Labels.Revoking;

/// <param name="Reason">Why the label is withdrawn for good; it is published in the register.</param>
/// <param name="RevokedOn">From that day the label is no longer held.</param>
public sealed record RevokeLabelRequest([property: StringLength(TextBounds.Statement, MinimumLength = 1)] string? Reason, DateOnly? RevokedOn);

public static class RevokeLabel
{
    /// <remarks>The label's expiry deadline stays; when it falls due, expiry finds the label revoked and decides nothing.</remarks>
    public static IReadOnlyList<object> Decide(Label label, RevokeLabelRequest request, DateTimeOffset now)
    {
        new Validation().Required(request.Reason, "reason", TextBounds.Statement).Check(request.RevokedOn is not null, "revokedOn", "is required.")
            .Check(request.RevokedOn is null || request.RevokedOn >= label.ValidFrom, "revokedOn", $"cannot come before the label's validity ({label.ValidFrom:yyyy-MM-dd}).")
            .ThrowIfInvalid();
        label.EnsureIn("revoke the label", LabelStatus.Active, LabelStatus.Suspended);
        return [new LabelRevoked(label.Id, request.Reason!.Trim(), request.RevokedOn!.Value, now)];
    }

    public static Task<Ok<Label>> Handle(
        Guid id, RevokeLabelRequest body, HttpRequest request, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
        LabelUpdating.ApplyAsync(id, request, session, label => Decide(label, body, clock.GetUtcNow()), ct);
}
