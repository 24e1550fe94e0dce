namespace SocialTech.Labelling.Contracts;

/// <summary>
/// A label was renewed: a new application granted its successor (renewal is never automatic). Published by
/// Labelling, about the renewed label, after the successor's <see cref="LabelGranted"/>; no service consumes it yet.
/// </summary>
/// <param name="LabelId">The renewed label.</param>
/// <param name="Version">The renewed label stream's version after the renewal.</param>
/// <param name="RenewedByLabelId">The successor label.</param>
/// <param name="NewValidUntil">The successor's last day of validity.</param>
public sealed record LabelRenewed(Guid LabelId, long Version, Guid RenewedByLabelId, DateOnly NewValidUntil);
