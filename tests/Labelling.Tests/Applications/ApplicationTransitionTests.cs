using SocialTech.BuildingBlocks.Http;
using SocialTech.Labelling.Applications;
using SocialTech.Labelling.Applications.CarryingOver;
using SocialTech.Labelling.Applications.Completing;
using SocialTech.Labelling.Applications.DecidingAdmissibility;
using SocialTech.Labelling.Applications.DecidingAsJury;
using SocialTech.Labelling.Applications.DeclaringIncomplete;
using SocialTech.Labelling.Applications.Drafting;
using SocialTech.Labelling.Applications.HoldingHearing;
using SocialTech.Labelling.Applications.Instructing;
using SocialTech.Labelling.Applications.ReceivingSupport;
using SocialTech.Labelling.Applications.SchedulingHearing;
using SocialTech.Labelling.Applications.SigningCharter;
using SocialTech.Labelling.Applications.Submitting;
using SocialTech.Labelling.Applications.Withdrawing;
using SocialTech.Labelling.Campaigns;
using SocialTech.Labelling.Schemes;
using static SocialTech.Labelling.Tests.Applications.Given;

namespace SocialTech.Labelling.Tests.Applications;

/// <summary>
/// Every command against every state: where the lifecycle allows it, the expected event; everywhere else a 409
/// naming the state the application is in.
/// </summary>
public sealed class ApplicationTransitionTests
{
    private static readonly Campaign NextCampaign = OpenCampaign with { Id = Guid.CreateVersion7() };

    private static readonly Dictionary<string, (ApplicationStatus[] Allowed, Type Event, Func<LabelApplication, IReadOnlyList<object>> Decide)> Commands = new()
    {
        ["submit"] = ([ApplicationStatus.Drafted], typeof(ApplicationSubmitted), a => SubmitApplication.Decide(a, OpenCampaign, null, Now)),
        ["declare-incomplete"] = ([ApplicationStatus.Submitted, ApplicationStatus.Completed], typeof(ApplicationDeclaredIncomplete),
            a => DeclareIncomplete.Decide(a, new DeclareIncompleteRequest(["bilan financier"]), Now)),
        ["complete"] = ([ApplicationStatus.Incomplete], typeof(ApplicationCompleted),
            a => CompleteApplication.Decide(a, new CompleteApplicationRequest([new EvidenceRequest("C2", "bilan.pdf")]), Now)),
        ["declare-admissible"] = ([ApplicationStatus.Submitted, ApplicationStatus.Completed], typeof(ApplicationDeclaredAdmissible),
            a => DecideAdmissibility.Decide(a, new DecideAdmissibilityRequest(true), Now)),
        ["declare-inadmissible"] = ([ApplicationStatus.Submitted, ApplicationStatus.Completed, ApplicationStatus.Incomplete], typeof(ApplicationDeclaredInadmissible),
            a => DecideAdmissibility.Decide(a, new DecideAdmissibilityRequest(false, "hors champ"), Now)),
        ["open-instruction"] = ([ApplicationStatus.Admissible], typeof(InstructionOpened), a => OpenInstruction.Decide(a, Now)),
        ["receive-support-letter"] = ([ApplicationStatus.UnderInstruction], typeof(SupportLetterReceived),
            a => ReceiveSupportLetter.Decide(a, new SupportLetterRequest(Guid.CreateVersion7(), "Soutien de la communauté de communes", new DateOnly(2026, 3, 1)), Now)),
        ["schedule-hearing"] = ([ApplicationStatus.UnderInstruction], typeof(HearingScheduled),
            a => ScheduleHearing.Decide(a, new ScheduleHearingRequest(Now.AddDays(7)), Now)),
        ["jury-grant"] = ([ApplicationStatus.UnderInstruction], typeof(ApplicationGranted),
            a => DecideAsJury.Decide(a, new JuryDecisionRequest("granted", new DateOnly(2026, 3, 2), null, ["rapport annuel"]), new Quota(2, 0), Now)),
        ["jury-reject"] = ([ApplicationStatus.UnderInstruction], typeof(ApplicationRejected),
            a => DecideAsJury.Decide(a, new JuryDecisionRequest("rejected", new DateOnly(2026, 3, 2), "critères non remplis"), new Quota(2, 0), Now)),
        ["jury-defer"] = ([ApplicationStatus.UnderInstruction], typeof(ApplicationDeferred),
            a => DecideAsJury.Decide(a, new JuryDecisionRequest("deferred", new DateOnly(2026, 3, 2), "dossier à mûrir"), new Quota(2, 0), Now)),
        ["carry-over"] = ([ApplicationStatus.Deferred], typeof(ApplicationCarriedOver),
            a => CarryOver.Decide(a, new CarryOverRequest(NextCampaign.Id), NextCampaign, Now)),
        ["withdraw"] = ([.. LabelApplication.Open], typeof(ApplicationWithdrawn), a => WithdrawApplication.Decide(a, new WithdrawApplicationRequest("plus de porteur"), Now)),
    };

