using SocialTech.Actors.Contracts;

namespace SocialTech.Funding.Contracts;

/// <summary>
/// Funders decided to give a grant: directly, or by awarding an application. Published by Funding; consumed by
/// Labelling (eligibility facts such as the public funding an applicant received) and the future portal. It carries
/// the whole grant as decided, so that consumers keep their own copy and never call back.
/// </summary>
/// <param name="GrantId">The grant's id in Funding.</param>
/// <param name="Version">The grant stream's version after the award; consumers ignore older versions.</param>
/// <param name="Funders">The funders with their parts and funder types.</param>
/// <param name="RecipientActorId">The recipient's actor id in the Actors registry.</param>
/// <param name="RecipientKinds">The recipient's kinds when the grant was decided, kebab-case.</param>
/// <param name="RecipientHeadOffice">The recipient's head office when the grant was decided.</param>
/// <param name="ProgrammeId">The programme it was granted under, if any.</param>
/// <param name="ParentGrantId">The grant an intermediary regrants from, if any: that money is already counted there.</param>
/// <param name="Purpose">What the money is for.</param>
/// <param name="Amount">The amount awarded, in euros.</param>
/// <param name="DecisionDate">The day the funders decided.</param>
/// <param name="PlannedStart">Start of the funded period.</param>
/// <param name="PlannedEnd">End of the funded period.</param>
/// <param name="FiscalYears">Budget years it is charged to.</param>
/// <param name="BeneficiaryCommunes">Communes where the money is used, each in the COG vintage it was recorded in.</param>
/// <param name="RecordedAt">When Funding recorded the decision.</param>
public sealed record GrantAwarded(
    Guid GrantId,
    long Version,
    IReadOnlyList<GrantFunder> Funders,
    Guid RecipientActorId,
    IReadOnlyList<string> RecipientKinds,
    CommuneReference RecipientHeadOffice,
    Guid? ProgrammeId,
    Guid? ParentGrantId,
    string Purpose,
    decimal Amount,
    DateOnly DecisionDate,
    DateOnly PlannedStart,
    DateOnly PlannedEnd,
    IReadOnlyList<int> FiscalYears,
    IReadOnlyList<CommuneReference> BeneficiaryCommunes,
    DateTimeOffset RecordedAt);
