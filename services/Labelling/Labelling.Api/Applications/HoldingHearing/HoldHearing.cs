using System.ComponentModel.DataAnnotations;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.BuildingBlocks.Http;
using SocialTech.BuildingBlocks.Text;

namespace SocialTech.Labelling.Applications.HoldingHearing;

/// <param name="HeldOn">The day the hearing took place.</param>
/// <param name="Minutes">What was said, in short.</param>
public sealed record HoldHearingRequest(DateOnly? HeldOn, [property: StringLength(TextBounds.Minutes, MinimumLength = 1)] string? Minutes);

public static class HoldHearing
{
    public static IReadOnlyList<object> Decide(LabelApplication application, HoldHearingRequest request, DateTimeOffset now)
    {
        new Validation().Check(request.HeldOn is not null, "heldOn", "is required.")
            .Check(request.HeldOn is null || request.HeldOn <= ApplicationUpdating.Today(now), "heldOn", "cannot be in the future.")
            .Required(request.Minutes, "minutes", TextBounds.Minutes)
            .ThrowIfInvalid();
        application.EnsureIn("hold the hearing", ApplicationStatus.UnderInstruction);
        switch (application.Hearing)
        {
            case null:
                throw new InvalidTransitionException("hold the hearing", "the application is under-instruction with no hearing scheduled");
            case { HeldOn: { } held }:
                throw new InvalidTransitionException("hold the hearing", $"the application is under-instruction with its hearing held on {held:yyyy-MM-dd}");
        }

        return [new HearingHeld(application.Id, request.HeldOn!.Value, request.Minutes!.Trim(), now)];
    }

    public static Task<Ok<LabelApplication>> Handle(
        Guid id, HoldHearingRequest body, HttpRequest request, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
        ApplicationUpdating.ApplyAsync(id, request, session, application => Decide(application, body, clock.GetUtcNow()), ct);
}
