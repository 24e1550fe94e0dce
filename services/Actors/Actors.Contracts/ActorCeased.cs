namespace SocialTech.Actors.Contracts;

/// <summary>
/// An actor ceased its activity (dissolution, liquidation). Its history stays. Published by Actors; consumed by
/// Funding, Labelling and IncubatorNetworks.
/// </summary>
/// <param name="ActorId">The actor's id.</param>
/// <param name="Version">The actor stream's version after cessation.</param>
/// <param name="CeasedOn">The date it ceased.</param>
/// <param name="Reason">Why, in words.</param>
public sealed record ActorCeased(Guid ActorId, long Version, DateOnly CeasedOn, string Reason);
