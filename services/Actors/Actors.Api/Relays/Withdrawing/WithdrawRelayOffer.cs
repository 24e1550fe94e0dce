using System.ComponentModel.DataAnnotations;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.Actors.Relays.GettingOffer;
using SocialTech.BuildingBlocks.Http;
using SocialTech.BuildingBlocks.Text;

namespace SocialTech.Actors.Relays.Withdrawing;

/// <param name="Reason">Why, in words (optional).</param>
public sealed record WithdrawRelayOfferRequest([property: MaxLength(TextBounds.Reason)] string? Reason = null);

public static class WithdrawRelayOffer
{
    /// <summary>The offer stops counting at once; its record stays (status <c>withdrawn</c>) and may be declared again.</summary>
    public static IReadOnlyList<object> Decide(RelayOffer offer, string? reason, DateTimeOffset now)
    {
        new Validation().Bounded(reason, "reason", TextBounds.Reason).ThrowIfInvalid();
        offer.EnsureActive("withdraw the relay offer");
        return [new RelayOfferWithdrawn(offer.Id, offer.ActorId, string.IsNullOrWhiteSpace(reason) ? null : VisibleText.Trim(reason), now)];
    }

    /// <remarks>A POST to the offer's withdrawal, not a DELETE: the offer is not deleted, and a reason may come with it.</remarks>
    public static Task<Ok<RelayOfferDetails>> Handle(
        Guid actorId, WithdrawRelayOfferRequest? body, HttpRequest request, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
        Updating.ApplyAsync(actorId, request, session, offer => Decide(offer, body?.Reason, clock.GetUtcNow()), ct);
}
