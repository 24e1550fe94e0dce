namespace SocialTech.IncubatorNetworks.Contracts;

/// <summary>
/// A network announced a cohort of one of its programmes, with the ventures selected.
/// Published by IncubatorNetworks; consumed by Funding (programmes it co-funds) and territorial dashboards (issue 8).
/// </summary>
/// <param name="NetworkId">The network that runs the programme.</param>
/// <param name="CohortId">The cohort's stream id (derived from the network and its reference).</param>
/// <param name="Version">The cohort stream's version after this change.</param>
/// <param name="CohortRef">The network's own reference for the cohort.</param>
/// <param name="ProgrammeRef">The network's reference for the programme.</param>
/// <param name="Name">The cohort's name.</param>
/// <param name="StartsOn">The day it starts.</param>
/// <param name="Ventures">The ventures selected.</param>
public sealed record CohortAnnounced(
    Guid NetworkId, Guid CohortId, long Version, string CohortRef, string ProgrammeRef, string Name, DateOnly StartsOn,
    IReadOnlyList<AnnouncedVenture> Ventures);
