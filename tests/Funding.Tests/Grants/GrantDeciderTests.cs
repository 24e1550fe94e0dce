using SocialTech.Actors.Contracts;
using SocialTech.Actors.Directory;
using SocialTech.BuildingBlocks.Http;
using SocialTech.Funding.Funders;
using SocialTech.Funding.Grants;
using SocialTech.Funding.Grants.Amending;
using SocialTech.Funding.Grants.Applying;
using SocialTech.Funding.Grants.Awarding;
using SocialTech.Funding.Grants.Cancelling;
using SocialTech.Funding.Grants.Closing;
using SocialTech.Funding.Grants.Disbursing;
using SocialTech.Funding.Grants.SigningAgreement;

namespace SocialTech.Funding.Tests.Grants;

public sealed class GrantDeciderTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly FixedTerritories Territories = new();
    private static readonly DirectoryActor Region = Actor("Région", "33063", "local-authority");
    private static readonly DirectoryActor Foundation = Actor("Fondation", "75056", "foundation");
    private static readonly DirectoryActor Recipient = Actor("Tiers-lieu de Ribérac", "24352", "association");
    private static readonly GrantContext Context = new(new[] { Region, Foundation, Recipient }.ToDictionary(a => a.Id), null, null,
        new[] { Declared(Region, FunderType.Region), Declared(Foundation, FunderType.Foundation) }.ToDictionary(f => f.Id));

    private static DirectoryActor Actor(string name, string commune, string kind) => new(
        Guid.CreateVersion7(), name, [kind], new ActorIdentifiers(null, null, null), true, new CommuneReference(commune, 2025), [], "active", null, 1, Now);

    private static Funder Declared(DirectoryActor actor, FunderType type) =>
        Funder.Fold(null, new FunderDeclared(actor.Id, type, null, Now))!;

    private static GrantRequest Request(decimal regionPart = 6000m, decimal foundationPart = 4000m) => new(
        [new FunderShareRequest(Region.Id, regionPart, "region"), new FunderShareRequest(Foundation.Id, foundationPart)],
        Recipient.Id, "Fab lab rural", 10000m, new DateOnly(2025, 1, 1), new DateOnly(2026, 6, 30), DecisionDate: new DateOnly(2025, 3, 1));

    private static Grant Awarded() => Grant.Fold(null, AwardGrant.Decide(Guid.CreateVersion7(), Request(), Context, Territories, Now))! with { Version = 1 };

    private static Grant Signed() => Then(Awarded(), SignAgreement.Decide(Awarded(), new SignAgreementRequest(new DateOnly(2025, 4, 1)), Now));

    private static Grant Then(Grant grant, IReadOnlyList<object> events) => events.Aggregate(grant, (g, e) => Grant.Fold(g, e)!);

    [Fact]
    public void Award_CoFunded_RecordsPartsTypesPeriodAndHeadOfficeAsLocation()
    {
        var awarded = AwardGrant.Decide(Guid.CreateVersion7(), Request(), Context, Territories, Now);

        Assert.Equal([FunderType.Region, FunderType.Foundation], awarded.Terms.Funders.Select(f => f.FunderType));
        Assert.Equal([2025, 2026], awarded.Terms.FiscalYears);
        Assert.Equal([new CommuneReference("24352", 2025)], awarded.Terms.BeneficiaryLocations);
        var state = Grant.Fold(null, awarded)!;
        Assert.Equal((10000m, 0m, 0m), (state.Awarded, state.Committed, state.Disbursed));
    }

    [Fact]
    public void Award_ToAnArrondissement_RecordsItsCommune_Once()
    {
        // 69381 is Lyon 1er arrondissement: the platform records it as Lyon, 69123 (FixedTerritories, as the referential).
        var request = Request() with { BeneficiaryCommuneCodes = ["69381", "69123"] };

        var awarded = AwardGrant.Decide(Guid.CreateVersion7(), request, Context, Territories, Now);

        Assert.Equal([new CommuneReference("69123", 2025)], awarded.Terms.BeneficiaryLocations);
    }

    [Fact]
    public void Award_WhenPartsDoNotAddUp_OrRecipientUnknown_NamesTheFields()
    {
        var request = Request(6000m, 3000m) with { RecipientId = Guid.CreateVersion7(), BeneficiaryCommuneCodes = ["99999"] };

        var refused = Assert.Throws<ValidationException>(() => AwardGrant.Decide(Guid.CreateVersion7(), request, Context, Territories, Now));

        Assert.Equal(["beneficiaryCommuneCodes", "funders", "recipientId"], refused.Errors.Keys.Order().ToArray());
    }

    [Fact]
    public void Award_InTheNameOfAnActorNotDeclaredAsAFunder_IsRefusedNamingItsFunderId()
    {
        // The recipient is in the directory, but was never declared as a funder: it cannot award, even to itself.
        var request = Request() with { Funders = [new FunderShareRequest(Region.Id, 6000m), new FunderShareRequest(Recipient.Id, 4000m)] };

        var refused = Assert.Throws<ValidationException>(() => AwardGrant.Decide(Guid.CreateVersion7(), request, Context, Territories, Now));

        Assert.Equal(["funders[1].funderId"], refused.Errors.Keys.ToArray());
    }

    [Fact]
    public void Award_UnderAParentWhoseRecipientIsNotAFunder_IsRefused()
    {
        var parent = Awarded();
        var context = Context with { Parent = parent };

        var refused = Assert.Throws<ValidationException>(() =>
            AwardGrant.Decide(Guid.CreateVersion7(), Request() with { ParentGrantId = parent.Id }, context, Territories, Now));

        Assert.Contains("parentGrantId", refused.Errors.Keys);
    }

    [Fact]
    public void Apply_ThenAward_MakesTheAmountAwarded()
    {
        var applied = Grant.Fold(null, ApplyForGrant.Decide(Guid.CreateVersion7(), Request() with { DecisionDate = null }, Context, Territories, Now))!;
        Assert.Equal(0m, applied.Awarded);

        var awarded = Then(applied, AwardApplication.Decide(applied, new AwardApplicationRequest(new DateOnly(2025, 6, 1)), GrantUpdateContext.None, Territories, Now));

        Assert.Equal((GrantStatus.Awarded, 10000m), (awarded.Status, awarded.Awarded));
        Assert.Throws<InvalidTransitionException>(() => AwardApplication.Decide(awarded, new AwardApplicationRequest(new DateOnly(2025, 6, 1)), GrantUpdateContext.None, Territories, Now));
    }

    [Fact]
    public void SignAgreement_CommitsTheAmount_OnlyOnce()
    {
        var signed = Signed();

        Assert.Equal((10000m, 10000m, 0m), (signed.Awarded, signed.Committed, signed.Disbursed));
        Assert.Throws<InvalidTransitionException>(() => SignAgreement.Decide(signed, new SignAgreementRequest(new DateOnly(2025, 4, 2)), Now));
    }

    [Fact]
    public void Disburse_SeveralTimes_NeverPastAFundersPart()
    {
        var grant = Signed();
        grant = Then(grant, DisburseGrant.Decide(grant, new DisburseRequest(3000m, new DateOnly(2025, 4, 10), Region.Id), Now));
        grant = Then(grant, DisburseGrant.Decide(grant, new DisburseRequest(3000m, new DateOnly(2025, 5, 10), Region.Id), Now));

        Assert.Equal((10000m, 10000m, 6000m), (grant.Awarded, grant.Committed, grant.Disbursed));
        var refused = Assert.Throws<ValidationException>(() => DisburseGrant.Decide(grant, new DisburseRequest(0.01m, new DateOnly(2025, 5, 11), Region.Id), Now));
        Assert.Contains("amount", refused.Errors.Keys);
        Assert.Contains("funderId", Assert.Throws<ValidationException>(() =>
            DisburseGrant.Decide(grant, new DisburseRequest(10m, new DateOnly(2025, 5, 11)), Now)).Errors.Keys);
    }

    [Fact]
    public void Disburse_BeforeTheAgreement_IsAnIllegalTransition()
    {
        Assert.Throws<InvalidTransitionException>(() => DisburseGrant.Decide(Awarded(), new DisburseRequest(10m, new DateOnly(2025, 4, 1), Region.Id), Now));
    }

    [Fact]
    public void Amend_ChangesAwardedAndCommitted_ButNeverBelowWhatWasPaid()
    {
        var grant = Signed();
        grant = Then(grant, DisburseGrant.Decide(grant, new DisburseRequest(5000m, new DateOnly(2025, 4, 10), Region.Id), Now));

        var amended = AmendGrant.Decide(grant, new AmendGrantRequest(8000m, "Underspend", new DateOnly(2025, 5, 1),
            [new FunderShareRequest(Region.Id, 5000m), new FunderShareRequest(Foundation.Id, 3000m)]), GrantUpdateContext.None, Territories, Now);
        var after = Then(grant, amended);

        Assert.Equal(10000m, Assert.IsType<GrantAmountAmended>(Assert.Single(amended)).PreviousAmount);
        Assert.Equal((8000m, 8000m, 5000m), (after.Awarded, after.Committed, after.Disbursed));
        Assert.Contains("amount", Assert.Throws<ValidationException>(() => AmendGrant.Decide(grant, new AmendGrantRequest(8000m, "Too low", new DateOnly(2025, 5, 1),
            [new FunderShareRequest(Region.Id, 4000m), new FunderShareRequest(Foundation.Id, 4000m)]), GrantUpdateContext.None, Territories, Now)).Errors.Keys);
    }

    [Fact]
    public void Award_AboveTenBillionEuros_IsRefusedNamingTheAmountAndTheParts()
    {
        // Issue 17: 123 456 789 012 345 678 € was awarded. The ceiling is 10 000 000 000 €, reached but not passed.
        var huge = 123_456_789_012_345_678m;
        var request = Request(huge - 4000m, 4000m) with { Amount = huge };

        var refused = Assert.Throws<ValidationException>(() => AwardGrant.Decide(Guid.CreateVersion7(), request, Context, Territories, Now));

        Assert.Equal(["amount", "funders[0].amount"], refused.Errors.Keys.Order().ToArray());
        Assert.Equal(["cannot exceed 10 000 000 000 euros."], refused.Errors["amount"]);
        var atTheCeiling = Request(9_999_996_000m, 4000m) with { Amount = 10_000_000_000m };
        Assert.Equal(10_000_000_000m, AwardGrant.Decide(Guid.CreateVersion7(), atTheCeiling, Context, Territories, Now).Terms.Amount);
        var oneCentAbove = Request(9_999_996_000.01m, 4000m) with { Amount = 10_000_000_000.01m };
        Assert.Equal(["amount"], Assert.Throws<ValidationException>(() =>
            AwardGrant.Decide(Guid.CreateVersion7(), oneCentAbove, Context, Territories, Now)).Errors.Keys.Order().ToArray());
    }

    [Fact]
    public void Award_WithAPartOfMoreThanTwoDecimals_IsRefusedNamingThePart()
    {
        var request = Request(5999.995m, 4000.005m);

        var refused = Assert.Throws<ValidationException>(() => AwardGrant.Decide(Guid.CreateVersion7(), request, Context, Territories, Now));

        Assert.Equal(["funders[0].amount", "funders[1].amount"], refused.Errors.Keys.Order().ToArray());
    }

    [Fact]
    public void DisburseAndAmend_AboveTheCeiling_AreRefusedNamingTheField()
    {
        var grant = Signed();

        var disbursed = Assert.Throws<ValidationException>(() =>
            DisburseGrant.Decide(grant, new DisburseRequest(10_000_000_000.01m, new DateOnly(2025, 4, 10), Region.Id), Now));
        var amended = Assert.Throws<ValidationException>(() => AmendGrant.Decide(grant, new AmendGrantRequest(20_000_000_000m, "Avenant", new DateOnly(2025, 5, 1),
            [new FunderShareRequest(Region.Id, 15_000_000_000m), new FunderShareRequest(Foundation.Id, 5_000_000_000m)]), GrantUpdateContext.None, Territories, Now));

        Assert.Contains("cannot exceed 10 000 000 000 euros.", disbursed.Errors["amount"]);
        Assert.Contains("cannot exceed 10 000 000 000 euros.", amended.Errors["amount"]);
        Assert.Equal(["cannot exceed 10 000 000 000 euros."], amended.Errors["funders[0].amount"]);
        Assert.False(amended.Errors.ContainsKey("funders[1].amount"));
    }

    [Fact]
    public void Cancel_WithNothingPaid_ZeroesTheFigures_AndAfterPaymentIsRefused()
    {
        var cancelled = Then(Signed(), CancelGrant.Decide(Signed(), new CancelGrantRequest(new DateOnly(2025, 5, 1), "Project abandoned"), Now));
        var paid = Then(Signed(), DisburseGrant.Decide(Signed(), new DisburseRequest(100m, new DateOnly(2025, 4, 10), Region.Id), Now));

        Assert.Equal((GrantStatus.Cancelled, 0m, 0m), (cancelled.Status, cancelled.Awarded, cancelled.Committed));
        Assert.Throws<InvalidTransitionException>(() => CancelGrant.Decide(paid, new CancelGrantRequest(new DateOnly(2025, 5, 1), "Late"), Now));
        Assert.Throws<InvalidTransitionException>(() => CancelGrant.Decide(cancelled, new CancelGrantRequest(new DateOnly(2025, 5, 1), "Again"), Now));
    }

    [Fact]
    public void Close_OnlyUnderAgreement_AndThenNothingMoves()
    {
        Assert.Throws<InvalidTransitionException>(() => CloseGrant.Decide(Awarded(), new CloseGrantRequest(new DateOnly(2025, 5, 1)), Now));

        var closed = Then(Signed(), CloseGrant.Decide(Signed(), new CloseGrantRequest(new DateOnly(2025, 5, 1)), Now));

        Assert.Equal(GrantStatus.Closed, closed.Status);
        Assert.Throws<InvalidTransitionException>(() => DisburseGrant.Decide(closed, new DisburseRequest(10m, new DateOnly(2025, 5, 2), Region.Id), Now));
        Assert.Throws<InvalidTransitionException>(() => AmendGrant.Decide(closed, new AmendGrantRequest(9000m, "x", new DateOnly(2025, 5, 2)), GrantUpdateContext.None, Territories, Now));
    }
}
