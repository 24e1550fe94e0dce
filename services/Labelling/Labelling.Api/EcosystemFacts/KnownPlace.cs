using SocialTech.Actors.Contracts;
using SocialTech.BuildingBlocks.EventStore;

namespace SocialTech.Labelling.EcosystemFacts;

/// <summary>
/// Labelling's own copy of a place (tiers-lieu) the Actors service published, so that eligibility ("the territory
/// has a tiers-lieu") is answered from Labelling's database, never by calling Actors.
/// </summary>
/// <param name="Typologies">Kebab-case, as published: <c>coworking</c>, <c>fablab</c>…</param>
/// <param name="OperatorActorId">The registry actor that runs it.</param>
/// <param name="Status"><c>open</c> or <c>closed</c>.</param>
/// <param name="SourceVersion">The place stream's version this copy reflects; older messages are ignored.</param>
public sealed record KnownPlace(
    Guid Id,
    string Name,
    IReadOnlyList<string> Typologies,
    CommuneReference Commune,
    Guid OperatorActorId,
    string Status,
    DateOnly OpenedOn,
    DateOnly? ClosedOn,
    long SourceVersion,
    DateTimeOffset UpdatedAt) : ILocalCopy
{
    public const string Open = "open";
    public const string Closed = "closed";
}
