namespace SocialTech.Actors.Contracts;

/// <summary>
/// A place closed for good; its record stays, and it can no longer change. Published by Actors; consumed by
/// Labelling, for which a closed place no longer counts for its territory.
/// </summary>
/// <param name="PlaceId">The place's id.</param>
/// <param name="Version">The place stream's version after closing.</param>
/// <param name="ClosedOn">The last day it was open.</param>
/// <param name="Reason">Why, in words.</param>
public sealed record PlaceClosed(Guid PlaceId, long Version, DateOnly ClosedOn, string Reason);
