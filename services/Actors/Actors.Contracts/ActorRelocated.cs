namespace SocialTech.Actors.Contracts;

/// <summary>
/// An actor's head office moved to another commune. Published by Actors; consumed by Funding (funding located by
/// head office) and Labelling (territorial eligibility).
/// </summary>
/// <param name="ActorId">The actor's id.</param>
/// <param name="Version">The actor stream's version after the move.</param>
/// <param name="From">The former head office.</param>
/// <param name="To">The new head office.</param>
/// <param name="MovedAt">When the move was recorded.</param>
public sealed record ActorRelocated(Guid ActorId, long Version, CommuneReference From, CommuneReference To, DateTimeOffset MovedAt);
