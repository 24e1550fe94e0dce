using System.ComponentModel.DataAnnotations;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using SocialTech.Actors.Organisations;
using SocialTech.Actors.Places.GettingDetails;
using SocialTech.BuildingBlocks.EventStore;
using SocialTech.BuildingBlocks.Http;
using SocialTech.BuildingBlocks.Text;

namespace SocialTech.Actors.Places.Opening;

/// <param name="Name">Public name of the place.</param>
/// <param name="Typologies">One or more, kebab-case: <c>coworking</c>, <c>fablab</c>, <c>shared-workshop</c>…</param>
/// <param name="CommuneCode">INSEE code of the commune it stands in, e.g. <c>24352</c>.</param>
/// <param name="OperatorId">The id of the active registry actor that runs it.</param>
/// <param name="OpenedOn">The day it opened to the public.</param>
/// <param name="Website">Public website.</param>
public sealed record OpenPlaceRequest(
    [property: StringLength(TextBounds.Name, MinimumLength = 1)] string? Name,
    [property: EachMaxLength(TextBounds.Code)] IReadOnlyList<string>? Typologies,
    [property: MaxLength(TextBounds.Code)] string? CommuneCode,
    Guid? OperatorId,
    DateOnly? OpenedOn,
    [property: MaxLength(TextBounds.Url)] string? Website = null);

public static class OpenPlace
{
    /// <param name="operatorStatus">The named operator's status in the registry, null when no such actor exists.</param>
    public static PlaceOpened Decide(
        Guid placeId, OpenPlaceRequest request, IKnownTerritories territories, ActorStatus? operatorStatus, DateTimeOffset now)
    {
        var validation = new Validation();
        var description = PlaceRules.Description(validation, territories, request.Name, request.Typologies, request.CommuneCode,
            request.OperatorId, operatorStatus, request.Website);
        validation
            .Check(request.OpenedOn is not null, "openedOn", "is required.")
            .Check(request.OpenedOn is null || request.OpenedOn <= DateOnly.FromDateTime(now.UtcDateTime), "openedOn",
                "cannot be in the future: the registry records places that have opened.")
            .ThrowIfInvalid();

        return new PlaceOpened(placeId, description, request.OpenedOn!.Value, now);
    }

    /// <remarks>
    /// A client that may retry sends an <c>Idempotency-Key</c>: the place's id is derived from it and the caller, so a retry finds
    /// the place its first attempt opened and answers it again instead of opening a second one.
    /// </remarks>
    public static async Task<Results<Created<PlaceDetails>, Ok<PlaceDetails>>> Handle(
        OpenPlaceRequest request,
        [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
        IDocumentSession session, IKnownTerritories territories, TimeProvider clock, HttpResponse response, CancellationToken ct)
    {
        var placeId = IdempotencyKeys.IdFor(response.HttpContext, IdPrefix, idempotencyKey);
        if (idempotencyKey is not null && await session.LoadAsync<PlaceDetails>(placeId, ct) is { } replay)
        {
            ETag.Set(response, replay.Version);
            return TypedResults.Ok(replay);
        }

        var operatorStatus = await PlaceRules.OperatorStatusAsync(session, request.OperatorId, ct);
        var opened = Decide(placeId, request, territories, operatorStatus, clock.GetUtcNow());
        session.Events.StartStream<Place>(placeId, opened);
        if (await session.SaveCreationAsync<PlaceDetails>(placeId, idempotencyKey, ct) is { } first)
        {
            // A retry that raced its first attempt: it answers what the first one created.
            ETag.Set(response, first.Version);
            return TypedResults.Ok(first);
        }

        var details = await session.LoadAsync<PlaceDetails>(placeId, ct);
        ETag.Set(response, details!.Version);
        return TypedResults.Created($"/api/places/{placeId}", details);
    }

    /// <summary>The kind in a place's name-based id: it differs from the actors' so that one key never names both.</summary>
    public const string IdPrefix = "socialtech:places:";
}
