namespace SocialTech.IncubatorNetworks.Contracts;

/// <summary>
/// A network admitted a venture (a project it supports) to one of its programmes.
/// Published by IncubatorNetworks; consumed by Funding and territorial dashboards (issue 8).
/// </summary>
/// <param name="NetworkId">The network supporting it.</param>
/// <param name="VentureId">The venture's stream id (derived from the network and its reference).</param>
/// <param name="Version">The venture stream's version after this change.</param>
/// <param name="VentureRef">The network's own reference for the venture.</param>
/// <param name="Name">The venture's name.</param>
/// <param name="ProgrammeRef">The programme it joins.</param>
/// <param name="CohortRef">Its cohort, when the programme runs in cohorts.</param>
/// <param name="Phase"><c>idea</c>, <c>emergence</c>, <c>creation</c>, <c>launch</c> or <c>growth</c>.</param>
/// <param name="CommuneCode">INSEE code of where it operates, when the network said.</param>
/// <param name="AdmittedOn">The day it was admitted.</param>
public sealed record VentureAdmitted(
    Guid NetworkId, Guid VentureId, long Version, string VentureRef, string Name, string ProgrammeRef, string? CohortRef, string Phase,
    string? CommuneCode, DateOnly AdmittedOn);
