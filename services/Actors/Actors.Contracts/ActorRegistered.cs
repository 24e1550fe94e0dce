namespace SocialTech.Actors.Contracts;

/// <summary>
/// An actor of social innovation joined the registry.
/// Published by Actors; consumed by Funding (its directory of recipients and funders), Labelling and
/// IncubatorNetworks, which keep their own copy of what they need and never call back.
/// </summary>
/// <param name="ActorId">The actor's id in the registry.</param>
/// <param name="Version">The version of the actor's stream after this change; consumers ignore older versions.</param>
/// <param name="Profile">The actor's whole profile.</param>
/// <param name="RegisteredAt">When it was registered.</param>
public sealed record ActorRegistered(Guid ActorId, long Version, ActorProfile Profile, DateTimeOffset RegisteredAt);
