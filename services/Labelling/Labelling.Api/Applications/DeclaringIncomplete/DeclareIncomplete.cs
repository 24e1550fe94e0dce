using System.ComponentModel.DataAnnotations;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.BuildingBlocks.Http;
using SocialTech.BuildingBlocks.Text;

namespace SocialTech.Labelling.Applications.DeclaringIncomplete;

/// <param name="Missing">What the applicant must still provide, in words.</param>
public sealed record DeclareIncompleteRequest([property: EachMaxLength(TextBounds.Purpose)] IReadOnlyList<string>? Missing);

public static class DeclareIncomplete
{
    /// <summary>Asks for missing pieces; the silence delay stops until the file is completed.</summary>
    public static IReadOnlyList<object> Decide(LabelApplication application, DeclareIncompleteRequest request, DateTimeOffset now)
    {
        var missing = (request.Missing ?? []).Where(m => !string.IsNullOrWhiteSpace(m)).Select(m => m.Trim()).ToArray();
        new Validation().Check(missing.Length > 0, "missing", "name at least one missing piece.")
            .Check(missing.All(m => m.Length <= TextBounds.Purpose), "missing", $"each piece is at most {TextBounds.Purpose} characters.").ThrowIfInvalid();
        application.EnsureIn("declare the application incomplete", ApplicationStatus.Submitted, ApplicationStatus.Completed);
        return [new ApplicationDeclaredIncomplete(application.Id, missing, now)];
    }

    public static Task<Ok<LabelApplication>> Handle(
        Guid id, DeclareIncompleteRequest body, HttpRequest request, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
        ApplicationUpdating.ApplyAsync(id, request, session, application => Decide(application, body, clock.GetUtcNow()), ct);
}
