using SocialTech.BuildingBlocks.Identifiers;
using SocialTech.BuildingBlocks.Http;
using SocialTech.IncubatorNetworks.Networks;
using SocialTech.IncubatorNetworks.Programmes;
using SocialTech.IncubatorNetworks.PublicEvents;
using SocialTech.IncubatorNetworks.PublicEvents.Holding;
using SocialTech.IncubatorNetworks.PublicEvents.Scheduling;
using SocialTech.IncubatorNetworks.Ventures;
using SocialTech.IncubatorNetworks.Ventures.Admitting;
using SocialTech.IncubatorNetworks.Ventures.ChangingPhase;
using SocialTech.IncubatorNetworks.Ventures.EndingSupport;
using SocialTech.IncubatorNetworks.Ventures.Incorporating;

namespace SocialTech.IncubatorNetworks.Tests.Activity;

/// <summary>Given a subject's events, when a network's message, then events or a refusal: no I/O.</summary>
public sealed class ActivityDeciderTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly Network Network = new(Guid.CreateVersion7(), "Ronalpia", Guid.CreateVersion7(), null, [], [], Now);
    private static readonly Programme Programme = new(Guid.CreateVersion7(), Network.Id, "INC", "Incubation 2026", ProgrammeKind.Incubation, new DateOnly(2026, 1, 5));

    private static Venture Admitted() =>
        Venture.Fold(null, AdmitVenture.Decide(null, Network,
            new VentureAdmittedMessage("e1", "V-1", "Recyclerie", "INC", null, "idea", "69123", new DateOnly(2026, 1, 12)), Programme, Now).Events[0])!;

    private static Venture Given(Venture venture, params object[] events) => events.Aggregate(venture, (v, e) => Venture.Fold(v, e)!);

    [Theory]
    [InlineData("732829320", true)]
    [InlineData("552100554", true)]
    [InlineData("732829321", false)]
    [InlineData("73282932", false)]
    [InlineData("73282932A", false)]
    public void Siren_IsNineDigitsWithALuhnCheckDigit(string siren, bool valid) => Assert.Equal(valid, SireneNumbers.IsValidSiren(siren));

    [Fact]
    public void Admit_WithAnUnknownProgramme_IsRejectedOnProgrammeRef()
    {
        var refused = Assert.Throws<ValidationException>(() => AdmitVenture.Decide(null, Network,
            new VentureAdmittedMessage("e1", "V-1", "Recyclerie", "NOPE", null, "idea", null, new DateOnly(2026, 1, 12)), null, Now));

        Assert.Equal(["programmeRef"], refused.Errors.Keys);
    }

    [Fact]
    public void Admit_Twice_IsAnIllegalTransition()
    {
        Assert.Throws<InvalidTransitionException>(() => AdmitVenture.Decide(Admitted(), Network,
            new VentureAdmittedMessage("e2", "V-1", "Recyclerie", "INC", null, "idea", null, new DateOnly(2026, 1, 12)), Programme, Now));
    }

    [Fact]
    public void ChangePhase_ToTheSamePhase_AppendsNothing_ButIsStillAPublication()
    {
        var decision = ChangeVenturePhase.Decide(Admitted(), Network, new("e2", "idea", new DateOnly(2026, 2, 1)), Now);

        Assert.Empty(decision.Events);
        Assert.Equal("69123", decision.CommuneCode);
    }

    [Fact]
    public void Incorporate_AgainWithAnotherSiren_Conflicts_AndWithTheSameChangesNothing()
    {
        var incorporated = Given(Admitted(), new VentureIncorporated(Admitted().Id, "732829320", new DateOnly(2026, 2, 1), Now));

        Assert.Empty(IncorporateVenture.Decide(incorporated, Network, new("e3", "732 829 320", new DateOnly(2026, 2, 1)), Now).Events);
        var conflict = Assert.Throws<InvalidTransitionException>(() =>
            IncorporateVenture.Decide(incorporated, Network, new("e4", "552100554", new DateOnly(2026, 2, 1)), Now));
        Assert.Contains("SIREN 732829320", conflict.Message);
    }

    [Fact]
    public void EndingSupport_NeedsAReasonToExit_AndHappensOnce()
    {
        var venture = Admitted();
        Assert.Equal(["reason"], Assert.Throws<ValidationException>(() =>
            EndVentureSupport.Decide(venture, Network, VentureStatus.Exited, new("e5", new DateOnly(2026, 2, 1)), Now)).Errors.Keys);

        var graduated = EndVentureSupport.Decide(venture, Network, VentureStatus.Graduated, new("e6", new DateOnly(2026, 2, 1)), Now);
        var ended = Given(venture, graduated.Events[0]);

        Assert.Equal(VentureStatus.Graduated, ended.Status);
        Assert.Throws<InvalidTransitionException>(() => ChangeVenturePhase.Decide(ended, Network, new("e7", "growth", new DateOnly(2026, 2, 2)), Now));
    }

    [Fact]
    public void APublicEvent_CannotBeHeldBeforeItStarts()
    {
        var startsAt = Now.AddDays(3);
        var scheduled = SchedulePublicEvent.Decide(null, Network, new PublicEventScheduledMessage("e1", "W-1", "Atelier", "workshop",
            startsAt, startsAt.AddHours(2), null, true, ["entrepreneurs"], null), Now);
        var publicEvent = PublicEvent.Fold(null, scheduled.Events[0]);

        Assert.Null(scheduled.CommuneCode);
        var refused = Assert.Throws<InvalidTransitionException>(() => HoldPublicEvent.Decide(publicEvent, Network, new("e2", 12), Now));
        Assert.Contains("starts on", refused.Message);
        Assert.IsType<PublicEventHeld>(Assert.Single(HoldPublicEvent.Decide(publicEvent, Network, new("e2", 12), startsAt.AddHours(1)).Events));
    }
}
