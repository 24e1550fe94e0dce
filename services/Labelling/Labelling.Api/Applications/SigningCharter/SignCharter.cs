using System.ComponentModel.DataAnnotations;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.BuildingBlocks.Http;
using SocialTech.BuildingBlocks.Text;
using SocialTech.Labelling.Schemes;

namespace SocialTech.Labelling.Applications.SigningCharter;

/// <param name="Signatory">Who signs for the holder (a role, e.g. "la présidente").</param>
/// <param name="SignedOn">The day it was signed.</param>
/// <param name="DeclaresCriteriaMet">The self-declaration: the holder states it meets every criterion.</param>
public sealed record SignCharterRequest([property: StringLength(TextBounds.Title, MinimumLength = 1)] string? Signatory, DateOnly? SignedOn, bool? DeclaresCriteriaMet);

public static class SignCharter
{
    /// <summary>Open brand: the signed charter and the self-declaration grant the label at once, with no jury.</summary>
    public static IReadOnlyList<object> Decide(LabelApplication application, SignCharterRequest request, DateTimeOffset now)
    {
        new Validation().Required(request.Signatory, "signatory", TextBounds.Title)
            .Check(request.SignedOn is not null, "signedOn", "is required.")
            .Check(request.SignedOn is null || request.SignedOn <= ApplicationUpdating.Today(now), "signedOn", "cannot be in the future.")
            .Check(request.DeclaresCriteriaMet == true, "declaresCriteriaMet", "must be true: the open brand rests on the holder's declaration.")
            .ThrowIfInvalid();
        application.EnsureMode("sign the charter", SchemeMode.OpenBrand);
        application.EnsureIn("sign the charter", ApplicationStatus.Drafted);
        var signedOn = request.SignedOn!.Value;
        return [new CharterSigned(application.Id, request.Signatory!.Trim(), signedOn, now), application.Grant(GrantRoute.Charter, signedOn, [], now)];
    }

    public static Task<Ok<LabelApplication>> Handle(
        Guid id, SignCharterRequest body, HttpRequest request, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
        ApplicationUpdating.ApplyAsync(id, request, session, application => Decide(application, body, clock.GetUtcNow()), ct);
}
