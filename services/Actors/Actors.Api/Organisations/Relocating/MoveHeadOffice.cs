using System.ComponentModel.DataAnnotations;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.Actors.Organisations.GettingDetails;
using SocialTech.BuildingBlocks.Http;
using SocialTech.BuildingBlocks.Text;

namespace SocialTech.Actors.Organisations.Relocating;

/// <param name="CommuneCode">INSEE code of the new head office's commune.</param>
public sealed record MoveHeadOfficeRequest([property: MaxLength(TextBounds.Code)] string? CommuneCode);

public static class MoveHeadOffice
{
    public static IReadOnlyList<object> Decide(Organisation actor, MoveHeadOfficeRequest request, IKnownTerritories territories, DateTimeOffset now)
    {
        var validation = new Validation();
        var to = ProfileRules.Commune(validation, territories, request.CommuneCode, "communeCode");
        validation.ThrowIfInvalid();
        actor.EnsureActive("move the head office");
        return to == actor.HeadOffice ? [] : [new HeadOfficeMoved(actor.Id, actor.HeadOffice, to!, now)];
    }

    public static Task<Ok<ActorDetails>> Handle(
        Guid id, MoveHeadOfficeRequest body, HttpRequest request, IDocumentSession session, IKnownTerritories territories,
        TimeProvider clock, CancellationToken ct) =>
        Updating.ApplyAsync(id, request, session, actor => Decide(actor, body, territories, clock.GetUtcNow()), ct);
}
