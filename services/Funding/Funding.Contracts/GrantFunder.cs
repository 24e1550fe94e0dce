namespace SocialTech.Funding.Contracts;

/// <summary>One funder's part of a grant, as Funding's grant contracts carry it; the parts add up to the grant's amount.</summary>
/// <param name="FunderId">The funder's actor id in the Actors registry.</param>
/// <param name="FunderType"><c>state</c>, <c>region</c>, <c>departement</c>, <c>epci</c>, <c>commune</c>, <c>eu-fund</c>,
/// <c>foundation</c>, <c>company</c> or <c>other</c>.</param>
/// <param name="Amount">Its part in euros.</param>
public sealed record GrantFunder(Guid FunderId, string FunderType, decimal Amount);
