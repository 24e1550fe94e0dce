using System.ComponentModel.DataAnnotations;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.BuildingBlocks.Http;
using SocialTech.BuildingBlocks.Text;

namespace SocialTech.Labelling.Applications.Withdrawing;

/// <param name="Reason">Why the applicant withdraws.</param>
public sealed record WithdrawApplicationRequest([property: StringLength(TextBounds.Statement, MinimumLength = 1)] string? Reason);

public static class WithdrawApplication
{
    /// <summary>An applicant withdraws from any state that has no final decision yet; a deferred file counts as open.</summary>
    public static IReadOnlyList<object> Decide(LabelApplication application, WithdrawApplicationRequest request, DateTimeOffset now)
    {
        new Validation().Required(request.Reason, "reason", TextBounds.Statement).ThrowIfInvalid();
        application.EnsureIn("withdraw the application", [.. LabelApplication.Open]);
        return [new ApplicationWithdrawn(application.Id, request.Reason!.Trim(), now)];
    }

    public static Task<Ok<LabelApplication>> Handle(
        Guid id, WithdrawApplicationRequest body, HttpRequest request, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
        ApplicationUpdating.ApplyAsync(id, request, session, application => Decide(application, body, clock.GetUtcNow()), ct);
}
