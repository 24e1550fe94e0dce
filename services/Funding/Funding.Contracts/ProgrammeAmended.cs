using SocialTech.Actors.Contracts;

namespace SocialTech.Funding.Contracts;

/// <summary>
/// A funder amended a published programme: it carries the whole programme as amended, so that a consumer replaces its
/// copy. Published by Funding, for Labelling (which does not consume it yet) and the future portal.
/// </summary>
/// <param name="ProgrammeId">The programme's id in Funding.</param>
/// <param name="Version">The programme stream's version after the amendment; consumers ignore older versions.</param>
/// <param name="Name">Its public name.</param>
/// <param name="Funders">Actor ids of its funders.</param>
/// <param name="InstructingBodies">Actor ids of the bodies that instruct applications.</param>
/// <param name="Themes">Themes, lower case.</param>
/// <param name="BeneficiaryKinds">Actor kinds that may apply, kebab-case.</param>
/// <param name="AidTypes"><c>grant</c>, <c>loan</c>, <c>recoverable-advance</c>, <c>engineering-support</c>.</param>
/// <param name="EligibleTerritories">Where beneficiaries must be, each in the COG vintage it was amended in.</param>
/// <param name="OpensOn">First day applications are taken.</param>
/// <param name="ClosesOn">Last day applications are taken; null when open until further notice.</param>
/// <param name="CallForProjects">Whether it is a call for projects.</param>
/// <param name="BudgetEnvelope">Its envelope in euros, when announced.</param>
/// <param name="AmendedAt">When it was amended.</param>
public sealed record ProgrammeAmended(
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
    DateTimeOffset AmendedAt);
