using SocialTech.BuildingBlocks.Http;

namespace SocialTech.IncubatorNetworks.Ventures;

/// <summary>Where a venture stands in its journey. Kebab-case on the wire.</summary>
public enum VenturePhase
{
    Idea,
    Emergence,
    Creation,
    Launch,
    Growth,
}

/// <summary>Supported until it graduates, exits the programme early or is abandoned.</summary>
public enum VentureStatus
{
    Supported,
    Graduated,
    Exited,
    Abandoned,
}

public enum FundingKind
{
    Grant,
    HonourLoan,
    BankLoan,
    Equity,
    Crowdfunding,
    Other,
}

public sealed record VentureAdmitted(
    Guid VentureId, Guid NetworkId, string VentureRef, string Name, string ProgrammeRef, string? CohortRef, VenturePhase Phase,
    string? CommuneCode, DateOnly AdmittedOn, DateTimeOffset RecordedAt);

public sealed record VenturePhaseChanged(Guid VentureId, VenturePhase From, VenturePhase To, DateOnly ChangedOn, DateTimeOffset RecordedAt);

public sealed record VentureIncorporated(Guid VentureId, string Siren, DateOnly IncorporatedOn, DateTimeOffset RecordedAt);

public sealed record VentureFundingRaised(Guid VentureId, decimal AmountEuros, FundingKind Kind, string? Funder, DateOnly RaisedOn, DateTimeOffset RecordedAt);

/// <summary>Indicators for one year; a later report for the same year corrects it.</summary>
public sealed record VentureIndicatorsReported(Guid VentureId, int Year, int? Jobs, decimal? RevenueEuros, int? Beneficiaries, DateTimeOffset RecordedAt);

public sealed record VentureGraduated(Guid VentureId, DateOnly GraduatedOn, DateTimeOffset RecordedAt);

public sealed record VentureExited(Guid VentureId, DateOnly ExitedOn, string Reason, DateTimeOffset RecordedAt);

public sealed record VentureAbandoned(Guid VentureId, DateOnly AbandonedOn, string Reason, DateTimeOffset RecordedAt);

public sealed record IndicatorReport(int Year, int? Jobs, decimal? RevenueEuros, int? Beneficiaries);

/// <summary>
/// A venture's state, folded from its events by <see cref="Fold"/> (not <c>Apply</c> or <c>Evolve</c>: Marten's
/// source generator would take a static method of that name for one of its conventions).
/// </summary>
public sealed record Venture(
    Guid Id,
    Guid NetworkId,
    string Ref,
    string Name,
    string ProgrammeRef,
    string? CohortRef,
    VenturePhase Phase,
    string? CommuneCode,
    DateOnly AdmittedOn,
    string? Siren,
    decimal FundingRaisedEuros,
    IReadOnlyList<IndicatorReport> Indicators,
    VentureStatus Status,
    DateOnly? EndedOn)
{
    public long Version { get; init; }

    /// <summary>The events <see cref="Fold"/> handles: its inline projection is offered only these (keep both in step).</summary>
    public static readonly IReadOnlyList<Type> EventTypes = [typeof(VentureAdmitted), typeof(VenturePhaseChanged), typeof(VentureIncorporated), typeof(VentureFundingRaised), typeof(VentureIndicatorsReported), typeof(VentureGraduated), typeof(VentureExited), typeof(VentureAbandoned)];

    public static Venture? Fold(Venture? state, object @event) => (state, @event) switch
    {
        (null, VentureAdmitted e) => new Venture(e.VentureId, e.NetworkId, e.VentureRef, e.Name, e.ProgrammeRef, e.CohortRef, e.Phase,
            e.CommuneCode, e.AdmittedOn, null, 0, [], VentureStatus.Supported, null),
        (null, _) => null,
        (_, VenturePhaseChanged e) => state with { Phase = e.To },
        (_, VentureIncorporated e) => state with { Siren = e.Siren },
        (_, VentureFundingRaised e) => state with { FundingRaisedEuros = state.FundingRaisedEuros + e.AmountEuros },
        (_, VentureIndicatorsReported e) => state with
        {
            Indicators = [.. state.Indicators.Where(i => i.Year != e.Year), new IndicatorReport(e.Year, e.Jobs, e.RevenueEuros, e.Beneficiaries)],
        },
        (_, VentureGraduated e) => state with { Status = VentureStatus.Graduated, EndedOn = e.GraduatedOn },
        (_, VentureExited e) => state with { Status = VentureStatus.Exited, EndedOn = e.ExitedOn },
        (_, VentureAbandoned e) => state with { Status = VentureStatus.Abandoned, EndedOn = e.AbandonedOn },
        _ => state,
    };

    /// <summary>A message about a venture the network never admitted: the admission must come first.</summary>
    public static Venture Admitted(Venture? venture, string action) =>
        venture ?? throw new InvalidTransitionException(action, "the venture was never admitted (publish venture-admitted first)");

    /// <summary>Graduated, exited and abandoned are ends of the journey: the support is over.</summary>
    public void EnsureSupported(string action)
    {
        if (Status != VentureStatus.Supported)
        {
            throw new InvalidTransitionException(action, $"the venture is {Kebab.Name(Status)} since {EndedOn:yyyy-MM-dd}");
        }
    }
}
