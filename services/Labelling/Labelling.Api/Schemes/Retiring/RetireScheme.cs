using System.ComponentModel.DataAnnotations;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.BuildingBlocks.Http;
using SocialTech.BuildingBlocks.Text;
using SocialTech.Labelling.Schemes.Amending;

namespace SocialTech.Labelling.Schemes.Retiring;

/// <param name="RetiredOn">From that day on, the scheme takes no application; labels already granted keep their validity.</param>
/// <param name="Reason">Why, in words.</param>
public sealed record RetireSchemeRequest(DateOnly? RetiredOn, [property: StringLength(TextBounds.Reason, MinimumLength = 1)] string? Reason);

public static class RetireScheme
{
    public static IReadOnlyList<object> Decide(Scheme scheme, RetireSchemeRequest request, DateTimeOffset now)
    {
        new Validation()
            .Check(request.RetiredOn is not null, "retiredOn", "is required.")
            .Required(request.Reason, "reason", TextBounds.Reason)
            .ThrowIfInvalid();
        scheme.EnsurePublished("retire the scheme");
        return [new SchemeRetired(scheme.Id, request.RetiredOn!.Value, request.Reason!.Trim(), now)];
    }

    public static Task<Ok<Scheme>> Handle(
        Guid id, RetireSchemeRequest body, HttpRequest request, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
        SchemeUpdating.ApplyAsync(id, request, session, scheme => Decide(scheme, body, clock.GetUtcNow()), ct);
}
