using Marten;
using SocialTech.BuildingBlocks.Http;
using SocialTech.IncubatorNetworks.Activity;

namespace SocialTech.IncubatorNetworks.Programmes;

/// <summary>Calls, cohorts and ventures name one of their network's programmes.</summary>
public static class ProgrammeReferences
{
    /// <summary>The programme as stored now (null: this network has none by that reference), read before the pure decision.</summary>
    public static async Task<Programme?> FindAsync(IQuerySession session, Guid networkId, string? programmeRef, CancellationToken ct) =>
        string.IsNullOrEmpty(programmeRef) ? null : await session.LoadAsync<Programme>(Subjects.StreamId(Subjects.Programmes, networkId, programmeRef), ct);

    public static Validation Known(this Validation validation, string? programmeRef, Programme? programme) =>
        validation
            .Reference(programmeRef, "programmeRef")
            .Check(string.IsNullOrEmpty(programmeRef) || programme is not null, "programmeRef",
                $"this network has no programme '{programmeRef}'; publish it first (POST …/programmes).");
}
