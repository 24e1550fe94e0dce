namespace SocialTech.Labelling.Contracts;

/// <summary>
/// An application was submitted (to an obtention scheme within its campaign, or to an open brand). Published by
/// Labelling; Funding keeps it as a renewal under way until it is decided or withdrawn (its label white zones, ADR 0013).
/// </summary>
/// <param name="ApplicationId">The application's id.</param>
/// <param name="Version">The application stream's version after submission.</param>
/// <param name="SchemeId">The scheme applied to.</param>
/// <param name="CampaignId">The campaign it was submitted in.</param>
/// <param name="Holder">Who applies.</param>
/// <param name="SubmittedAt">When.</param>
/// <param name="RenewsLabelId">The label this application renews, if any (renewal is never automatic: it takes a new
/// application); null in messages published before it was carried.</param>
public sealed record LabelApplicationSubmitted(
    Guid ApplicationId, long Version, Guid SchemeId, Guid? CampaignId, LabelHolderReference Holder, DateTimeOffset SubmittedAt, Guid? RenewsLabelId = null);
