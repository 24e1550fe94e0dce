namespace SocialTech.Labelling.Contracts;

/// <summary>A label's validity ended; nobody acted, the platform recorded it on time. Published by Labelling; no service consumes it yet.</summary>
/// <param name="LabelId">The label's id.</param>
/// <param name="Version">The label stream's version after expiry.</param>
/// <param name="ExpiredOn">The first day it is no longer valid.</param>
public sealed record LabelExpired(Guid LabelId, long Version, DateOnly ExpiredOn);
