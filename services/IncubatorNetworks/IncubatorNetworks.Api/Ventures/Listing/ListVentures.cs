using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.BuildingBlocks.Http;
using SocialTech.IncubatorNetworks.Networks;

namespace SocialTech.IncubatorNetworks.Ventures.Listing;

/// <summary>One phase of a venture's journey: from the day it entered it until the day it left it (null: it still is there).</summary>
/// <param name="Until">The next phase's first day, or the day its support ended (graduated, exited, abandoned).</param>
public sealed record JourneyStep(VenturePhase Phase, DateOnly From, DateOnly? Until);

/// <summary>A venture as a network's list shows it: where it stands and the journey that brought it there.</summary>
/// <param name="Journey">Every phase it went through, in order, with its dates: folded from the venture's events.</param>
public sealed record VentureSummary(
    string Ref, string Name, string ProgrammeRef, string? CohortRef, VenturePhase Phase, VentureStatus Status, string? CommuneCode,
    DateOnly AdmittedOn, DateOnly? EndedOn, string? Siren, decimal FundingRaisedEuros, IReadOnlyList<JourneyStep> Journey, long Version);

public static class VentureJourney
{
    /// <summary>The journey told by a venture's events, in stream order (other events are skipped): pure, so tested alone.</summary>
    public static IReadOnlyList<JourneyStep> Of(IEnumerable<object> events)
    {
        var steps = new List<JourneyStep>();
        foreach (var e in events)
        {
            switch (e)
            {
                case VentureAdmitted admitted:
                    steps.Add(new JourneyStep(admitted.Phase, admitted.AdmittedOn, null));
                    break;
                case VenturePhaseChanged changed:
                    Close(changed.ChangedOn);
                    steps.Add(new JourneyStep(changed.To, changed.ChangedOn, null));
                    break;
                case VentureGraduated graduated:
                    Close(graduated.GraduatedOn);
                    break;
                case VentureExited exited:
                    Close(exited.ExitedOn);
                    break;
                case VentureAbandoned abandoned:
                    Close(abandoned.AbandonedOn);
                    break;
            }
        }

        return steps;

        void Close(DateOnly on)
        {
            if (steps.Count > 0 && steps[^1].Until is null)
            {
                steps[^1] = steps[^1] with { Until = on };
            }
        }
    }
}

public static class ListVentures
{
    /// <remarks>
    /// By admission day, then by the network's reference. The venture's state keeps its current phase only; the journey
    /// is read from its events (one query for the page), so that it holds for ventures admitted before this list existed.
    /// </remarks>
    public static async Task<Ok<Page<VentureSummary>>> Handle(
        Guid networkId, HttpRequest request, IQuerySession session, CancellationToken ct, int page = 1, int pageSize = 50)
    {
        var (paging, _) = await NetworkLists.CheckAsync(request, networkId, session, page, pageSize, ct);
        var ventures = await NetworkLists.PageAsync(
            session.Query<Venture>().Where(v => v.NetworkId == networkId).OrderBy(v => v.AdmittedOn).ThenBy(v => v.Ref), paging, ct);

        var ids = ventures.Items.Select(v => v.Id).ToArray();
        IReadOnlyList<IEvent> events = ids.Length == 0 ? [] : await session.Events.QueryAllRawEvents()
            .Where(e => e.StreamId.IsOneOf(ids))
            .OrderBy(e => e.StreamId).ThenBy(e => e.Version)
            .ToListAsync(ct);
        var journeys = events.GroupBy(e => e.StreamId).ToDictionary(g => g.Key, g => VentureJourney.Of(g.Select(e => e.Data)));

        var items = ventures.Items.Select(v => new VentureSummary(
            v.Ref, v.Name, v.ProgrammeRef, v.CohortRef, v.Phase, v.Status, v.CommuneCode, v.AdmittedOn, v.EndedOn, v.Siren, v.FundingRaisedEuros,
            journeys.GetValueOrDefault(v.Id, []), v.Version)).ToArray();
        return TypedResults.Ok(new Page<VentureSummary>(items, ventures.PageNumber, ventures.PageSize, ventures.TotalItems, ventures.TotalPages, ventures.HasNextPage));
    }
}
