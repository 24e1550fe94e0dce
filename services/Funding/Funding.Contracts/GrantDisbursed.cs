namespace SocialTech.Funding.Contracts;

/// <summary>
/// A funder paid part of a grant to its recipient. Published by Funding; consumed by Labelling (eligibility facts)
/// and the future portal. It carries the grant's running total, so that a consumer that missed nothing needs no sum
/// and one that holds a newer version can ignore it.
/// </summary>
/// <param name="GrantId">The grant's id in Funding.</param>
/// <param name="Version">The grant stream's version after the payment.</param>
/// <param name="RecipientActorId">Who received the payment (the grant's recipient).</param>
/// <param name="FunderId">The funder that paid.</param>
/// <param name="Amount">This payment, in euros.</param>
/// <param name="PaidOn">The day it was paid.</param>
/// <param name="TotalDisbursed">Everything paid on the grant so far, this payment included.</param>
/// <param name="RecordedAt">When Funding recorded the payment.</param>
public sealed record GrantDisbursed(
    Guid GrantId, long Version, Guid RecipientActorId, Guid FunderId, decimal Amount, DateOnly PaidOn, decimal TotalDisbursed, DateTimeOffset RecordedAt);
