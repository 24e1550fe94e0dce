namespace SocialTech.Labelling.Contracts;

/// <summary>A label was suspended: its holder may not use it until reinstated. Published by Labelling; no service consumes it yet.</summary>
/// <param name="LabelId">The label's id.</param>
/// <param name="Version">The label stream's version after suspension.</param>
/// <param name="Reason">Which condition or charter clause is not met.</param>
/// <param name="SuspendedOn">From that day.</param>
public sealed record LabelSuspended(Guid LabelId, long Version, string Reason, DateOnly SuspendedOn);
