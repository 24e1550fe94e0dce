using SocialTech.Actors.Contracts;
using SocialTech.BuildingBlocks.Http;

namespace SocialTech.Funding.Grants;

public enum GrantStatus
{
    Applied,
    Awarded,
    AgreementSigned,
    Cancelled,
    Closed,
}

/// <summary>Who gives the money, as flow queries group it. Travel kebab-case: <c>eu-fund</c>.</summary>
public enum FunderType
{
    State,
    Region,
    Departement,
    Epci,
    Commune,
    EuFund,
    Foundation,
    Company,
    Other,
}

/// <summary>One funder's part of a co-funded grant; the parts add up to the grant's amount.</summary>
public sealed record FunderShare(Guid FunderId, FunderType FunderType, decimal Amount);

/// <summary>The recipient as Funding's directory knew it when the grant was decided: later moves do not move past money.</summary>
public sealed record GrantRecipient(Guid ActorId, IReadOnlyList<string> Kinds, CommuneReference HeadOffice);

/// <param name="BeneficiaryLocations">Communes where the money is used; the recipient's head office when none is given.</param>
/// <param name="ParentGrantId">The grant an intermediary received and regrants from, if any.</param>
public sealed record GrantTerms(
    IReadOnlyList<FunderShare> Funders,
    GrantRecipient Recipient,
    Guid? ProgrammeId,
    string Purpose,
    decimal Amount,
    DateOnly PlannedStart,
    DateOnly PlannedEnd,
    IReadOnlyList<int> FiscalYears,
    string? PaymentTerms,
    IReadOnlyList<CommuneReference> BeneficiaryLocations,
    Guid? ParentGrantId);

public sealed record Disbursement(Guid FunderId, decimal Amount, DateOnly PaidOn);

public sealed record GrantApplied(Guid GrantId, GrantTerms Terms, DateOnly AppliedOn, DateTimeOffset RecordedAt);

/// <param name="Derogation">The derogation to its programme's rules the award stated, if any.</param>
public sealed record GrantAwarded(Guid GrantId, GrantTerms Terms, DateOnly DecisionDate, DateTimeOffset RecordedAt, ProgrammeDerogation? Derogation = null);

/// <param name="Derogation">The derogation to its programme's rules the award stated, if any.</param>
public sealed record ApplicationAwarded(Guid GrantId, DateOnly DecisionDate, DateTimeOffset RecordedAt, ProgrammeDerogation? Derogation = null);

public sealed record AgreementSigned(Guid GrantId, DateOnly SignedOn, DateTimeOffset RecordedAt);

public sealed record DisbursementMade(Guid GrantId, Guid FunderId, decimal Amount, DateOnly PaidOn, DateTimeOffset RecordedAt);

/// <param name="Derogation">The derogation to its programme's rules a raise stated, if any.</param>
public sealed record GrantAmountAmended(
    Guid GrantId, IReadOnlyList<FunderShare> Funders, decimal Amount, decimal PreviousAmount, string Reason, DateOnly AmendedOn, DateTimeOffset RecordedAt,
    ProgrammeDerogation? Derogation = null);

public sealed record GrantCancelled(Guid GrantId, DateOnly CancelledOn, string Reason, DateTimeOffset RecordedAt);

public sealed record GrantClosed(Guid GrantId, DateOnly ClosedOn, DateTimeOffset RecordedAt);

