namespace SocialTech.Funding.Contracts;

/// <summary>
/// An awarded grant was cancelled before anything was paid: nothing of it counts any more. Published by Funding;
/// consumed by Labelling (eligibility facts) and the future portal.
/// </summary>
/// <param name="GrantId">The grant's id in Funding.</param>
/// <param name="Version">The grant stream's version after cancellation.</param>
/// <param name="RecipientActorId">The grant's recipient.</param>
/// <param name="CancelledOn">The day it was cancelled.</param>
/// <param name="Reason">Why, in words.</param>
public sealed record GrantCancelled(Guid GrantId, long Version, Guid RecipientActorId, DateOnly CancelledOn, string Reason);
