namespace SocialTech.Actors.Contracts;

/// <summary>
/// A place (tiers-lieu) opened and joined the registry. Published by Actors; consumed by Labelling (the places a
/// territory has, for eligibility), which keeps its own copy and never calls back.
/// </summary>
/// <param name="PlaceId">The place's id in the registry.</param>
/// <param name="Version">The version of the place's stream after this change; consumers ignore older versions.</param>
/// <param name="Name">Its public name.</param>
/// <param name="Typologies">What it offers, kebab-case: <c>coworking</c>, <c>fablab</c>, <c>cultural</c>, <c>food</c>,
/// <c>shared-workshop</c>, <c>social-innovation-lab</c>, <c>digital-inclusion</c>, <c>other</c>.</param>
/// <param name="Commune">The commune it stands in.</param>
/// <param name="OperatorActorId">The registry actor that runs it (see <see cref="ActorRegistered"/>).</param>
/// <param name="Website">Its public website, if any.</param>
/// <param name="OpenedOn">The day it opened to the public.</param>
public sealed record PlaceOpened(
    Guid PlaceId,
    long Version,
    string Name,
    IReadOnlyList<string> Typologies,
    CommuneReference Commune,
    Guid OperatorActorId,
    Uri? Website,
    DateOnly OpenedOn);
