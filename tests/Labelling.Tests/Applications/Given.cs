using SocialTech.Labelling.Applications;
using SocialTech.Labelling.Campaigns;
using SocialTech.Labelling.Schemes;

namespace SocialTech.Labelling.Tests.Applications;

/// <summary>Applications in any state, built by folding the events that lead there, as the event store would.</summary>
public static class Given
{
    public static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    public static readonly Guid Campaign1 = Guid.CreateVersion7();
    public static readonly Guid Scheme1 = Guid.CreateVersion7();

    public static readonly Campaign OpenCampaign =
        new(Campaign1, Scheme1, new CampaignTerms("Vague 2026", new DateOnly(2026, 1, 1), new DateOnly(2026, 6, 30), ["departement:24"], 2), Now);

    public static LabelApplication In(ApplicationStatus status, SchemeMode mode = SchemeMode.Obtention, int? silenceDays = 60)
    {
        var id = Guid.CreateVersion7();
        var drafted = new ApplicationDrafted(id, Scheme1, mode == SchemeMode.Obtention ? Campaign1 : null,
            new LabelHolder(LabelledKind.TerritorialCollective, null, "departement:24", [Guid.CreateVersion7()]),
            new ApplicationRules(mode, new Validity(ValidityKind.YearsFromGrant, null, null, 3), mode == SchemeMode.Obtention ? silenceDays : null,
                ["C1", "C2"], ["C1"]),
            [new Evidence("C1", "statuts.pdf")], null, Now.AddDays(-10));
        var path = Path(status, id, mode);
        var state = LabelApplication.Fold(null, drafted)!;
        foreach (var e in path)
        {
            state = LabelApplication.Fold(state, e)!;
        }

        Assert.Equal(status, state.Status);
        return state with { Version = 1 + path.Count };
    }

    private static List<object> Path(ApplicationStatus status, Guid id, SchemeMode mode)
    {
        var at = Now.AddDays(-5);
        object submitted = new ApplicationSubmitted(id, at);
        object instructed = new InstructionOpened(id, at);
        return (status, mode) switch
        {
            (ApplicationStatus.Drafted, _) => [],
            (ApplicationStatus.Granted, SchemeMode.OpenBrand) => [new ApplicationGranted(id, Guid.CreateVersion7(), GrantRoute.Charter, new DateOnly(2026, 3, 1),
                new DateOnly(2026, 3, 1), new DateOnly(2029, 2, 28), [], at)],
            (ApplicationStatus.Withdrawn, _) => [new ApplicationWithdrawn(id, "changed our mind", at)],
            (ApplicationStatus.Submitted, _) => [submitted],
            (ApplicationStatus.Incomplete, _) => [submitted, new ApplicationDeclaredIncomplete(id, ["bilan"], at)],
            (ApplicationStatus.Completed, _) => [submitted, new ApplicationDeclaredIncomplete(id, ["bilan"], at), new ApplicationCompleted(id, [new Evidence("C2", "bilan.pdf")], at)],
            (ApplicationStatus.Admissible, _) => [submitted, new ApplicationDeclaredAdmissible(id, at)],
            (ApplicationStatus.Inadmissible, _) => [submitted, new ApplicationDeclaredInadmissible(id, "hors champ", at)],
            (ApplicationStatus.UnderInstruction, _) => [submitted, new ApplicationDeclaredAdmissible(id, at), instructed],
            (ApplicationStatus.Granted, _) => [submitted, new ApplicationDeclaredAdmissible(id, at), instructed,
                new ApplicationGranted(id, Guid.CreateVersion7(), GrantRoute.Jury, new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 1), new DateOnly(2029, 2, 28), [], at)],
            (ApplicationStatus.Rejected, _) => [submitted, new ApplicationDeclaredAdmissible(id, at), instructed, new ApplicationRejected(id, new DateOnly(2026, 3, 1), "non", at)],
            (ApplicationStatus.Deferred, _) => [submitted, new ApplicationDeclaredAdmissible(id, at), instructed, new ApplicationDeferred(id, new DateOnly(2026, 3, 1), "plus tard", at)],
            _ => throw new ArgumentOutOfRangeException(nameof(status)),
        };
    }
}
