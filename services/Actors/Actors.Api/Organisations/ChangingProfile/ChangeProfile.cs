using System.ComponentModel.DataAnnotations;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.Actors.Organisations.GettingDetails;
using SocialTech.BuildingBlocks.Http;
using SocialTech.BuildingBlocks.Text;

namespace SocialTech.Actors.Organisations.ChangingProfile;

/// <summary>The whole editable profile, as it should be after the change (a PUT of the profile).</summary>
public sealed record ChangeProfileRequest(
    [property: StringLength(TextBounds.Name, MinimumLength = 1)] string? Name,
    [property: MaxLength(TextBounds.Code)] string? LegalCategory = null,
    bool? Ess = null,
    EsusAgreementRequest? Esus = null,
    [property: MaxLength(TextBounds.Url)] string? Website = null,
    [property: MaxLength(TextBounds.Mailbox)] string? Mailbox = null);

public static class ChangeProfile
{
    public static IReadOnlyList<object> Decide(Organisation actor, ChangeProfileRequest request, DateTimeOffset now)
    {
        var validation = new Validation();
        var profile = ProfileRules.Profile(validation, request.Name, request.LegalCategory, request.Ess, request.Esus, request.Website, request.Mailbox);
        validation.ThrowIfInvalid();
        actor.EnsureActive("change the profile");
        return profile == actor.Profile ? [] : [new ProfileChanged(actor.Id, profile, now)];
    }

    public static Task<Ok<ActorDetails>> Handle(
        Guid id, ChangeProfileRequest body, HttpRequest request, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
        Updating.ApplyAsync(id, request, session, actor => Decide(actor, body, clock.GetUtcNow()), ct);
}
