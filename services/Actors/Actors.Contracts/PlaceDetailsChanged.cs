namespace SocialTech.Actors.Contracts;

/// <summary>
/// An open place's description changed (name, typologies, commune, operator or website); it carries the whole
/// description, so that consumers replace their copy. Published by Actors; consumed by Labelling.
/// </summary>
/// <param name="PlaceId">The place's id.</param>
/// <param name="Version">The place stream's version after this change; consumers ignore older versions.</param>
/// <param name="Name">Its public name.</param>
/// <param name="Typologies">What it offers, kebab-case (see <see cref="PlaceOpened"/>).</param>
/// <param name="Commune">The commune it stands in.</param>
/// <param name="OperatorActorId">The registry actor that runs it.</param>
/// <param name="Website">Its public website, if any.</param>
/// <param name="ChangedAt">When the change was recorded.</param>
public sealed record PlaceDetailsChanged(
    Guid PlaceId,
    long Version,
    string Name,
    IReadOnlyList<string> Typologies,
    CommuneReference Commune,
    Guid OperatorActorId,
    Uri? Website,
    DateTimeOffset ChangedAt);
