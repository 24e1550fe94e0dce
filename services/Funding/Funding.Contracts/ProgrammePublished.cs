using SocialTech.Actors.Contracts;

namespace SocialTech.Funding.Contracts;

/// <summary>
/// A funder published a programme (dispositif d'aide). Published by Funding; consumed by Labelling (which
/// programmes fund what, for eligibility) and the future portal. It carries the whole programme as published.
/// </summary>
/// <param name="ProgrammeId">The programme's id in Funding.</param>
/// <param name="Version">The programme stream's version (1 when published).</param>
/// <param name="Name">Its public name.</param>
/// <param name="Funders">Actor ids of its funders.</param>
/// <param name="InstructingBodies">Actor ids of the bodies that instruct applications.</param>
/// <param name="Themes">Themes, lower case.</param>
/// <param name="BeneficiaryKinds">Actor kinds that may apply, kebab-case.</param>
/// <param name="AidTypes"><c>grant</c>, <c>loan</c>, <c>recoverable-advance</c>, <c>engineering-support</c>.</param>
/// <param name="EligibleTerritories">Where beneficiaries must be, each in the COG vintage it was published in.</param>
/// <param name="OpensOn">First day applications are taken.</param>
/// <param name="ClosesOn">Last day applications are taken; null when open until further notice.</param>
/// <param name="CallForProjects">Whether it is a call for projects.</param>
/// <param name="BudgetEnvelope">Its envelope in euros, when announced.</param>
/// <param name="PublishedAt">When it was published.</param>
public sealed record ProgrammePublished(
    Guid ProgrammeId,
    long Version,
    string Name,
    IReadOnlyList<Guid> Funders,
    IReadOnlyList<Guid> InstructingBodies,
    IReadOnlyList<string> Themes,
    IReadOnlyList<string> BeneficiaryKinds,
    IReadOnlyList<string> AidTypes,
    IReadOnlyList<TerritoryReference> EligibleTerritories,
    DateOnly OpensOn,
    DateOnly? ClosesOn,
    bool CallForProjects,
    decimal? BudgetEnvelope,
    DateTimeOffset PublishedAt);
