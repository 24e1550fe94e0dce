using SocialTech.Actors.Contracts;
using SocialTech.BuildingBlocks.EventStore;

namespace SocialTech.Funding.Places;

/// <summary>
/// Funding's copy of a place (tiers-lieu), kept from Actors' place contracts (docs/adr/0013): a place whose operator's
/// relay offer includes its places is a relay point of its commune and EPCI.
/// </summary>
/// <param name="Commune">The commune it stands in, in the vintage Actors recorded it.</param>
/// <param name="TerritoryKeys">That commune and the territories containing it, <c>level:code</c>, read in its vintage.</param>
/// <param name="Status"><c>open</c> or <c>closed</c>.</param>
/// <param name="SourceVersion">The place stream's version this copy reflects.</param>
public sealed record KnownPlace(
    Guid Id,
    string Name,
    CommuneReference Commune,
    IReadOnlyList<string> TerritoryKeys,
    Guid OperatorActorId,
    string Status,
    long SourceVersion,
    DateTimeOffset UpdatedAt) : ILocalCopy
{
    public const string Open = "open";
    public const string Closed = "closed";
}
