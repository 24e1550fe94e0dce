using System.ComponentModel.DataAnnotations;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.BuildingBlocks.Http;
using SocialTech.BuildingBlocks.Text;
using SocialTech.Labelling.Labels.GettingDetails;

namespace SocialTech.Labelling.Labels.Suspending;

/// <param name="Reason">Which condition or charter clause is not met.</param>
/// <param name="SuspendedOn">From that day the holder may not use the label.</param>
public sealed record SuspendLabelRequest([property: StringLength(TextBounds.Statement, MinimumLength = 1)] string? Reason, DateOnly? SuspendedOn);

public static class SuspendLabel
{
    public static IReadOnlyList<object> Decide(Label label, SuspendLabelRequest request, DateTimeOffset now)
    {
        new Validation().Required(request.Reason, "reason", TextBounds.Statement).Check(request.SuspendedOn is not null, "suspendedOn", "is required.").ThrowIfInvalid();
        label.EnsureIn("suspend the label", LabelStatus.Active);
        return [new LabelSuspended(label.Id, request.Reason!.Trim(), request.SuspendedOn!.Value, now)];
    }

    public static Task<Ok<Label>> Handle(
        Guid id, SuspendLabelRequest body, HttpRequest request, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
        LabelUpdating.ApplyAsync(id, request, session, label => Decide(label, body, clock.GetUtcNow()), ct);
}
