using SocialTech.BuildingBlocks.Http;
using SocialTech.Labelling.Schemes;
using SocialTech.Labelling.Schemes.Amending;
using SocialTech.Labelling.Schemes.Publishing;
using SocialTech.Labelling.Schemes.Retiring;

namespace SocialTech.Labelling.Tests.Schemes;

public sealed class SchemeDeciderTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly Guid Owner = Guid.CreateVersion7();

    public static SchemeRequest TiersLieux() => new("Tiers-lieu de confiance", Owner, "place", "obtention",
        [new CriterionRequest("C1", "Ouvert au public 20 h par semaine", "planning d'ouverture"),
         new CriterionRequest("C2", "Ancré dans un territoire actif", Fact: new CriterionFactRequest("active-ess-actors", AtLeast: 10))],
        new ValidityRequest(Years: 3), SilenceMeansAcceptanceDays: 60);

    private static Scheme Published() => Scheme.Fold(null, PublishScheme.Decide(Guid.CreateVersion7(), TiersLieux(), Now))! with { Version = 1 };

    [Fact]
    public void Publish_WithValidTerms_RecordsThem()
    {
        var terms = PublishScheme.Decide(Guid.CreateVersion7(), TiersLieux(), Now).Terms;

        Assert.Equal((LabelledKind.Place, SchemeMode.Obtention, 60), (terms.Labels, terms.Mode, terms.SilenceMeansAcceptanceDays));
        Assert.Equal(new Validity(ValidityKind.YearsFromGrant, null, null, 3), terms.Validity);
        Assert.Equal(new CriterionFact("active-ess-actors", 10, null), terms.Criteria[1].Fact);
        Assert.Null(terms.Criteria[1].Evidence);
    }

    [Fact]
    public void Publish_OpenBrandWithoutCharter_OrWithASilenceDelay_BadValidity_DuplicateCodes_NamesEachField()
    {
        var request = TiersLieux() with
        {
            Mode = "open-brand", Labels = "city", Validity = new ValidityRequest(new DateOnly(2025, 1, 1), null, 3),
            Criteria = [new CriterionRequest("C1", "a"), new CriterionRequest("c1", "b", Fact: new CriterionFactRequest("Bad Name"))],
        };

        var refused = Assert.Throws<ValidationException>(() => PublishScheme.Decide(Guid.CreateVersion7(), request, Now));

        Assert.Equal(["charter", "criteria", "criteria[1].fact", "criteria[1].fact.name", "labels", "silenceMeansAcceptanceDays", "validity"],
            refused.Errors.Keys.Order().ToArray());
    }

    [Fact]
    public void Publish_FixedPeriod_IsKeptAsFromAndUntil()
    {
        var terms = PublishScheme.Decide(Guid.CreateVersion7(), TiersLieux() with { Validity = new ValidityRequest(new DateOnly(2023, 1, 1), new DateOnly(2025, 12, 31)) }, Now).Terms;

        Assert.Equal(new Validity(ValidityKind.FixedPeriod, new DateOnly(2023, 1, 1), new DateOnly(2025, 12, 31), null), terms.Validity);
    }

    [Fact]
    public void Publish_FixedPeriodEndingAtTheEndOfTheCalendar_IsRefused()
    {
        var refused = Assert.Throws<ValidationException>(() => PublishScheme.Decide(Guid.CreateVersion7(),
            TiersLieux() with { Validity = new ValidityRequest(new DateOnly(2023, 1, 1), DateOnly.MaxValue) }, Now));

        Assert.Equal(["validity.until"], refused.Errors.Keys);
    }

    [Fact]
    public void Amend_WithNewTerms_RecordsThem_WithTheSame_RecordsNothing()
    {
        var scheme = Published();

        Assert.Empty(AmendScheme.Decide(scheme, TiersLieux(), Now));
        var amended = Assert.IsType<SchemeAmended>(Assert.Single(AmendScheme.Decide(scheme, TiersLieux() with { SilenceMeansAcceptanceDays = 90 }, Now)));
        Assert.Equal(90, Scheme.Fold(scheme, amended)!.Terms.SilenceMeansAcceptanceDays);
    }

    [Fact]
    public void AmendOrRetire_RetiredScheme_IsAnIllegalTransition()
    {
        var scheme = Published();
        var retired = Scheme.Fold(scheme, Assert.Single(RetireScheme.Decide(scheme, new RetireSchemeRequest(new DateOnly(2026, 6, 30), "remplacé"), Now)))!;

        var amend = Assert.Throws<InvalidTransitionException>(() => AmendScheme.Decide(retired, TiersLieux(), Now));
        var retire = Assert.Throws<InvalidTransitionException>(() => RetireScheme.Decide(retired, new RetireSchemeRequest(new DateOnly(2026, 7, 1), "encore"), Now));

        Assert.Equal(SchemeStatus.Retired, retired.Status);
        Assert.Equal("the scheme is retired", amend.Extensions["currentState"]);
        Assert.Equal(409, retire.Status);
    }
}
