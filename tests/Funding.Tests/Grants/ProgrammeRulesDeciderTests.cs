using SocialTech.Actors.Contracts;
using SocialTech.Actors.Directory;
using SocialTech.BuildingBlocks.Http;
using SocialTech.Funding.Funders;
using SocialTech.Funding.Grants;
using SocialTech.Funding.Grants.Amending;
using SocialTech.Funding.Grants.Applying;
using SocialTech.Funding.Grants.Awarding;
using SocialTech.Funding.Programmes;

namespace SocialTech.Funding.Tests.Grants;

/// <summary>
/// The programme's rules and the regrant ceiling as pure decisions, on hand-made places (FixedTerritories: Lyon is in
/// the Rhône, Ribérac and Périgueux in the Dordogne) and a programme "Dordogne Solidarités rurales" open in 2025 to
/// SCIC and associations of the Dordogne.
/// </summary>
public sealed class ProgrammeRulesDeciderTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly FixedTerritories Territories = new();
    private static readonly DirectoryActor Departement = Actor("Département de la Dordogne", "24322", "local-authority");
    private static readonly DirectoryActor Riberac = Actor("Recyclerie de Ribérac", "24352", "association");
    private static readonly DirectoryActor LyonAssociation = Actor("Association lyonnaise", "69123", "association");
    private static readonly DirectoryActor LyonAuthority = Actor("Commune de Lyon", "69123", "local-authority");

    // Head office in Lyon, declared acting in the Dordogne: eligible through its place of action.
    private static readonly DirectoryActor LyonActingInDordogne = Actor("Réseau lyonnais en Périgord", "69123", "association") with
    {
        PlacesOfAction = [new TerritoryReference("departement", "24", 2025)],
    };

    private static readonly Programme Dordogne = Programme.Fold(null, new ProgrammePublished(Guid.CreateVersion7(), new ProgrammeTerms(
        "Dordogne Solidarités rurales", [Departement.Id], [Departement.Id], ["solidarite"], ["association", "scic"], [AidType.Grant],
        ["departement:24"], new DateOnly(2025, 1, 1), new DateOnly(2025, 12, 31), false, null), Now))!;

    private static DirectoryActor Actor(string name, string commune, string kind) => new(
        Guid.CreateVersion7(), name, [kind], new ActorIdentifiers(null, null, null), true, new CommuneReference(commune, 2025), [], "active", null, 1, Now);

    private static GrantContext Context(Programme? programme = null, Grant? parent = null, decimal regranted = 0m) => new(
        new[] { Departement, Riberac, LyonAssociation, LyonAuthority, LyonActingInDordogne }.ToDictionary(a => a.Id), programme, parent,
        new[] { Departement, Riberac }.ToDictionary(a => a.Id, a => Funder.Fold(null, new FunderDeclared(a.Id, FunderType.Other, null, Now))!), regranted);

    private static GrantRequest Award(DirectoryActor recipient, decimal amount = 12000m, DateOnly? decision = null, DirectoryActor? funder = null) => new(
        [new FunderShareRequest((funder ?? Departement).Id)], recipient.Id, "Atelier de réparation", amount, new DateOnly(2025, 1, 1), new DateOnly(2025, 12, 31),
        ProgrammeId: Dordogne.Id, DecisionDate: decision ?? new DateOnly(2025, 3, 1));

    private static ProgrammeRulesException Refused(GrantRequest request, GrantContext context) =>
        Assert.Throws<ProgrammeRulesException>(() => AwardGrant.Decide(Guid.CreateVersion7(), request, context, Territories, Now));

    private static (string Rule, string Field)[] RulesOf(ProgrammeRulesException refused) =>
        [.. refused.Breaches.Select(b => (b.Rule, b.Field))];

    [Fact]
    public void Award_UnderADordogneProgramme_ToALyonAssociationOrALocalAuthority_IsRefusedNamingRecipientAndRules()
    {
        // Issue 17: both got 201. The association is of an eligible kind but in Lyon; the local authority is neither.
        var association = Refused(Award(LyonAssociation), Context(Dordogne));
        var authority = Refused(Award(LyonAuthority), Context(Dordogne));

        Assert.Equal([("perimeter", "recipientId")], RulesOf(association));
        Assert.Equal([("perimeter", "recipientId"), ("beneficiary-kinds", "recipientId")], RulesOf(authority));
        Assert.Equal("programme-rules", authority.Extensions["code"]);
        Assert.Equal(400, authority.Status);
        Assert.Contains("departement:24", association.Breaches[0].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Award_ToARecipientActingInThePerimeter_ThoughItsHeadOfficeIsNot_IsAccepted()
    {
        var awarded = AwardGrant.Decide(Guid.CreateVersion7(), Award(LyonActingInDordogne), Context(Dordogne), Territories, Now);

        Assert.Null(awarded.Derogation);
    }

    [Theory]
    [InlineData("2024-12-31")]
    [InlineData("2026-01-01")]
    public void Award_DecidedOutsideTheProgrammesWindow_IsRefusedNamingDecisionDate(string decision)
    {
        var refused = Refused(Award(Riberac, decision: DateOnly.Parse(decision, System.Globalization.CultureInfo.InvariantCulture)), Context(Dordogne));

        Assert.Equal([("window", "decisionDate")], RulesOf(refused));
    }

    [Fact]
    public void Award_UnderARetiredProgramme_IsRefusedEvenInsideItsDates()
    {
        var retired = Programme.Fold(Dordogne, new ProgrammeRetired(Dordogne.Id, new DateOnly(2025, 6, 30), "Enveloppe épuisée", Now))!;

        var refused = Refused(Award(Riberac), Context(retired));

        Assert.Equal([("window", "decisionDate")], RulesOf(refused));
        Assert.Contains("retiré", refused.Breaches[0].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Award_WithAReasonedDerogationForEachBrokenRule_IsAccepted_AndTheGrantRecordsIt()
    {
        var request = Award(LyonAuthority, decision: new DateOnly(2026, 2, 1)) with
        {
            Derogation = new DerogationRequest(["window", "perimeter", "beneficiary-kinds"], "  Délibération CD24 n° 2026-12 : projet pilote interdépartemental  "),
        };

        var awarded = AwardGrant.Decide(Guid.CreateVersion7(), request, Context(Dordogne), Territories, Now);
        var grant = Grant.Fold(null, awarded)!;

        var derogation = Assert.Single(grant.Derogations);
        Assert.Equal(["perimeter", "beneficiary-kinds", "window"], derogation.Rules);
        Assert.Equal(("Délibération CD24 n° 2026-12 : projet pilote interdépartemental", new DateOnly(2026, 2, 1)), (derogation.Reason, derogation.DecidedOn));
    }

    [Fact]
    public void Award_WithADerogationThatDoesNotHold_IsRefusedNamingIt()
    {
        // Perimeter is broken and derogated, but the kind is eligible: a derogation to it is a mistake, not a formality.
        var needless = Refused(Award(LyonAssociation) with { Derogation = new DerogationRequest(["perimeter", "beneficiary-kinds"], "Projet pilote") },
            Context(Dordogne));
        var unreasoned = Refused(Award(LyonAssociation) with { Derogation = new DerogationRequest(["perimeter"], " ") }, Context(Dordogne));
        var unknown = Refused(Award(LyonAssociation) with { Derogation = new DerogationRequest(["perimeter", "budget"], "Projet pilote") }, Context(Dordogne));
        var withoutProgramme = Assert.Throws<ProgrammeRulesException>(() => AwardGrant.Decide(Guid.CreateVersion7(),
            Award(LyonAssociation) with { ProgrammeId = null, Derogation = new DerogationRequest(["perimeter"], "Projet pilote") }, Context(), Territories, Now));

        Assert.Equal([("derogation", "derogation.rules")], RulesOf(needless));
        Assert.Contains("beneficiary-kinds", needless.Breaches[0].Detail, StringComparison.Ordinal);
        Assert.Equal([("derogation", "derogation.reason")], RulesOf(unreasoned));
        Assert.Equal([("derogation", "derogation.rules")], RulesOf(unknown));
        Assert.Equal([("derogation", "derogation.rules")], RulesOf(withoutProgramme));
    }

    [Fact]
    public void AwardOfAnApplication_IsCheckedOnItsDecisionDate()
    {
        var appliedAt = new DateTimeOffset(2025, 11, 20, 9, 0, 0, TimeSpan.Zero);
        var applied = Grant.Fold(null, ApplyForGrant.Decide(Guid.CreateVersion7(), Award(Riberac) with { DecisionDate = null }, Context(Dordogne), Territories, appliedAt))!;
        var context = new GrantUpdateContext(Dordogne, Riberac, null, 0m, 0m);

        var refused = Assert.Throws<ProgrammeRulesException>(() =>
            AwardApplication.Decide(applied, new AwardApplicationRequest(new DateOnly(2026, 1, 15)), context, Territories, Now));
        var derogated = AwardApplication.Decide(applied,
            new AwardApplicationRequest(new DateOnly(2026, 1, 15), new DerogationRequest(["window"], "Dossier complet reçu le 20/12/2025")), context, Territories, Now);

        Assert.Equal([("window", "decisionDate")], RulesOf(refused));
        Assert.Equal(["window"], Assert.IsType<ApplicationAwarded>(Assert.Single(derogated)).Derogation!.Rules);
        Assert.Throws<ValidationException>(() => ApplyForGrant.Decide(Guid.CreateVersion7(),
            Award(Riberac) with { DecisionDate = null, Derogation = new DerogationRequest(["window"], "x") }, Context(Dordogne), Territories, Now));
    }

    [Fact]
    public void Amendment_ThatRaisesAfterTheWindow_IsRefused_AReductionIsNot_AndAnEarlierDerogationHolds()
    {
        var grant = Grant.Fold(null, AwardGrant.Decide(Guid.CreateVersion7(), Award(Riberac), Context(Dordogne), Territories, Now))! with { Version = 1 };
        var context = new GrantUpdateContext(Dordogne, Riberac, null, 0m, 0m);
        var afterClosing = new DateOnly(2026, 3, 1);

        var raise = Assert.Throws<ProgrammeRulesException>(() =>
            AmendGrant.Decide(grant, new AmendGrantRequest(15000m, "Avenant", afterClosing), context, Territories, Now));
        var reduced = AmendGrant.Decide(grant, new AmendGrantRequest(9000m, "Sous-consommation", afterClosing), context, Territories, Now);
        var needless = Assert.Throws<ProgrammeRulesException>(() =>
            AmendGrant.Decide(grant, new AmendGrantRequest(9000m, "Sous-consommation", afterClosing, Derogation: new DerogationRequest(["window"], "x")),
                context, Territories, Now));

        Assert.Equal([("window", "amendedOn")], RulesOf(raise));
        Assert.Equal(9000m, Assert.IsType<GrantAmountAmended>(Assert.Single(reduced)).Amount);
        Assert.Equal([("derogation", "derogation")], RulesOf(needless));

        var derogated = Grant.Fold(null, AwardGrant.Decide(Guid.CreateVersion7(), Award(Riberac, decision: new DateOnly(2026, 1, 10)) with
        {
            Derogation = new DerogationRequest(["window"], "Report de la clôture voté le 05/01/2026"),
        }, Context(Dordogne), Territories, Now))!;
        var raisedAgain = AmendGrant.Decide(derogated, new AmendGrantRequest(15000m, "Avenant", afterClosing), context, Territories, Now);
        Assert.Null(Assert.IsType<GrantAmountAmended>(Assert.Single(raisedAgain)).Derogation);
    }

    [Fact]
    public void Regrant_AboveWhatIsLeftOfItsParent_IsAConflictNamingTheParent()
    {
        // Issue 17: a 50 000 € child under a 15 000 € parent was accepted. Riberac received 15 000 € and regrants it.
        var parent = Grant.Fold(null, AwardGrant.Decide(Guid.CreateVersion7(), Award(Riberac, 15000m), Context(Dordogne), Territories, Now))! with { Version = 1 };
        GrantRequest Child(decimal amount) => Award(LyonAssociation, amount, funder: Riberac) with { ProgrammeId = null, ParentGrantId = parent.Id };

        var fifty = Assert.Throws<ProblemException>(() => AwardGrant.Decide(Guid.CreateVersion7(), Child(50000m), Context(parent: parent), Territories, Now));
        // 6 000 € already regranted: 9 000 € fit exactly, one cent more does not.
        var fits = AwardGrant.Decide(Guid.CreateVersion7(), Child(9000m), Context(parent: parent, regranted: 6000m), Territories, Now);
        var centAbove = Assert.Throws<ProblemException>(() =>
            AwardGrant.Decide(Guid.CreateVersion7(), Child(9000.01m), Context(parent: parent, regranted: 6000m), Territories, Now));

        Assert.Equal((409, "regrant-ceiling", "parentGrantId", (object?)parent.Id), (fifty.Status, fifty.Extensions["code"], fifty.Extensions["field"], fifty.Extensions["parentGrantId"]));
        Assert.Equal(9000m, fits.Terms.Amount);
        Assert.Equal(409, centAbove.Status);
        Assert.Contains("6 000", centAbove.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Amendments_ThatBreakTheCeiling_AreConflicts_FromTheChildOrFromTheParent()
    {
        var parent = Grant.Fold(null, AwardGrant.Decide(Guid.CreateVersion7(), Award(Riberac, 15000m), Context(Dordogne), Territories, Now))! with { Version = 1 };
        var child = Grant.Fold(null, AwardGrant.Decide(Guid.CreateVersion7(),
            Award(LyonAssociation, 10000m, funder: Riberac) with { ProgrammeId = null, ParentGrantId = parent.Id }, Context(parent: parent), Territories, Now))! with { Version = 1 };

        // The parent's 15 000 € cover 10 000 € regranted: 9 999.99 € would not.
        var parentBelow = Assert.Throws<ProblemException>(() => AmendGrant.Decide(parent, new AmendGrantRequest(9999.99m, "Réduction", new DateOnly(2025, 6, 1)),
            new GrantUpdateContext(Dordogne, Riberac, null, 0m, 10000m), Territories, Now));
        var parentAtChildren = AmendGrant.Decide(parent, new AmendGrantRequest(10000m, "Réduction", new DateOnly(2025, 6, 1)),
            new GrantUpdateContext(Dordogne, Riberac, null, 0m, 10000m), Territories, Now);
        // The child beside a 3 000 € sibling: 12 000 € fit, 12 000.01 € do not.
        var childContext = new GrantUpdateContext(null, Riberac, parent, 3000m, 0m);
        var childAbove = Assert.Throws<ProblemException>(() =>
            AmendGrant.Decide(child, new AmendGrantRequest(12000.01m, "Avenant", new DateOnly(2025, 6, 1)), childContext, Territories, Now));
        var childFits = AmendGrant.Decide(child, new AmendGrantRequest(12000m, "Avenant", new DateOnly(2025, 6, 1)), childContext, Territories, Now);

        Assert.Equal((409, "amount"), (parentBelow.Status, parentBelow.Extensions["field"]));
        Assert.Single(parentAtChildren);
        Assert.Equal((409, "parentGrantId"), (childAbove.Status, childAbove.Extensions["field"]));
        Assert.Single(childFits);
    }
}
