namespace SocialTech.Funding.Contracts;

/// <summary>
/// A grant under agreement was closed: what was paid is final, and what was awarded but not paid lapses. Published by
/// Funding, for Labelling (which does not consume it yet) and the future portal.
/// </summary>
/// <param name="GrantId">The grant's id in Funding.</param>
/// <param name="Version">The grant stream's version after closure.</param>
/// <param name="RecipientActorId">The grant's recipient.</param>
/// <param name="ClosedOn">The day it was closed.</param>
/// <param name="Awarded">The amount awarded (as amended), in euros.</param>
/// <param name="TotalDisbursed">Everything paid on the grant: its final figure.</param>
public sealed record GrantClosed(Guid GrantId, long Version, Guid RecipientActorId, DateOnly ClosedOn, decimal Awarded, decimal TotalDisbursed);
