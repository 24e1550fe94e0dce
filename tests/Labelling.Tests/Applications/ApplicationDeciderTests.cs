using SocialTech.BuildingBlocks.Http;
using SocialTech.Labelling.Applications;
using SocialTech.Labelling.Applications.Completing;
using SocialTech.Labelling.Applications.DecidingAsJury;
using SocialTech.Labelling.Applications.DeclaringIncomplete;
using SocialTech.Labelling.Applications.DeemingAccepted;
using SocialTech.Labelling.Applications.Drafting;
using SocialTech.Labelling.Applications.HoldingHearing;
using SocialTech.Labelling.Applications.SchedulingHearing;
using SocialTech.Labelling.Applications.Submitting;
using SocialTech.Labelling.Schemes;
using static SocialTech.Labelling.Tests.Applications.Given;

namespace SocialTech.Labelling.Tests.Applications;

/// <summary>The rules inside the transitions: campaign dates, evidence, territories, hearing, cap, and the silence delay.</summary>
public sealed class ApplicationDeciderTests
{
    private static LabelApplication Fold(LabelApplication state, IEnumerable<object> events) => events.Aggregate(state, (s, e) => LabelApplication.Fold(s, e)!);

    [Fact]
    public void Submit_OutsideTheCampaignDates_IsAnIllegalTransition()
    {
        var refused = Assert.Throws<InvalidTransitionException>(() => SubmitApplication.Decide(In(ApplicationStatus.Drafted), OpenCampaign, null, Now.AddMonths(6)));

        Assert.Contains("takes applications from 2026-01-01 to 2026-06-30", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Submit_WithoutRequiredEvidenceOrFromAnIneligibleTerritory_NamesTheFields()
    {
        var application = In(ApplicationStatus.Drafted) with { Evidence = [], Holder = In(ApplicationStatus.Drafted).Holder with { Territory = "departement:33" } };

        var refused = Assert.Throws<ValidationException>(() => SubmitApplication.Decide(application, OpenCampaign, [application.Holder.Territory!], Now));

        Assert.Equal(["evidence", "holder.territory"], refused.Errors.Keys.Order().ToArray());
        Assert.Contains("C1", refused.Errors["evidence"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void Submit_StartsTheSilenceDelay_IncompleteStopsIt_CompletingRestartsItInFull()
    {
        var submitted = Fold(In(ApplicationStatus.Drafted), SubmitApplication.Decide(In(ApplicationStatus.Drafted), OpenCampaign, null, Now));
        var incomplete = Fold(submitted, DeclareIncomplete.Decide(submitted, new DeclareIncompleteRequest(["bilan"]), Now.AddDays(10)));
        var completed = Fold(incomplete, CompleteApplication.Decide(incomplete, new CompleteApplicationRequest([new EvidenceRequest("c2", "bilan.pdf")]), Now.AddDays(20)));

        Assert.Equal(Now.AddDays(60), submitted.SilenceRunsUntil);
        Assert.Null(incomplete.SilenceRunsUntil);
        Assert.Equal(Now.AddDays(80), completed.SilenceRunsUntil);
        Assert.Equal(["C1", "C2"], completed.Evidence.Select(e => e.CriterionCode).Order());
    }

    [Fact]
    public void DeemAccepted_BeforeTheDelayRunsOut_DecidesNothing_AfterIt_GrantsDatedTheDueDay()
    {
        var submitted = In(ApplicationStatus.Submitted);
        var due = submitted.SilenceRunsUntil!.Value;

        Assert.Empty(DeemAccepted.Decide(submitted, due.AddSeconds(-1)));
        var granted = Assert.IsType<ApplicationGranted>(Assert.Single(DeemAccepted.Decide(submitted, due.AddDays(3))));

        Assert.Equal(GrantRoute.Silence, granted.Route);
        Assert.Equal(DateOnly.FromDateTime(due.UtcDateTime), granted.DecidedOn);
        Assert.Equal(LabelApplication.LabelIdFor(submitted.Id), granted.LabelId);
    }

    [Theory]
    [InlineData(ApplicationStatus.Submitted, true)]
    [InlineData(ApplicationStatus.Completed, true)]
    [InlineData(ApplicationStatus.Admissible, true)]
    [InlineData(ApplicationStatus.UnderInstruction, true)]
    [InlineData(ApplicationStatus.Drafted, false)]
    [InlineData(ApplicationStatus.Incomplete, false)]
    [InlineData(ApplicationStatus.Inadmissible, false)]
    [InlineData(ApplicationStatus.Granted, false)]
    [InlineData(ApplicationStatus.Rejected, false)]
    [InlineData(ApplicationStatus.Deferred, false)]
    [InlineData(ApplicationStatus.Withdrawn, false)]
    public void DeemAccepted_GrantsOnlyAFileAwaitingAnswer(ApplicationStatus status, bool grants)
    {
        // Whatever the state, the clock is far past any delay: only the state decides.
        var application = In(status) with { SilenceRunsUntil = In(status).SilenceRunsUntil ?? Now };

        var events = DeemAccepted.Decide(application, Now.AddYears(1));

        Assert.Equal(grants, events.Count == 1);
    }

    [Fact]
    public void DeemAccepted_WithoutASilenceDelay_NeverGrants()
    {
        Assert.Empty(DeemAccepted.Decide(In(ApplicationStatus.Submitted, silenceDays: null), Now.AddYears(10)));
    }

    [Fact]
    public void Hearing_ScheduledThenHeld_ThenJuryMayDecide_AndAHeldHearingCannotBeMovedOrHeldAgain()
    {
        var instructed = In(ApplicationStatus.UnderInstruction);
        var noHearing = Assert.Throws<InvalidTransitionException>(() => HoldHearing.Decide(instructed, new HoldHearingRequest(new DateOnly(2026, 3, 2), "ok"), Now));
        var scheduled = Fold(instructed, ScheduleHearing.Decide(instructed, new ScheduleHearingRequest(Now.AddDays(1)), Now));
        var pending = Assert.Throws<InvalidTransitionException>(() =>
            DecideAsJury.Decide(scheduled, new JuryDecisionRequest("granted", new DateOnly(2026, 3, 2)), new Quota(null, 0), Now));
        var held = Fold(scheduled, HoldHearing.Decide(scheduled, new HoldHearingRequest(new DateOnly(2026, 3, 2), "Audition du collectif"), Now.AddDays(2)));
        var again = Assert.Throws<InvalidTransitionException>(() => HoldHearing.Decide(held, new HoldHearingRequest(new DateOnly(2026, 3, 2), "encore"), Now));
        var moved = Assert.Throws<InvalidTransitionException>(() => ScheduleHearing.Decide(held, new ScheduleHearingRequest(Now.AddDays(9)), Now));

        Assert.Equal("the application is under-instruction with no hearing scheduled", noHearing.Extensions["currentState"]);
        Assert.Contains("not yet held", (string)pending.Extensions["currentState"]!, StringComparison.Ordinal);
        Assert.Contains("held on 2026-03-02", (string)again.Extensions["currentState"]!, StringComparison.Ordinal);
        Assert.Equal(409, moved.Status);
        Assert.IsType<ApplicationGranted>(Assert.Single(
            DecideAsJury.Decide(held, new JuryDecisionRequest("granted", new DateOnly(2026, 3, 4)), new Quota(null, 0), Now.AddDays(2))));
    }

    [Fact]
    public void JuryGrant_WhenTheCampaignHasItsLaureates_IsRefused_ButARejectionIsNot()
    {
        var application = In(ApplicationStatus.UnderInstruction);

        var refused = Assert.Throws<InvalidTransitionException>(() =>
            DecideAsJury.Decide(application, new JuryDecisionRequest("granted", new DateOnly(2026, 3, 2)), new Quota(2, 2), Now));

        Assert.Equal("the campaign has its 2 laureates", refused.Extensions["currentState"]);
        Assert.Single(DecideAsJury.Decide(application, new JuryDecisionRequest("rejected", new DateOnly(2026, 3, 2), "complet"), new Quota(2, 2), Now));
    }

    [Fact]
    public void JuryDecision_RejectionWithoutReason_OrUnknownVerdict_NamesTheFields()
    {
        var rejection = Assert.Throws<ValidationException>(() =>
            DecideAsJury.Decide(In(ApplicationStatus.UnderInstruction), new JuryDecisionRequest("rejected", null), new Quota(null, 0), Now));
        var unknown = Assert.Throws<ValidationException>(() =>
            DecideAsJury.Decide(In(ApplicationStatus.UnderInstruction), new JuryDecisionRequest("maybe", new DateOnly(2026, 3, 2)), new Quota(null, 0), Now));

        Assert.Equal(["decidedOn", "reason"], rejection.Errors.Keys.Order().ToArray());
        Assert.Equal(["verdict"], unknown.Errors.Keys);
    }

    [Fact]
    public void Grant_UnderAFixedPeriodThatEnded_IsRefused_AndWithinIt_RunsToItsEnd()
    {
        var rules = In(ApplicationStatus.UnderInstruction).Rules with { Validity = new Validity(ValidityKind.FixedPeriod, new DateOnly(2023, 1, 1), new DateOnly(2026, 12, 31), null) };
        var application = In(ApplicationStatus.UnderInstruction) with { Rules = rules };

        var granted = application.Grant(GrantRoute.Jury, new DateOnly(2026, 3, 2), [], Now);
        var refused = Assert.Throws<InvalidTransitionException>(() => application.Grant(GrantRoute.Jury, new DateOnly(2027, 1, 2), [], Now));

        Assert.Equal((new DateOnly(2026, 3, 2), new DateOnly(2026, 12, 31)), (granted.ValidFrom, granted.ValidUntil));
        Assert.Contains("ended on 2026-12-31", (string)refused.Extensions["currentState"]!, StringComparison.Ordinal);
    }

    [Fact]
    public void Draft_ForTheWrongKindOfHolderOrWithoutCampaign_NamesTheFields()
    {
        var scheme = new Scheme(Scheme1, new SchemeTerms("Territoire d'innovation sociale", null, Guid.CreateVersion7(), LabelledKind.TerritorialCollective,
            SchemeMode.Obtention, null, [new Criterion("C1", "Un collectif d'au moins 5 acteurs", "liste signée", null)],
            new Validity(ValidityKind.YearsFromGrant, null, null, 3), 60), SchemeStatus.Published, null, null, Now);

        var refused = Assert.Throws<ValidationException>(() => DraftApplication.Decide(Guid.CreateVersion7(),
            new DraftApplicationRequest(Scheme1, new HolderRequest(Id: Guid.CreateVersion7()), Evidence: [new EvidenceRequest("C9", "x")]), scheme, null, null, Now));
        var drafted = DraftApplication.Decide(Guid.CreateVersion7(), new DraftApplicationRequest(Scheme1,
            new HolderRequest(Territory: "Departement:24", Collective: [Guid.CreateVersion7()]), Campaign1, [new EvidenceRequest("c1", "liste.pdf")]),
            scheme, OpenCampaign, null, Now);

        Assert.Equal(["campaignId", "evidence[0].criterionCode", "holder.collective", "holder.id", "holder.territory"], refused.Errors.Keys.Order().ToArray());
        Assert.Equal("departement:24", drafted.Holder.Territory);
        Assert.Equal(new ApplicationRules(SchemeMode.Obtention, scheme.Terms.Validity, 60, ["C1"], ["C1"]) with
        {
            CriteriaCodes = drafted.Rules.CriteriaCodes, CriteriaNeedingEvidence = drafted.Rules.CriteriaNeedingEvidence, Criteria = drafted.Rules.Criteria,
        }, drafted.Rules);
        Assert.Equal(["C1"], drafted.Rules.CriteriaNeedingEvidence);
        Assert.Equal(scheme.Terms.Criteria, drafted.Rules.Criteria);
    }

    [Fact]
    public void Draft_UnderARetiredScheme_IsAnIllegalTransition()
    {
        var scheme = new Scheme(Scheme1, new SchemeTerms("Marque", null, Guid.CreateVersion7(), LabelledKind.Organisation, SchemeMode.OpenBrand, "Charte",
            [], new Validity(ValidityKind.YearsFromGrant, null, null, 2), null), SchemeStatus.Retired, new DateOnly(2026, 1, 1), "fin", Now);

        var refused = Assert.Throws<InvalidTransitionException>(() => DraftApplication.Decide(Guid.CreateVersion7(),
            new DraftApplicationRequest(Scheme1, new HolderRequest(Id: Guid.CreateVersion7())), scheme, null, null, Now));

        Assert.Equal("the scheme is retired", refused.Extensions["currentState"]);
    }
}
