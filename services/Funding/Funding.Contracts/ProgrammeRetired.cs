namespace SocialTech.Funding.Contracts;

/// <summary>
/// A programme was retired: it takes no more applications; its grants stand. Published by Funding; consumed by
/// Labelling and the future portal.
/// </summary>
/// <param name="ProgrammeId">The programme's id in Funding.</param>
/// <param name="Version">The programme stream's version after retirement.</param>
/// <param name="RetiredOn">The day it was retired.</param>
/// <param name="Reason">Why, in words.</param>
public sealed record ProgrammeRetired(Guid ProgrammeId, long Version, DateOnly RetiredOn, string Reason);
