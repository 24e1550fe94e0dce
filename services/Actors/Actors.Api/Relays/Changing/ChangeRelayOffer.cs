using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.Actors.Organisations;
using SocialTech.Actors.Relays.GettingOffer;
using SocialTech.BuildingBlocks.Http;

namespace SocialTech.Actors.Relays.Changing;

public static class ChangeRelayOffer
{
    /// <summary>Replaces the whole offer (a PUT); the same terms in another order change nothing.</summary>
    public static IReadOnlyList<object> Decide(RelayOffer offer, RelayOfferRequest request, IKnownTerritories territories, DateTimeOffset now)
    {
        var validation = new Validation();
        var terms = RelayRules.Terms(validation, territories, request);
        validation.ThrowIfInvalid();
        offer.EnsureActive("change the relay offer");
        return RelayRules.Same(terms, offer.Terms) ? [] : [new RelayOfferChanged(offer.Id, offer.ActorId, terms, now)];
    }

    public static Task<Ok<RelayOfferDetails>> Handle(
        Guid actorId, RelayOfferRequest body, HttpRequest request, IDocumentSession session, IKnownTerritories territories,
        TimeProvider clock, CancellationToken ct) =>
        Updating.ApplyAsync(actorId, request, session, offer => Decide(offer, body, territories, clock.GetUtcNow()), ct);
}
