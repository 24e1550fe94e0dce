using System.ComponentModel.DataAnnotations;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.Actors.Organisations;
using SocialTech.Actors.Places.GettingDetails;
using SocialTech.BuildingBlocks.Http;
using SocialTech.BuildingBlocks.Text;

namespace SocialTech.Actors.Places.ChangingDetails;

/// <summary>The whole editable description; what is left out is cleared (the website) or refused (the rest).</summary>
/// <param name="Name">Public name of the place.</param>
/// <param name="Typologies">One or more, kebab-case.</param>
/// <param name="CommuneCode">INSEE code of its commune.</param>
/// <param name="OperatorId">The registry actor that runs it: a new one must be active.</param>
/// <param name="Website">Public website.</param>
public sealed record ChangePlaceDetailsRequest(
    [property: StringLength(TextBounds.Name, MinimumLength = 1)] string? Name,
    [property: EachMaxLength(TextBounds.Code)] IReadOnlyList<string>? Typologies,
    [property: MaxLength(TextBounds.Code)] string? CommuneCode,
    Guid? OperatorId,
    [property: MaxLength(TextBounds.Url)] string? Website = null);

public static class ChangePlaceDetails
{
    /// <param name="operatorStatus">The named operator's status in the registry, null when no such actor exists.</param>
    public static IReadOnlyList<object> Decide(
        Place place, ChangePlaceDetailsRequest request, IKnownTerritories territories, ActorStatus? operatorStatus, DateTimeOffset now)
    {
        var validation = new Validation();
        var description = PlaceRules.Description(validation, territories, request.Name, request.Typologies, request.CommuneCode,
            request.OperatorId, operatorStatus, request.Website, currentOperator: place.Description.OperatorId);
        validation.ThrowIfInvalid();
        place.EnsureOpen("change the place");
        return Same(description, place.Description) ? [] : [new PlaceDetailsChanged(place.Id, description, now)];
    }

    public static async Task<Ok<PlaceDetails>> Handle(
        Guid id, ChangePlaceDetailsRequest body, HttpRequest request, IDocumentSession session, IKnownTerritories territories,
        TimeProvider clock, CancellationToken ct)
    {
        var operatorStatus = await PlaceRules.OperatorStatusAsync(session, body.OperatorId, ct);
        return await Updating.ApplyAsync(id, request, session,
            place => Task.FromResult(Decide(place, body, territories, operatorStatus, clock.GetUtcNow())), ct);
    }

    // Records compare lists by reference: typologies are compared as sets, the order a client sends them in is noise.
    private static bool Same(PlaceDescription a, PlaceDescription b) =>
        a with { Typologies = b.Typologies } == b && a.Typologies.ToHashSet().SetEquals(b.Typologies);
}
