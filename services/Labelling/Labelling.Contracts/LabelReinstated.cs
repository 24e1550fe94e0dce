namespace SocialTech.Labelling.Contracts;

/// <summary>A suspended label was reinstated. Published by Labelling; no service consumes it yet.</summary>
/// <param name="LabelId">The label's id.</param>
/// <param name="Version">The label stream's version after reinstatement.</param>
/// <param name="ReinstatedOn">From that day.</param>
public sealed record LabelReinstated(Guid LabelId, long Version, DateOnly ReinstatedOn);
