namespace SocialTech.Actors.Contracts;

/// <summary>
/// A relay withdrew its offer: it no longer counts for any territory until it declares one again. Published by
/// Actors; for the same consumers as <see cref="RelayOfferDeclared"/>.
/// </summary>
/// <param name="ActorId">The relay: <c>/api/actors/{actorId}</c>.</param>
/// <param name="OfferId">The offer's id.</param>
/// <param name="Version">The offer stream's version after withdrawing; consumers ignore older versions.</param>
/// <param name="Reason">Why, in words, when it said.</param>
/// <param name="WithdrawnAt">When it was recorded.</param>
public sealed record RelayOfferWithdrawn(Guid ActorId, Guid OfferId, long Version, string? Reason, DateTimeOffset WithdrawnAt);
