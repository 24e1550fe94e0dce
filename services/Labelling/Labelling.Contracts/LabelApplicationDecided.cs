namespace SocialTech.Labelling.Contracts;

/// <summary>
/// An application received its decision: granted (by jury, charter or silence), rejected, deferred to the next
/// campaign, or found inadmissible. Published by Labelling; no service consumes it yet.
/// </summary>
/// <param name="ApplicationId">The application's id.</param>
/// <param name="Version">The application stream's version after the decision.</param>
/// <param name="SchemeId">The scheme applied to.</param>
/// <param name="CampaignId">The campaign, for an obtention scheme.</param>
/// <param name="Decision">Kebab-case: <c>granted</c>, <c>rejected</c>, <c>deferred</c>, <c>inadmissible</c>.</param>
/// <param name="Route">For a grant: <c>jury</c>, <c>charter</c> or <c>silence</c>; otherwise null.</param>
/// <param name="LabelId">For a grant, the label it started.</param>
/// <param name="Reason">Why, for anything but a grant.</param>
/// <param name="DecidedAt">When it was recorded.</param>
public sealed record LabelApplicationDecided(
    Guid ApplicationId, long Version, Guid SchemeId, Guid? CampaignId, string Decision, string? Route, Guid? LabelId, string? Reason, DateTimeOffset DecidedAt);
