namespace SocialTech.IncubatorNetworks.Contracts;

/// <summary>
/// A venture became a legal entity, identified by its SIREN.
/// Published by IncubatorNetworks; consumed by Actors, which links the venture to the actor with that SIREN and
/// registers the actor when it is new (with the name and commune carried here).
/// </summary>
/// <param name="NetworkId">The network supporting it.</param>
/// <param name="VentureId">The venture's stream id.</param>
/// <param name="Version">The venture stream's version after this change.</param>
/// <param name="VentureRef">The network's own reference for the venture.</param>
/// <param name="Name">The venture's name.</param>
/// <param name="Siren">9 digits, Luhn-checked.</param>
/// <param name="CommuneCode">INSEE code of where it operates, when the network said.</param>
/// <param name="IncorporatedOn">The day it was incorporated.</param>
public sealed record VentureIncorporated(
    Guid NetworkId, Guid VentureId, long Version, string VentureRef, string Name, string Siren, string? CommuneCode, DateOnly IncorporatedOn);
