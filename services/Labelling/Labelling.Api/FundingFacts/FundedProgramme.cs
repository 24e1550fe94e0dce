using SocialTech.Actors.Contracts;
using SocialTech.BuildingBlocks.EventStore;

namespace SocialTech.Labelling.FundingFacts;

/// <summary>Labelling's own copy of a programme Funding published: which funders back which themes, where.</summary>
/// <param name="Status"><c>published</c> or <c>retired</c>.</param>
/// <param name="SourceVersion">The programme stream's version this copy reflects; older messages are ignored.</param>
public sealed record FundedProgramme(
    Guid Id,
    string Name,
    IReadOnlyList<Guid> Funders,
    IReadOnlyList<string> Themes,
    IReadOnlyList<TerritoryReference> EligibleTerritories,
    string Status,
    DateOnly? RetiredOn,
    long SourceVersion,
    DateTimeOffset UpdatedAt) : ILocalCopy
{
    public const string Published = "published";
    public const string Retired = "retired";
}
