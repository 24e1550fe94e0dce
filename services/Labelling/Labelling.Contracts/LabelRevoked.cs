namespace SocialTech.Labelling.Contracts;

/// <summary>A label was revoked for good, with its reason. Published by Labelling; no service consumes it yet.</summary>
/// <param name="LabelId">The label's id.</param>
/// <param name="Version">The label stream's version after revocation.</param>
/// <param name="Reason">Why, as published in the register.</param>
/// <param name="RevokedOn">From that day.</param>
public sealed record LabelRevoked(Guid LabelId, long Version, string Reason, DateOnly RevokedOn);
