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
/// <param name="OpenedOn">The day it opened; null in copies made before the copy kept it.</param>
/// <param name="ClosedOn">The last day it was open, once closed.</param>
public sealed record KnownPlace(
    Guid Id,
    string Name,
    CommuneReference Commune,
    IReadOnlyList<string> TerritoryKeys,
    Guid OperatorActorId,
    string Status,
    long SourceVersion,
    DateTimeOffset UpdatedAt,
    DateOnly? OpenedOn = null,
    DateOnly? ClosedOn = null) : ILocalCopy
{
    public const string Open = "open";
    public const string Closed = "closed";

    /// <summary>Open on <paramref name="day"/>: opened on or before it and not closed before it (its closing day is its last open day).
    /// A copy without its days answers by its status.</summary>
    public bool OpenOn(DateOnly day) => OpenedOn is { } opened
        ? opened <= day && (ClosedOn is not { } closed ? Status == Open : closed >= day)
        : Status == Open;
}
