using SocialTech.BuildingBlocks.Http;
using SocialTech.Funding.Programmes;
using SocialTech.Funding.Programmes.Amending;
using SocialTech.Funding.Programmes.Publishing;
using SocialTech.Funding.Programmes.Retiring;

namespace SocialTech.Funding.Tests.Programmes;

public sealed class ProgrammeDeciderTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly Guid Region = Guid.CreateVersion7();
    private static readonly Guid Agency = Guid.CreateVersion7();
    private static readonly HashSet<Guid> Known = [Region, Agency];
    private static readonly HashSet<Guid> Declared = [Region];
    private static readonly FixedTerritories Territories = new();

    private static ProgrammeRequest Request(params string[] territories) => new(
        "Fonds ESS Nouvelle-Aquitaine", [Region], [Agency], ["Insertion"], ["association", "scic"], ["grant", "recoverable-advance"],
        territories.Length == 0 ? ["region:75"] : territories, new DateOnly(2025, 1, 1), new DateOnly(2025, 12, 31), true, 1_500_000m);

    private static Programme Published() =>
        Programme.Fold(null, PublishProgramme.Decide(Guid.CreateVersion7(), Request(), Known, Declared, Territories, Now))! with { Version = 1 };

    [Fact]
    public void Publish_WithValidTerms_RecordsThemNormalised()
    {
        var published = PublishProgramme.Decide(Guid.CreateVersion7(), Request(), Known, Declared, Territories, Now);

        Assert.Equal("Fonds ESS Nouvelle-Aquitaine", published.Terms.Name);
        Assert.Equal(["insertion"], published.Terms.Themes);
        Assert.Equal([AidType.Grant, AidType.RecoverableAdvance], published.Terms.AidTypes);
        Assert.Equal(["region:75"], published.Terms.EligibleTerritories);
        Assert.Equal(1_500_000m, published.Terms.BudgetEnvelope);
        Assert.Equal(Now, published.PublishedAt);
    }

    [Fact]
    public void Publish_WithAnEnvelopeAboveTenBillionEuros_IsRefusedNamingIt_AndAtTheCeilingIsPublished()
    {
        var refused = Assert.Throws<ValidationException>(() =>
            PublishProgramme.Decide(Guid.CreateVersion7(), Request() with { BudgetEnvelope = 10_000_000_000.01m }, Known, Declared, Territories, Now));

        Assert.Equal(["cannot exceed 10 000 000 000 euros."], refused.Errors["budgetEnvelope"]);
        Assert.Equal(10_000_000_000m, PublishProgramme.Decide(Guid.CreateVersion7(), Request() with { BudgetEnvelope = 10_000_000_000m }, Known, Declared, Territories, Now)
            .Terms.BudgetEnvelope);
    }

    [Fact]
    public void Publish_WithAFunderNotDeclaredAsOne_IsRefusedNamingItsIndex()
    {
        // The agency is in the directory but was never declared as a funder (POST /api/funding/funders).
        var refused = Assert.Throws<ValidationException>(() =>
            PublishProgramme.Decide(Guid.CreateVersion7(), Request() with { Funders = [Region, Agency] }, Known, Declared, Territories, Now));

        Assert.Equal(["funders[1]"], refused.Errors.Keys.ToArray());
        Assert.Equal([$"{Agency} is not declared as a funder; declare it first (POST /api/funding/funders)."], refused.Errors["funders[1]"]);
    }

    [Fact]
    public void Publish_WithUnknownFunderTerritoryAndAidType_NamesEachField()
    {
        var request = Request("departement:99") with { Funders = [Guid.CreateVersion7()], AidTypes = ["gift"], ClosesOn = new DateOnly(2024, 1, 1) };

        var refused = Assert.Throws<ValidationException>(() => PublishProgramme.Decide(Guid.CreateVersion7(), request, Known, Declared, Territories, Now));

        Assert.Equal(["aidTypes", "closesOn", "eligibleTerritories", "funders"], refused.Errors.Keys.Order().ToArray());
    }

    [Fact]
    public void Publish_WithoutFunders_IsRefused()
    {
        var refused = Assert.Throws<ValidationException>(() =>
            PublishProgramme.Decide(Guid.CreateVersion7(), Request() with { Funders = [] }, Known, Declared, Territories, Now));

        Assert.Contains("funders", refused.Errors.Keys);
    }

    [Fact]
    public void PublishOrAmend_WithoutAnEligibleTerritory_IsRefusedNamingIt()
    {
        // The white zones and the maze read a programme's perimeter as given: never empty, so never "anywhere".
        foreach (var none in new IReadOnlyList<string>?[] { [], null })
        {
            var publish = Assert.Throws<ValidationException>(() =>
                PublishProgramme.Decide(Guid.CreateVersion7(), Request() with { EligibleTerritories = none }, Known, Declared, Territories, Now));
            var amend = Assert.Throws<ValidationException>(() =>
                AmendProgramme.Decide(Published(), Request() with { EligibleTerritories = none }, Known, Declared, Territories, Now));

            Assert.Equal(["at least one territory is required, e.g. region:75."], publish.Errors["eligibleTerritories"]);
            Assert.Equal(["eligibleTerritories"], amend.Errors.Keys.ToArray());
        }
    }

    [Fact]
    public void Amend_WithNewTerms_RecordsThem()
    {
        var programme = Published();

        var events = AmendProgramme.Decide(programme, Request("departement:24") with { BudgetEnvelope = 2_000_000m }, Known, Declared, Territories, Now);

        var amended = Assert.IsType<ProgrammeAmended>(Assert.Single(events));
        Assert.Equal(["departement:24"], amended.Terms.EligibleTerritories);
        Assert.Equal(2_000_000m, Programme.Fold(programme, amended)!.Terms.BudgetEnvelope);
    }

    [Fact]
    public void Amend_WithTheSameTerms_RecordsNothing()
    {
        Assert.Empty(AmendProgramme.Decide(Published(), Request(), Known, Declared, Territories, Now));
    }

    [Fact]
    public void Retire_PublishedProgramme_RetiresIt()
    {
        var programme = Published();

        var retired = Assert.IsType<ProgrammeRetired>(Assert.Single(
            RetireProgramme.Decide(programme, new RetireProgrammeRequest(new DateOnly(2025, 6, 30), "Envelope spent"), Now)));

        var state = Programme.Fold(programme, retired)!;
        Assert.Equal(ProgrammeStatus.Retired, state.Status);
        Assert.Equal(new DateOnly(2025, 6, 30), state.RetiredOn);
    }

    [Fact]
    public void Retire_BeforeItOpened_IsRefused()
    {
        var refused = Assert.Throws<ValidationException>(() =>
            RetireProgramme.Decide(Published(), new RetireProgrammeRequest(new DateOnly(2024, 6, 30), "Never mind"), Now));

        Assert.Contains("retiredOn", refused.Errors.Keys);
    }

    [Fact]
    public void AmendOrRetire_RetiredProgramme_IsAnIllegalTransition()
    {
        var programme = Published();
        var retired = Programme.Fold(programme, new ProgrammeRetired(programme.Id, new DateOnly(2025, 6, 30), "Done", Now))!;

        var amend = Assert.Throws<InvalidTransitionException>(() => AmendProgramme.Decide(retired, Request("departement:24"), Known, Declared, Territories, Now));
        var retire = Assert.Throws<InvalidTransitionException>(() =>
            RetireProgramme.Decide(retired, new RetireProgrammeRequest(new DateOnly(2025, 7, 1), "Again"), Now));

        Assert.Equal("the programme is retired", amend.Extensions["currentState"]);
        Assert.Equal(409, retire.Status);
    }
}
