namespace SocialTech.Labelling.Contracts;

/// <summary>An application to an obtention scheme was submitted within its campaign. Published by Labelling; no service consumes it yet.</summary>
/// <param name="ApplicationId">The application's id.</param>
/// <param name="Version">The application stream's version after submission.</param>
/// <param name="SchemeId">The scheme applied to.</param>
/// <param name="CampaignId">The campaign it was submitted in.</param>
/// <param name="Holder">Who applies.</param>
/// <param name="SubmittedAt">When.</param>
public sealed record LabelApplicationSubmitted(
    Guid ApplicationId, long Version, Guid SchemeId, Guid? CampaignId, LabelHolderReference Holder, DateTimeOffset SubmittedAt);
