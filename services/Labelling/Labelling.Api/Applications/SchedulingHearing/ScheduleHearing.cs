using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.BuildingBlocks.Http;

namespace SocialTech.Labelling.Applications.SchedulingHearing;

/// <param name="ScheduledAt">When the applicant is heard; scheduling again before it is held moves it.</param>
public sealed record ScheduleHearingRequest(DateTimeOffset? ScheduledAt);

public static class ScheduleHearing
{
    public static IReadOnlyList<object> Decide(LabelApplication application, ScheduleHearingRequest request, DateTimeOffset now)
    {
        new Validation().Check(request.ScheduledAt is not null, "scheduledAt", "is required.")
            .Check(request.ScheduledAt is null || request.ScheduledAt > now, "scheduledAt", "must be in the future.")
            .ThrowIfInvalid();
        application.EnsureIn("schedule a hearing", ApplicationStatus.UnderInstruction);
        if (application.Hearing?.HeldOn is { } held)
        {
            throw new InvalidTransitionException("schedule a hearing", $"the application is under-instruction with its hearing held on {held:yyyy-MM-dd}");
        }

        return [new HearingScheduled(application.Id, request.ScheduledAt!.Value, now)];
    }

    public static Task<Ok<LabelApplication>> Handle(
        Guid id, ScheduleHearingRequest body, HttpRequest request, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
        ApplicationUpdating.ApplyAsync(id, request, session, application => Decide(application, body, clock.GetUtcNow()), ct);
}
