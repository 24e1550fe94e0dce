namespace SocialTech.Actors.Contracts;

/// <summary>
/// Two records turned out to be the same actor: the absorbed one now points to the survivor, whose identifiers it
/// takes. Consumers re-point what they hold about the absorbed actor (grants, labels, ventures) to the survivor.
/// Published by Actors; consumed by Funding, Labelling and IncubatorNetworks.
/// </summary>
/// <param name="AbsorbedActorId">The duplicate, which stops being used.</param>
/// <param name="SurvivorActorId">The actor that remains.</param>
/// <param name="AbsorbedVersion">The absorbed stream's version after the merge.</param>
/// <param name="MergedAt">When the merge was recorded.</param>
public sealed record ActorsMerged(Guid AbsorbedActorId, Guid SurvivorActorId, long AbsorbedVersion, DateTimeOffset MergedAt);
