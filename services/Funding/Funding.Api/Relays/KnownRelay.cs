using SocialTech.Actors.Contracts;
using SocialTech.BuildingBlocks.EventStore;

namespace SocialTech.Funding.Relays;

/// <summary>
/// Funding's copy of one actor's relay offer, kept from Actors' <c>RelayOffer…</c> contracts (docs/adr/0013): what the
/// maze needs to say whom to call, without calling Actors.
/// </summary>
/// <param name="Id">The offer's id (one per actor, the same across declarations).</param>
/// <param name="ActorId">The relay: its name and status come from the directory (<c>DirectoryActor</c>).</param>
/// <param name="Supports">Kinds of support, kebab-case codes (<c>funding-advice</c>…).</param>
/// <param name="ForKinds">The kinds of actor it supports, kebab-case.</param>
/// <param name="Territories">Where it acts, as declared.</param>
/// <param name="TerritoryKeys">The same as <c>level:code</c> keys, what coverage matches on.</param>
/// <param name="Mailbox">Its role mailbox.</param>
/// <param name="IncludesPlaces">Whether the open places it runs are relay points of their commune and EPCI (<see cref="Places.KnownPlace"/>).</param>
/// <param name="IncludesHubs">Whether the open hubs in France of the networks it heads are relay points of their commune and EPCI (<see cref="Hubs.KnownHub"/>).
/// Defaulted: copies stored before it existed read as false.</param>
/// <param name="Status"><c>active</c> or <c>withdrawn</c>. A withdrawn offer is kept, so that a late, older declaration loses to it by version.</param>
/// <param name="SourceVersion">The offer stream's version this copy reflects.</param>
public sealed record KnownRelay(
    Guid Id,
    Guid ActorId,
    IReadOnlyList<string> Supports,
    IReadOnlyList<string> ForKinds,
    IReadOnlyList<TerritoryReference> Territories,
    IReadOnlyList<string> TerritoryKeys,
    string Mailbox,
    bool IncludesPlaces,
    string Status,
    long SourceVersion,
    DateTimeOffset UpdatedAt,
    bool IncludesHubs = false) : ILocalCopy
{
    public const string Active = "active";
    public const string Withdrawn = "withdrawn";

    public static KnownRelay Of(
        Guid offerId, Guid actorId, IReadOnlyList<string> supports, IReadOnlyList<string> forKinds, IReadOnlyList<TerritoryReference> territories,
        string mailbox, bool includesPlaces, long version, DateTimeOffset now, bool includesHubs = false) => new(
        offerId, actorId, supports, forKinds, territories, territories.Select(t => $"{t.Level}:{t.Code}").ToArray(), mailbox, includesPlaces,
        Active, version, now, includesHubs);
}
