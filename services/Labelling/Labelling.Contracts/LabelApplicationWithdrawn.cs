namespace SocialTech.Labelling.Contracts;

/// <summary>
/// Its applicant withdrew an application before any final decision (from any open state, deferred included). Published
/// by Labelling; Funding reads it to know that a renewal is no longer under way (its label white zones, ADR 0013).
/// </summary>
/// <param name="ApplicationId">The application's id.</param>
/// <param name="Version">The application stream's version after the withdrawal.</param>
/// <param name="SchemeId">The scheme it applied to.</param>
/// <param name="Holder">Who applied.</param>
/// <param name="RenewsLabelId">The label it would have renewed, if any.</param>
/// <param name="WithdrawnAt">When it was recorded.</param>
public sealed record LabelApplicationWithdrawn(
    Guid ApplicationId, long Version, Guid SchemeId, LabelHolderReference Holder, Guid? RenewsLabelId, DateTimeOffset WithdrawnAt);