    public static TheoryData<string, ApplicationStatus> EveryCommandInEveryState()
    {
        var data = new TheoryData<string, ApplicationStatus>();
        foreach (var command in Commands.Keys)
        {
            foreach (var status in Enum.GetValues<ApplicationStatus>())
            {
                data.Add(command, status);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryCommandInEveryState))]
    public void Command_InState_IsAppliedOnlyWhereTheLifecycleAllowsIt(string command, ApplicationStatus status)
    {
        var (allowed, expected, decide) = Commands[command];
        var application = In(status);

        if (allowed.Contains(status))
        {
            var events = decide(application);
            Assert.Equal(expected, Assert.Single(events).GetType());
            Assert.NotNull(events.Aggregate(application, (s, e) => LabelApplication.Fold(s, e)!));
        }
        else
        {
            var refused = Assert.Throws<InvalidTransitionException>(() => decide(application));
            Assert.Equal(409, refused.Status);
            Assert.Equal($"the application is {Kebab.Name(status)}", refused.Extensions["currentState"]);
        }
    }

    [Theory]
    [InlineData(ApplicationStatus.Drafted, true)]
    [InlineData(ApplicationStatus.Granted, false)]
    [InlineData(ApplicationStatus.Withdrawn, false)]
    public void SignCharter_OpenBrand_GrantsAtOnceOnlyFromDrafted(ApplicationStatus status, bool allowed)
    {
        var application = In(status, SchemeMode.OpenBrand);
        var request = new SignCharterRequest("la présidente", new DateOnly(2026, 3, 2), true);

        if (allowed)
        {
            var events = SignCharter.Decide(application, request, Now);
            Assert.IsType<CharterSigned>(events[0]);
            var granted = Assert.IsType<ApplicationGranted>(events[1]);
            Assert.Equal((GrantRoute.Charter, new DateOnly(2026, 3, 2), new DateOnly(2029, 3, 1)), (granted.Route, granted.ValidFrom, granted.ValidUntil));
            Assert.Equal(ApplicationStatus.Granted, events.Aggregate(application, (s, e) => LabelApplication.Fold(s, e)!).Status);
        }
        else
        {
            var refused = Assert.Throws<InvalidTransitionException>(() => SignCharter.Decide(application, request, Now));
            Assert.Equal($"the application is {Kebab.Name(status)}", refused.Extensions["currentState"]);
        }
    }

    [Fact]
    public void SignCharter_UnderAnObtentionScheme_IsRefused()
    {
        var refused = Assert.Throws<InvalidTransitionException>(() =>
            SignCharter.Decide(In(ApplicationStatus.Drafted), new SignCharterRequest("x", new DateOnly(2026, 3, 2), true), Now));

        Assert.Contains("obtention", (string)refused.Extensions["currentState"]!, StringComparison.Ordinal);
    }

    [Fact]
    public void SubmitOrJury_UnderAnOpenBrand_IsRefused()
    {
        var application = In(ApplicationStatus.Drafted, SchemeMode.OpenBrand);

        var submit = Assert.Throws<InvalidTransitionException>(() => SubmitApplication.Decide(application, OpenCampaign, null, Now));
        var jury = Assert.Throws<InvalidTransitionException>(() =>
            DecideAsJury.Decide(application, new JuryDecisionRequest("granted", new DateOnly(2026, 3, 2)), new Quota(null, 0), Now));

        Assert.Contains("open-brand", (string)submit.Extensions["currentState"]!, StringComparison.Ordinal);
        Assert.Equal(409, jury.Status);
    }

    [Fact]
    public void SignCharter_WithoutTheSelfDeclaration_NamesTheField()
    {
        var refused = Assert.Throws<ValidationException>(() =>
            SignCharter.Decide(In(ApplicationStatus.Drafted, SchemeMode.OpenBrand), new SignCharterRequest("x", new DateOnly(2026, 3, 2), false), Now));

        Assert.Equal(["declaresCriteriaMet"], refused.Errors.Keys);
    }
}
