namespace SocialTech.Actors.Contracts;

/// <summary>
/// Something in an actor's profile changed (name, kinds, identifiers, ESS/ESUS, places of action, contact).
/// Carries the whole new profile. Published by Actors; consumed by Funding, Labelling and IncubatorNetworks.
/// </summary>
/// <param name="ActorId">The actor's id.</param>
/// <param name="Version">The actor stream's version after the change; apply only if newer than your copy.</param>
/// <param name="Profile">The whole profile after the change.</param>
/// <param name="ChangedAt">When it changed.</param>
public sealed record ActorProfileChanged(Guid ActorId, long Version, ActorProfile Profile, DateTimeOffset ChangedAt);
