namespace SocialTech.IncubatorNetworks.Contracts;

/// <summary>
/// A venture completed its programme.
/// Published by IncubatorNetworks; consumed by Funding and territorial dashboards (issue 8).
/// </summary>
/// <param name="NetworkId">The network that supported it.</param>
/// <param name="VentureId">The venture's stream id.</param>
/// <param name="Version">The venture stream's version after this change.</param>
/// <param name="VentureRef">The network's own reference for the venture.</param>
/// <param name="Name">The venture's name.</param>
/// <param name="ProgrammeRef">The programme it completed.</param>
/// <param name="Siren">Its SIREN, when it was incorporated.</param>
/// <param name="GraduatedOn">The day it graduated.</param>
public sealed record VentureGraduated(
    Guid NetworkId, Guid VentureId, long Version, string VentureRef, string Name, string ProgrammeRef, string? Siren, DateOnly GraduatedOn);