/// <summary>
/// A grant's state, folded from its events by <see cref="Fold"/>. Awarded, committed and disbursed are three
/// figures about the same money at three stages; they are never added together.
/// </summary>
public sealed record Grant(
    Guid Id,
    GrantTerms Terms,
    GrantStatus Status,
    DateOnly? AppliedOn,
    DateOnly? DecisionDate,
    DateOnly? AgreementDate,
    IReadOnlyList<Disbursement> Disbursements,
    DateOnly? EndedOn,
    string? CancellationReason)
{
    public long Version { get; init; }

    /// <summary>The derogations to its programme's rules its decisions stated, oldest first: a rule set aside once stays set aside for the grant.</summary>
    public IReadOnlyList<ProgrammeDerogation> Derogations { get; init; } = [];

    /// <summary>The rules <see cref="Derogations"/> set aside.</summary>
    public IReadOnlyList<string> DerogatedRules => [.. Derogations.SelectMany(d => d.Rules).Distinct()];

    /// <summary>
    /// Every event appended to a grant's stream: its inline projection is offered these only. Each one, even one Fold
    /// ignored, must reach it, since the document's version is the ETag that If-Match compares to the stream's.
    /// </summary>
    public static readonly IReadOnlyList<Type> EventTypes =
    [
        typeof(GrantApplied), typeof(GrantAwarded), typeof(ApplicationAwarded), typeof(AgreementSigned), typeof(DisbursementMade),
        typeof(GrantAmountAmended), typeof(GrantCancelled), typeof(GrantClosed),
    ];

    /// <summary>What the funders decided to give; nothing while it is only an application, nothing once cancelled.</summary>
    public decimal Awarded => Status is GrantStatus.Applied or GrantStatus.Cancelled || DecisionDate is null ? 0m : Terms.Amount;

    /// <summary>What a signed agreement binds the funders to pay.</summary>
    public decimal Committed => AgreementDate is null || Status == GrantStatus.Cancelled ? 0m : Terms.Amount;

    public decimal Disbursed => Disbursements.Sum(d => d.Amount);

    public decimal DisbursedBy(Guid funderId) => Disbursements.Where(d => d.FunderId == funderId).Sum(d => d.Amount);

    public static Grant? Fold(Grant? state, object @event) => (state, @event) switch
    {
        (null, GrantApplied e) => new Grant(e.GrantId, e.Terms, GrantStatus.Applied, e.AppliedOn, null, null, [], null, null),
        (null, GrantAwarded e) => new Grant(e.GrantId, e.Terms, GrantStatus.Awarded, null, e.DecisionDate, null, [], null, null)
        {
            Derogations = e.Derogation is null ? [] : [e.Derogation],
        },
        (null, _) => null,
        (_, ApplicationAwarded e) => state with
        {
            Status = GrantStatus.Awarded, DecisionDate = e.DecisionDate, Derogations = e.Derogation is null ? state.Derogations : [.. state.Derogations, e.Derogation],
        },
        (_, AgreementSigned e) => state with { Status = GrantStatus.AgreementSigned, AgreementDate = e.SignedOn },
        (_, DisbursementMade e) => state with { Disbursements = [.. state.Disbursements, new Disbursement(e.FunderId, e.Amount, e.PaidOn)] },
        (_, GrantAmountAmended e) => state with
        {
            Terms = state.Terms with { Funders = e.Funders, Amount = e.Amount },
            Derogations = e.Derogation is null ? state.Derogations : [.. state.Derogations, e.Derogation],
        },
        (_, GrantCancelled e) => state with { Status = GrantStatus.Cancelled, EndedOn = e.CancelledOn, CancellationReason = e.Reason },
        (_, GrantClosed e) => state with { Status = GrantStatus.Closed, EndedOn = e.ClosedOn },
        _ => state,
    };

    /// <summary>When Funding recorded a grant event (its clock's time at the decision), or null for anything else.</summary>
    public static DateTimeOffset? RecordedAt(object @event) => @event switch
    {
        GrantApplied e => e.RecordedAt,
        GrantAwarded e => e.RecordedAt,
        ApplicationAwarded e => e.RecordedAt,
        AgreementSigned e => e.RecordedAt,
        DisbursementMade e => e.RecordedAt,
        GrantAmountAmended e => e.RecordedAt,
        GrantCancelled e => e.RecordedAt,
        GrantClosed e => e.RecordedAt,
        _ => null,
    };

    public void EnsureIn(string action, params GrantStatus[] allowed)
    {
        if (!allowed.Contains(Status))
        {
            throw new InvalidTransitionException(action, $"the grant is {Kebab.Name(Status)}");
        }
    }
}
