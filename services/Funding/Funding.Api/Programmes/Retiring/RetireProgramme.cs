using System.ComponentModel.DataAnnotations;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.BuildingBlocks.Http;
using SocialTech.BuildingBlocks.Text;
using SocialTech.Funding.Programmes.Amending;
using SocialTech.Funding.Programmes.GettingDetails;

namespace SocialTech.Funding.Programmes.Retiring;

/// <param name="RetiredOn">From that day on, the programme takes no application.</param>
/// <param name="Reason">Why, in words.</param>
public sealed record RetireProgrammeRequest(DateOnly? RetiredOn, [property: StringLength(TextBounds.Reason, MinimumLength = 1)] string? Reason);

public static class RetireProgramme
{
    public static IReadOnlyList<object> Decide(Programme programme, RetireProgrammeRequest request, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(programme);
        ArgumentNullException.ThrowIfNull(request);
        new Validation()
            .Check(request.RetiredOn is not null, "retiredOn", "is required.")
            .Check(request.RetiredOn is null || request.RetiredOn >= programme.Terms.OpensOn, "retiredOn",
                $"cannot come before the programme opened ({programme.Terms.OpensOn:yyyy-MM-dd}).")
            .Required(request.Reason, "reason", TextBounds.Reason)
            .ThrowIfInvalid();
        programme.EnsurePublished("retire the programme");
        return [new ProgrammeRetired(programme.Id, request.RetiredOn!.Value, request.Reason!.Trim(), now)];
    }

    public static Task<Ok<ProgrammeDetails>> Handle(
        Guid id, RetireProgrammeRequest body, HttpRequest request, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
        ProgrammeUpdating.ApplyAsync(id, request, session, programme => Decide(programme, body, clock.GetUtcNow()), ct);
}
