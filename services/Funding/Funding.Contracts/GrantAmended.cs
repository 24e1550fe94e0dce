namespace SocialTech.Funding.Contracts;

/// <summary>
/// The amount of an awarded grant changed (an avenant, an underspend), with its funders' new parts. Published by
/// Funding; consumed by Labelling (eligibility facts) and the future portal.
/// </summary>
/// <param name="GrantId">The grant's id in Funding.</param>
/// <param name="Version">The grant stream's version after the amendment.</param>
/// <param name="RecipientActorId">The grant's recipient.</param>
/// <param name="Funders">Every funder with its new part; the same funders as the award.</param>
/// <param name="Amount">The new amount awarded, in euros.</param>
/// <param name="PreviousAmount">The amount before this amendment.</param>
/// <param name="Reason">Why, in words.</param>
/// <param name="AmendedOn">The day of the amending decision.</param>
public sealed record GrantAmended(
    Guid GrantId, long Version, Guid RecipientActorId, IReadOnlyList<GrantFunder> Funders, decimal Amount, decimal PreviousAmount,
    string Reason, DateOnly AmendedOn);
