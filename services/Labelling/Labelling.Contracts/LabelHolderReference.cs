namespace SocialTech.Labelling.Contracts;

/// <summary>
/// Who holds (or applies for) a label, as carried inside Labelling's contracts. Published by Labelling inside its
/// label and application contracts; read by whoever consumes those.
/// </summary>
/// <param name="Kind">Kebab-case: <c>territorial-collective</c>, <c>ecosystem</c>, <c>organisation</c>, <c>place</c>, <c>network</c>.</param>
/// <param name="Id">The actor, place or network; null for a territory.</param>
/// <param name="Territory"><c>level:code</c> of the territory; null for an actor, place or network.</param>
/// <param name="Collective">The actors (registry ids) that carry a territory's label.</param>
public sealed record LabelHolderReference(string Kind, Guid? Id, string? Territory, IReadOnlyList<Guid> Collective);
