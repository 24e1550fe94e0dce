using SocialTech.BuildingBlocks.Http;
using SocialTech.BuildingBlocks.Identifiers;
using SocialTech.Labelling.Schemes;

namespace SocialTech.Labelling.Applications;

public enum ApplicationStatus
{
    Drafted,
    Submitted,
    Incomplete,
    Completed,
    Admissible,
    Inadmissible,
    UnderInstruction,
    Granted,
    Rejected,
    Deferred,
    Withdrawn,
}

/// <summary>How an application came to be granted.</summary>
public enum GrantRoute
{
    /// <summary>Open brand: the charter was signed.</summary>
    Charter,

    /// <summary>Obtention: the jury granted it.</summary>
    Jury,

    /// <summary>The scheme's silence delay passed with no answer: deemed accepted.</summary>
    Silence,
}

/// <summary>
/// Who would hold the label: a territory with its collective of actors (territorial collective, ecosystem), or an
/// actor, place or network by id.
/// </summary>
/// <param name="Id">The actor, place or network; null for a territory.</param>
/// <param name="Territory"><c>level:code</c> of the territory; null for an actor, place or network.</param>
/// <param name="Collective">The actors that carry a territory's application (registry ids).</param>
public sealed record LabelHolder(LabelledKind Kind, Guid? Id, string? Territory, IReadOnlyList<Guid> Collective);

/// <summary>Evidence for one criterion: a document reference or, for an open brand, the self-declaration.</summary>
public sealed record Evidence(string CriterionCode, string Reference);

/// <summary>
/// The scheme's rules as they were when the application was drafted. The application carries them so that an
/// amendment to the scheme never changes the rules of a selection under way, and so that time-driven decisions
/// (deemed acceptance) need nothing but the application.
/// </summary>
/// <param name="Criteria">The criteria themselves, with the facts eligibility checks; null in applications drafted
/// before they were kept, whose eligibility reads the scheme's current criteria instead.</param>
public sealed record ApplicationRules(
    SchemeMode Mode, Validity Validity, int? SilenceMeansAcceptanceDays, IReadOnlyList<string> CriteriaCodes, IReadOnlyList<string> CriteriaNeedingEvidence,
    IReadOnlyList<Criterion>? Criteria = null);

public sealed record SupportLetter(Guid ActorId, string Summary, DateOnly ReceivedOn);

public sealed record Hearing(DateTimeOffset ScheduledAt, DateOnly? HeldOn, string? Minutes);

/// <summary>
/// The party that drafted an application, and so the one (besides an admin) that may act on it and read it
/// (<see cref="ApplicationParties"/>).
/// </summary>
/// <param name="Role">The role it drafted in: <c>network</c>, <c>operator</c>, <c>public-authority</c> or <c>admin</c>.</param>
/// <param name="Party"><c>network:{network_id}</c> for a network (every token of that network acts for it), else
/// <c>subject:{sub}</c>, the person or client the token names.</param>
public sealed record ApplicationDrafter(string Role, string Party);

/// <param name="DraftedBy">Who drafted it; null in events stored before it was recorded: nobody but an admin (and the
/// scheme's owner, for its own steps) may act on such an application.</param>
public sealed record ApplicationDrafted(
    Guid ApplicationId, Guid SchemeId, Guid? CampaignId, LabelHolder Holder, ApplicationRules Rules, IReadOnlyList<Evidence> Evidence,
    Guid? RenewsLabelId, DateTimeOffset DraftedAt, ApplicationDrafter? DraftedBy = null);

public sealed record ApplicationSubmitted(Guid ApplicationId, DateTimeOffset SubmittedAt);

public sealed record ApplicationDeclaredIncomplete(Guid ApplicationId, IReadOnlyList<string> Missing, DateTimeOffset DeclaredAt);

public sealed record ApplicationCompleted(Guid ApplicationId, IReadOnlyList<Evidence> Evidence, DateTimeOffset CompletedAt);

public sealed record ApplicationDeclaredAdmissible(Guid ApplicationId, DateTimeOffset DeclaredAt);

public sealed record ApplicationDeclaredInadmissible(Guid ApplicationId, string Reason, DateTimeOffset DeclaredAt);

public sealed record InstructionOpened(Guid ApplicationId, DateTimeOffset OpenedAt);

public sealed record SupportLetterReceived(Guid ApplicationId, Guid ActorId, string Summary, DateOnly ReceivedOn, DateTimeOffset RecordedAt);

public sealed record HearingScheduled(Guid ApplicationId, DateTimeOffset ScheduledAt, DateTimeOffset RecordedAt);

