using SocialTech.BuildingBlocks.EventStore;

namespace SocialTech.Labelling.NetworkFacts;

/// <summary>
/// Labelling's own copy of a venture an incubator network supports, as IncubatorNetworks published it, so that
/// eligibility ("at least N ventures supported by incubator networks in the territory") is answered here.
/// </summary>
/// <param name="CommuneCode">INSEE code (COG 2025) of where it operates; null when the network did not say, and
/// then it counts in no territory.</param>
/// <param name="Status"><c>admitted</c>, <c>incorporated</c> or <c>graduated</c>: supported in every case.</param>
/// <param name="SourceVersion">The venture stream's version this copy reflects; older messages are ignored.</param>
public sealed record SupportedVenture(
    Guid Id,
    Guid NetworkId,
    string Name,
    string ProgrammeRef,
    string Phase,
    string? CommuneCode,
    string? Siren,
    string Status,
    DateOnly AdmittedOn,
    long SourceVersion,
    DateTimeOffset UpdatedAt) : ILocalCopy
{
    public const string Admitted = "admitted";
    public const string Incorporated = "incorporated";
    public const string Graduated = "graduated";
}
