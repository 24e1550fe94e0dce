using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.Actors.Relays.GettingOffer;
using SocialTech.BuildingBlocks.EventStore;
using SocialTech.BuildingBlocks.Http;

namespace SocialTech.Actors.Relays;

/// <summary>The one way every offer update writes: If-Match → decide → append → the new offer with its ETag.</summary>
public static class Updating
{
    public static async Task<Ok<RelayOfferDetails>> ApplyAsync(
        Guid actorId, HttpRequest request, IDocumentSession session, Func<RelayOffer, IReadOnlyList<object>> decide, CancellationToken ct)
    {
        var offerId = RelayOffer.IdOf(actorId);
        var version = await session.DecideAndAppendAsync(offerId, ETag.ExpectedVersion(request), decide, ct);
        var details = await session.LoadAsync<RelayOfferDetails>(offerId, ct);
        ETag.Set(request.HttpContext.Response, version);
        return TypedResults.Ok(details!);
    }
}
