namespace SocialTech.Actors.Contracts;

/// <summary>
/// An actor declared the support it offers as a relay (or declared it again after withdrawing it). Published by Actors; meant for the service that answers "whom can I turn to?" (docs/adr/0013), which keeps
/// a local copy of relays keyed by actor, newest version wins.
/// </summary>
/// <param name="ActorId">The relay: <c>/api/actors/{actorId}</c>.</param>
/// <param name="OfferId">The offer's id (one per actor, the same across declarations).</param>
/// <param name="Version">The offer stream's version after this change; consumers ignore older versions.</param>
/// <param name="Supports">Kinds of support, stable kebab-case codes (<c>funding-advice</c>, <c>incubation</c>…).</param>
/// <param name="ForKinds">The kinds of actor it supports, kebab-case (<c>association</c>, <c>scic</c>…).</param>
/// <param name="Territories">Where it acts: communes, EPCIs, départements, régions.</param>
/// <param name="Mailbox">Its role mailbox.</param>
/// <param name="IncludesPlaces">Whether the places (tiers-lieux) it runs count as relay points of their commune and EPCI (PlaceOpened, PlaceClosed).</param>
/// <param name="DeclaredAt">When it was recorded.</param>
/// <param name="IncludesHubs">Whether the open hubs in France of the networks it heads (IncubatorNetworks' <c>NetworkHubOpened</c>,
/// whose <c>HeadActorId</c> is this actor) count as relay points of their commune and EPCI. Last and defaulted, so that a
/// message published before it existed reads as false.</param>
public sealed record RelayOfferDeclared(
    Guid ActorId,
    Guid OfferId,
    long Version,
    IReadOnlyList<string> Supports,
    IReadOnlyList<string> ForKinds,
    IReadOnlyList<TerritoryReference> Territories,
    string Mailbox,
    bool IncludesPlaces,
    DateTimeOffset DeclaredAt,
    bool IncludesHubs = false);
