using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.Actors.Organisations.GettingDetails;
using SocialTech.BuildingBlocks.Http;

namespace SocialTech.Actors.Organisations.ChangingPlacesOfAction;

/// <param name="Places">Every territory where the actor acts, replacing the previous list (empty: head office only).</param>
public sealed record ChangePlacesOfActionRequest(IReadOnlyList<PlaceOfActionRequest>? Places);

public static class ChangePlacesOfAction
{
    public static IReadOnlyList<object> Decide(
        Organisation actor, ChangePlacesOfActionRequest request, IKnownTerritories territories, DateTimeOffset now)
    {
        var validation = new Validation();
        validation.Check(request.Places is not null, "places", "is required (an empty list means the head office only).");
        var places = ProfileRules.Places(validation, territories, request.Places);
        validation.ThrowIfInvalid();
        actor.EnsureActive("change the places of action");
        return places.SequenceEqual(actor.PlacesOfAction) ? [] : [new PlacesOfActionChanged(actor.Id, places, now)];
    }

    public static Task<Ok<ActorDetails>> Handle(
        Guid id, ChangePlacesOfActionRequest body, HttpRequest request, IDocumentSession session, IKnownTerritories territories,
        TimeProvider clock, CancellationToken ct) =>
        Updating.ApplyAsync(id, request, session, actor => Decide(actor, body, territories, clock.GetUtcNow()), ct);
}
