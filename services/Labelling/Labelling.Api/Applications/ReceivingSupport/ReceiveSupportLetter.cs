using System.ComponentModel.DataAnnotations;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.BuildingBlocks.Http;
using SocialTech.BuildingBlocks.Text;

namespace SocialTech.Labelling.Applications.ReceivingSupport;

/// <param name="ActorId">The actor (registry id) that supports the application.</param>
/// <param name="Summary">What the letter says, in a few words.</param>
/// <param name="ReceivedOn">The day it arrived.</param>
public sealed record SupportLetterRequest(Guid? ActorId, [property: StringLength(TextBounds.Statement, MinimumLength = 1)] string? Summary, DateOnly? ReceivedOn);

public static class ReceiveSupportLetter
{
    public static IReadOnlyList<object> Decide(LabelApplication application, SupportLetterRequest request, DateTimeOffset now)
    {
        new Validation().Check(request.ActorId is { } a && a != Guid.Empty, "actorId", "is required.")
            .Required(request.Summary, "summary", TextBounds.Statement)
            .Check(request.ReceivedOn is not null, "receivedOn", "is required.")
            .Check(request.ReceivedOn is null || request.ReceivedOn <= ApplicationUpdating.Today(now), "receivedOn", "cannot be in the future.")
            .ThrowIfInvalid();
        application.EnsureIn("add a support letter", ApplicationStatus.UnderInstruction);
        return [new SupportLetterReceived(application.Id, request.ActorId!.Value, request.Summary!.Trim(), request.ReceivedOn!.Value, now)];
    }

    public static Task<Ok<LabelApplication>> Handle(
        Guid id, SupportLetterRequest body, HttpRequest request, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
        ApplicationUpdating.ApplyAsync(id, request, session, application => Decide(application, body, clock.GetUtcNow()), ct);
}
