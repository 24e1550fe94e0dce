using System.ComponentModel.DataAnnotations;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.BuildingBlocks.Http;
using SocialTech.BuildingBlocks.Text;

namespace SocialTech.Labelling.Applications.DecidingAdmissibility;

/// <param name="Admissible">Whether the file may go to instruction.</param>
/// <param name="Reason">Why not; required when inadmissible.</param>
public sealed record DecideAdmissibilityRequest(bool? Admissible, [property: MaxLength(TextBounds.Statement)] string? Reason = null);

public static class DecideAdmissibility
{
    /// <summary>
    /// A complete file is admissible or not; an incomplete one may also be found inadmissible (the applicant never
    /// completed it), but never admissible.
    /// </summary>
    public static IReadOnlyList<object> Decide(LabelApplication application, DecideAdmissibilityRequest request, DateTimeOffset now)
    {
        new Validation().Check(request.Admissible is not null, "admissible", "is required: true or false.")
            .Check(request.Admissible != false || !string.IsNullOrWhiteSpace(request.Reason), "reason", "is required when the application is inadmissible.")
            .Check(request.Reason is null || request.Reason.Length <= TextBounds.Statement, "reason", $"must be at most {TextBounds.Statement} characters.")
            .ThrowIfInvalid();
        if (request.Admissible == true)
        {
            application.EnsureIn("declare the application admissible", ApplicationStatus.Submitted, ApplicationStatus.Completed);
            return [new ApplicationDeclaredAdmissible(application.Id, now)];
        }

        application.EnsureIn("declare the application inadmissible", ApplicationStatus.Submitted, ApplicationStatus.Completed, ApplicationStatus.Incomplete);
        return [new ApplicationDeclaredInadmissible(application.Id, request.Reason!.Trim(), now)];
    }

    public static Task<Ok<LabelApplication>> Handle(
        Guid id, DecideAdmissibilityRequest body, HttpRequest request, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
        ApplicationUpdating.ApplyAsync(id, request, session, application => Decide(application, body, clock.GetUtcNow()), ct);
}