public sealed record HearingHeld(Guid ApplicationId, DateOnly HeldOn, string Minutes, DateTimeOffset RecordedAt);

public sealed record CharterSigned(Guid ApplicationId, string Signatory, DateOnly SignedOn, DateTimeOffset RecordedAt);

/// <summary>The application is granted; the label <paramref name="LabelId"/> is started in the same transaction.</summary>
public sealed record ApplicationGranted(
    Guid ApplicationId, Guid LabelId, GrantRoute Route, DateOnly DecidedOn, DateOnly ValidFrom, DateOnly ValidUntil,
    IReadOnlyList<string> Conditions, DateTimeOffset RecordedAt);

public sealed record ApplicationRejected(Guid ApplicationId, DateOnly DecidedOn, string Reason, DateTimeOffset RecordedAt);

public sealed record ApplicationDeferred(Guid ApplicationId, DateOnly DecidedOn, string Reason, DateTimeOffset RecordedAt);

public sealed record ApplicationCarriedOver(Guid ApplicationId, Guid FromCampaignId, Guid ToCampaignId, DateTimeOffset RecordedAt);

public sealed record ApplicationWithdrawn(Guid ApplicationId, string Reason, DateTimeOffset WithdrawnAt);

/// <summary>
/// An application's state, folded from its events by <see cref="Fold"/>; also what its parties read (not open data:
/// <see cref="ApplicationParties"/>).
/// </summary>
/// <param name="SilenceRunsUntil">When the scheme's silence delay would grant it; null when no delay runs (none in the
/// scheme, the file is incomplete, or a decision was taken). A deadline document mirrors it.</param>
public sealed record LabelApplication(
    Guid Id,
    Guid SchemeId,
    Guid? CampaignId,
    LabelHolder Holder,
    ApplicationRules Rules,
    IReadOnlyList<Evidence> Evidence,
    Guid? RenewsLabelId,
    ApplicationStatus Status,
    IReadOnlyList<string> Missing,
    IReadOnlyList<SupportLetter> SupportLetters,
    Hearing? Hearing,
    DateTimeOffset? SilenceRunsUntil,
    DateTimeOffset DraftedAt,
    DateTimeOffset? SubmittedAt,
    Guid? LabelId,
    GrantRoute? GrantedBy,
    DateOnly? DecidedOn,
    string? Reason,
    ApplicationDrafter? DraftedBy = null)
{
    public long Version { get; init; }

    /// <summary>States an applicant may still withdraw from: no final decision yet.</summary>
    public static readonly IReadOnlyList<ApplicationStatus> Open =
    [
        ApplicationStatus.Drafted, ApplicationStatus.Submitted, ApplicationStatus.Incomplete, ApplicationStatus.Completed,
        ApplicationStatus.Admissible, ApplicationStatus.UnderInstruction, ApplicationStatus.Deferred,
    ];

    /// <summary>States in which the file is complete and awaits an answer: the silence delay runs in them.</summary>
    public static readonly IReadOnlyList<ApplicationStatus> AwaitingAnswer =
        [ApplicationStatus.Submitted, ApplicationStatus.Completed, ApplicationStatus.Admissible, ApplicationStatus.UnderInstruction];

    /// <summary>The events <see cref="Fold"/> handles: its inline projection is offered only these (keep both in step).</summary>
    public static readonly IReadOnlyList<Type> EventTypes = [typeof(ApplicationDrafted), typeof(ApplicationSubmitted), typeof(ApplicationDeclaredIncomplete), typeof(ApplicationCompleted), typeof(ApplicationDeclaredAdmissible), typeof(ApplicationDeclaredInadmissible), typeof(InstructionOpened), typeof(SupportLetterReceived), typeof(HearingScheduled), typeof(HearingHeld), typeof(CharterSigned), typeof(ApplicationGranted), typeof(ApplicationRejected), typeof(ApplicationDeferred), typeof(ApplicationCarriedOver), typeof(ApplicationWithdrawn)];

    public static LabelApplication? Fold(LabelApplication? state, object @event) => (state, @event) switch
    {
        (null, ApplicationDrafted e) => new LabelApplication(
            e.ApplicationId, e.SchemeId, e.CampaignId, e.Holder, e.Rules, e.Evidence, e.RenewsLabelId, ApplicationStatus.Drafted,
            [], [], null, null, e.DraftedAt, null, null, null, null, null, e.DraftedBy),
        (null, _) => null,
        (_, ApplicationSubmitted e) => state with
        {
            Status = ApplicationStatus.Submitted, SubmittedAt = e.SubmittedAt, SilenceRunsUntil = SilenceFrom(state.Rules, e.SubmittedAt),
        },
        // An incomplete file suspends the silence delay; completing it starts the delay again, in full.
        (_, ApplicationDeclaredIncomplete e) => state with { Status = ApplicationStatus.Incomplete, Missing = e.Missing, SilenceRunsUntil = null },
        (_, ApplicationCompleted e) => state with
        {
            Status = ApplicationStatus.Completed, Missing = [], SilenceRunsUntil = SilenceFrom(state.Rules, e.CompletedAt),
            Evidence = [.. state.Evidence.Where(old => e.Evidence.All(n => n.CriterionCode != old.CriterionCode)), .. e.Evidence],
        },
        (_, ApplicationDeclaredAdmissible) => state with { Status = ApplicationStatus.Admissible },
        (_, ApplicationDeclaredInadmissible e) => state with { Status = ApplicationStatus.Inadmissible, Reason = e.Reason, SilenceRunsUntil = null },
        (_, InstructionOpened) => state with { Status = ApplicationStatus.UnderInstruction },
        (_, SupportLetterReceived e) => state with { SupportLetters = [.. state.SupportLetters, new SupportLetter(e.ActorId, e.Summary, e.ReceivedOn)] },
        (_, HearingScheduled e) => state with { Hearing = new Hearing(e.ScheduledAt, null, null) },
        (_, HearingHeld e) => state with { Hearing = state.Hearing! with { HeldOn = e.HeldOn, Minutes = e.Minutes } },
        (_, CharterSigned) => state,
        (_, ApplicationGranted e) => state with
        {
            Status = ApplicationStatus.Granted, LabelId = e.LabelId, GrantedBy = e.Route, DecidedOn = e.DecidedOn, SilenceRunsUntil = null,
        },
        (_, ApplicationRejected e) => state with { Status = ApplicationStatus.Rejected, DecidedOn = e.DecidedOn, Reason = e.Reason, SilenceRunsUntil = null },
        (_, ApplicationDeferred e) => state with { Status = ApplicationStatus.Deferred, DecidedOn = e.DecidedOn, Reason = e.Reason, SilenceRunsUntil = null },
        // Carried over, the file stays admissible and waits for the next campaign's instruction; the delay runs again from then.
        (_, ApplicationCarriedOver e) => state with
        {
            Status = ApplicationStatus.Admissible, CampaignId = e.ToCampaignId, DecidedOn = null, Reason = null, Hearing = null,
            SilenceRunsUntil = SilenceFrom(state.Rules, e.RecordedAt),
        },
        (_, ApplicationWithdrawn e) => state with { Status = ApplicationStatus.Withdrawn, Reason = e.Reason, SilenceRunsUntil = null },
        _ => state,
    };

    private static DateTimeOffset? SilenceFrom(ApplicationRules rules, DateTimeOffset from) =>
        rules.SilenceMeansAcceptanceDays is { } days ? from.AddDays(days) : null;

    public void EnsureIn(string action, params ApplicationStatus[] allowed)
    {
        if (!allowed.Contains(Status))
        {
            throw new InvalidTransitionException(action, $"the application is {Kebab.Name(Status)}");
        }
    }

    public void EnsureMode(string action, SchemeMode mode)
    {
        if (Rules.Mode != mode)
        {
            throw new InvalidTransitionException(action,
                Rules.Mode == SchemeMode.OpenBrand
                    ? $"the application is {Kebab.Name(Status)} under an open-brand scheme (sign the charter instead)"
                    : $"the application is {Kebab.Name(Status)} under an obtention scheme (the jury decides)");
        }
    }

    /// <summary>The one way into the granted state, whichever route: the label's period follows the scheme's validity.</summary>
    public ApplicationGranted Grant(GrantRoute route, DateOnly decidedOn, IReadOnlyList<string> conditions, DateTimeOffset now)
    {
        var (from, until) = Rules.Validity.For(decidedOn);
        if (until < from)
        {
            throw new InvalidTransitionException("grant the label", $"the scheme's fixed validity period ended on {until:yyyy-MM-dd}");
        }

        return new ApplicationGranted(Id, LabelIdFor(Id), route, decidedOn, from, until, conditions, now);
    }

    /// <summary>The label's id derives from its application's, so that a replayed grant lands on the same label stream.</summary>
    public static Guid LabelIdFor(Guid applicationId) => NameBasedId.From("socialtech:labels:", applicationId.ToString("N"));
}
