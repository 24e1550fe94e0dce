using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.BuildingBlocks.Http;
using SocialTech.Labelling.Labels.GettingDetails;

namespace SocialTech.Labelling.Labels.Reinstating;

/// <param name="ReinstatedOn">From that day the holder may use the label again.</param>
public sealed record ReinstateLabelRequest(DateOnly? ReinstatedOn);

public static class ReinstateLabel
{
    public static IReadOnlyList<object> Decide(Label label, ReinstateLabelRequest request, DateTimeOffset now)
    {
        new Validation().Check(request.ReinstatedOn is not null, "reinstatedOn", "is required.").ThrowIfInvalid();
        label.EnsureIn("reinstate the label", LabelStatus.Suspended);
        return [new LabelReinstated(label.Id, request.ReinstatedOn!.Value, now)];
    }

    public static Task<Ok<Label>> Handle(
        Guid id, ReinstateLabelRequest body, HttpRequest request, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
        LabelUpdating.ApplyAsync(id, request, session, label => Decide(label, body, clock.GetUtcNow()), ct);
}
