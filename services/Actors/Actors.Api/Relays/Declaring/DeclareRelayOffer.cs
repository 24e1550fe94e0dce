using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using SocialTech.Actors.Organisations;
using SocialTech.Actors.Organisations.GettingDetails;
using SocialTech.Actors.Relays.GettingOffer;
using SocialTech.BuildingBlocks.EventStore;
using SocialTech.BuildingBlocks.Http;

namespace SocialTech.Actors.Relays.Declaring;

public static class DeclareRelayOffer
{
    /// <summary>
    /// Declares the offer of an actor that has none, or none any more (withdrawn). An active offer is changed, not
    /// declared again: 409, unless this is a retry of the declaration that made it (same caller, same Idempotency-Key).
    /// </summary>
    /// <param name="actorStatus">The actor's status in the registry, null when no such actor exists.</param>
    /// <param name="current">The actor's offer so far, null when it never declared one.</param>
    /// <param name="declarationKey">The caller's Idempotency-Key as a name-based id, when it sent one.</param>
    public static RelayOfferDeclared Decide(
        Guid actorId, ActorStatus? actorStatus, RelayOffer? current, RelayOfferRequest request, Guid? declarationKey,
        IKnownTerritories territories, DateTimeOffset now)
    {
        if (actorStatus is null)
        {
            throw new ProblemException(StatusCodes.Status404NotFound, "Not found", $"No actor has id {actorId}.");
        }

        var validation = new Validation();
        var terms = RelayRules.Terms(validation, territories, request);
        validation.ThrowIfInvalid();
        if (actorStatus != ActorStatus.Active)
        {
            throw new InvalidTransitionException("declare a relay offer", $"the actor is {Kebab.Name(actorStatus.Value)}");
        }

        if (current is { Status: RelayOfferStatus.Active })
        {
            throw new ProblemException(StatusCodes.Status409Conflict, "Already declared",
                $"The actor {actorId} already offers support as a relay; change the offer with PUT and If-Match, or withdraw it first.",
                new Dictionary<string, object?> { ["offer"] = $"/api/actors/{actorId}/relay-offer" });
        }

        return new RelayOfferDeclared(RelayOffer.IdOf(actorId), actorId, terms, declarationKey, now);
    }

    /// <remarks>
    /// The offer's stream id comes from the actor's, so two declarations cannot both start one: the second meets the
    /// first at commit. An <c>Idempotency-Key</c> lets a retry be answered (200) with what its first attempt declared.
    /// </remarks>
    public static async Task<Results<Created<RelayOfferDetails>, Ok<RelayOfferDetails>>> Handle(
        Guid actorId, RelayOfferRequest body,
        [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
        IDocumentSession session, IKnownTerritories territories, TimeProvider clock, HttpResponse response, CancellationToken ct)
    {
        var offerId = RelayOffer.IdOf(actorId);
        Guid? key = idempotencyKey is { Length: > 0 } ? IdempotencyKeys.IdFor(response.HttpContext, RelayOffer.IdPrefix, idempotencyKey) : null;
        var current = await session.LoadAsync<RelayOffer>(offerId, ct);
        if (key is not null && current is { Status: RelayOfferStatus.Active } && current.DeclarationKey == key)
        {
            return Replay(await session.LoadAsync<RelayOfferDetails>(offerId, ct));
        }

        var actor = await session.LoadAsync<ActorDetails>(actorId, ct);
        ActorStatus? actorStatus = actor is not null && Kebab.TryParse<ActorStatus>(actor.Status, out var status) ? status : null;
        var declared = Decide(actorId, actorStatus, current, body, key, territories, clock.GetUtcNow());
        if (current is null)
        {
            session.Events.StartStream<RelayOffer>(offerId, declared);
            if (await session.SaveCreationAsync<RelayOffer>(offerId, idempotencyKey, ct) is { } first && first.DeclarationKey == key)
            {
                // A retry that raced its first attempt: it answers what the first one declared.
                return Replay(await session.LoadAsync<RelayOfferDetails>(offerId, ct));
            }
        }
        else
        {
            // Declared again after a withdrawal: on the same stream, at the version read (a concurrent declaration is a 412).
            await session.DecideAndAppendAsync<RelayOffer>(offerId, current.Version, _ => [declared], ct);
        }

        var details = await session.LoadAsync<RelayOfferDetails>(offerId, ct);
        ETag.Set(response, details!.Version);
        return TypedResults.Created($"/api/actors/{actorId}/relay-offer", details);

        Ok<RelayOfferDetails> Replay(RelayOfferDetails? replay)
        {
            ETag.Set(response, replay!.Version);
            return TypedResults.Ok(replay);
        }
    }
}
