namespace SocialTech.Labelling.Contracts;

/// <summary>
/// A label was granted (by a jury, a signed charter, or an application's silence delay running out). Published by
/// Labelling; no service consumes it yet (the actors' and networks' profiles are its expected readers).
/// </summary>
/// <param name="LabelId">The label's id.</param>
/// <param name="Version">The label stream's version (1).</param>
/// <param name="SchemeId">The scheme it belongs to.</param>
/// <param name="ApplicationId">The application that obtained it.</param>
/// <param name="Holder">Who holds it.</param>
/// <param name="Route">Kebab-case: <c>jury</c>, <c>charter</c> or <c>silence</c>.</param>
/// <param name="ValidFrom">First day of validity.</param>
/// <param name="ValidUntil">Last day of validity.</param>
/// <param name="Conditions">Conditions attached to it.</param>
/// <param name="RenewsLabelId">The label it renews, if any.</param>
/// <param name="GrantedAt">When it was recorded.</param>
public sealed record LabelGranted(
    Guid LabelId, long Version, Guid SchemeId, Guid ApplicationId, LabelHolderReference Holder, string Route, DateOnly ValidFrom, DateOnly ValidUntil,
    IReadOnlyList<string> Conditions, Guid? RenewsLabelId, DateTimeOffset GrantedAt);
