using SocialTech.Actors.Contracts;
using SocialTech.Actors.Directory;
using SocialTech.Funding.Contracts;
using SocialTech.Labelling.EcosystemFacts;
using SocialTech.Labelling.Eligibility;
using SocialTech.Labelling.Eligibility.Evaluating;
using SocialTech.Labelling.FundingFacts;
using SocialTech.Labelling.NetworkFacts;
using SocialTech.Labelling.Schemes;
using Evaluation = SocialTech.Labelling.Eligibility.Evaluating.Eligibility;

namespace SocialTech.Labelling.Tests.Eligibility;

/// <summary>The pure evaluation: each criterion against a snapshot of what Labelling knows, with what it counted.</summary>
public sealed class EligibilityEvaluationTests
{
    private static readonly DateOnly Today = new(2026, 3, 2);
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private static Criterion Fact(string code, string fact, decimal? atLeast = null, decimal? atMost = null) =>
        new(code, $"{fact} {atLeast} {atMost}", null, new CriterionFact(fact, atLeast, atMost));

    private static DirectoryActor Actor(string name, bool ess, string status = "active", params string[] kinds) =>
        new(Guid.CreateVersion7(), name, kinds.Length == 0 ? ["association"] : kinds, new ActorIdentifiers(null, null, null), ess,
            new CommuneReference("24322", 2025), [], status, null, 1, Now);

    private static KnownPlace Place(string name, string status) =>
        new(Guid.CreateVersion7(), name, ["fablab"], new CommuneReference("24352", 2025), Guid.CreateVersion7(), status, new DateOnly(2020, 1, 1), null, 1, Now);

    private static FundingFact Grant(Guid recipient, DateOnly decided, string status, params (string Type, decimal Amount)[] funders) =>
        new(Guid.CreateVersion7(), recipient, [.. funders.Select(f => new GrantFunder(Guid.CreateVersion7(), f.Type, f.Amount))], null, status, decided,
            [decided.Year], funders.Sum(f => f.Amount), 0m, null, null, 1, Now, $"Subvention {decided:yyyy-MM-dd}");

    private static EcosystemSnapshot Territory(
        IReadOnlyList<DirectoryActor>? actors = null, IReadOnlyList<KnownPlace>? places = null, IReadOnlyList<SupportedVenture>? ventures = null,
        IReadOnlyList<NetworkHub>? hubs = null, IReadOnlyList<DirectoryActor>? applicants = null, IReadOnlyList<FundingFact>? grants = null) =>
        new("departement:24", "Dordogne", null, actors ?? [], places ?? [], ventures ?? [], hubs ?? [], applicants, applicants is null ? "none" : null, grants, Today);

    [Fact]
    public void ActiveEssActors_CountsOnlyActiveEssActors_AndNamesEachOne()
    {
        var counted = new[] { Actor("Recyclerie", true), Actor("SCIC Bois", true, "active", "scic") };
        var facts = Territory(actors: [.. counted, Actor("Entreprise classique", false), Actor("Association dissoute", true, "ceased")]);

        var met = Evaluation.Check(Fact("C1", EligibilityFacts.ActiveEssActors, atLeast: 2), facts);
        var notMet = Evaluation.Check(Fact("C1", EligibilityFacts.ActiveEssActors, atLeast: 3), facts);

        Assert.Equal((CriterionOutcome.Met, 2m), (met.Outcome, met.Value));
        Assert.Equal(counted.Select(a => (a.Id, a.Name)).OrderBy(a => a.Name), met.Counted.Select(c => (c.Id, c.Name)));
        Assert.All(met.Counted, c => Assert.Equal("actor", c.Kind));
        Assert.Equal(CriterionOutcome.NotMet, notMet.Outcome);
        // A French sentence for people, the fact named in words (its code stays in Fact), written out by hand.
        Assert.Equal("Le nombre d'acteurs actifs de l'ESS (Dordogne) est de 2 ; le critère demande au moins 3.", notMet.Explanation);
        Assert.Equal(EligibilityFacts.ActiveEssActors, notMet.Fact);
        Assert.Equal("siège commune 24322, association", met.Counted.Single(c => c.Name == "Recyclerie").Detail);
        Assert.Equal("siège commune 24322, SCIC", met.Counted.Single(c => c.Name == "SCIC Bois").Detail);
    }

    [Fact]
    public void IncubatorsAndTiersLieux_CountActiveIncubatorsAndOpenPlaces()
    {
        var incubator = Actor("Incubateur social", false, "active", "incubator");
        var open = Place("La Fabrique", KnownPlace.Open);
        var facts = Territory(actors: [incubator, Actor("Incubateur fermé", false, "ceased", "incubator"), Actor("Asso", true)],
            places: [open, Place("L'ancien atelier", KnownPlace.Closed)]);

        var incubators = Evaluation.Check(Fact("C2", EligibilityFacts.Incubators, atLeast: 1), facts);
        var places = Evaluation.Check(Fact("C3", EligibilityFacts.TiersLieux, atLeast: 2), facts);

        Assert.Equal((CriterionOutcome.Met, incubator.Id), (incubators.Outcome, Assert.Single(incubators.Counted).Id));
        Assert.Equal((CriterionOutcome.NotMet, 1m, open.Id), (places.Outcome, places.Value, Assert.Single(places.Counted).Id));
        Assert.Equal("commune 24352, fablab", places.Counted[0].Detail);
        Assert.Equal("Le nombre de tiers-lieux ouverts (Dordogne) est de 1 ; le critère demande au moins 2.", places.Explanation);
    }

    [Fact]
    public void PublicFundingLastYear_AddsThePublicPartsOfLastYearsAwardedGrants_Only()
    {
        var applicant = Actor("Tiers-lieu du Ribéracois", true);
        var counted = Grant(applicant.Id, new DateOnly(2025, 6, 1), FundingFact.AwardedStatus, ("region", 30000m), ("foundation", 50000m));
        var second = Grant(applicant.Id, new DateOnly(2025, 11, 2), FundingFact.AwardedStatus, ("state", 15000m));
        var facts = Territory(applicants: [applicant], grants:
        [
            counted, second,
            Grant(applicant.Id, new DateOnly(2025, 4, 1), FundingFact.CancelledStatus, ("departement", 90000m)),
            Grant(applicant.Id, new DateOnly(2026, 1, 15), FundingFact.AwardedStatus, ("epci", 70000m)),
            Grant(applicant.Id, new DateOnly(2025, 2, 1), FundingFact.AwardedStatus, ("company", 10000m)),
        ]);

        var met = Evaluation.Check(Fact("C4", EligibilityFacts.PublicFundingLastYear, atMost: 45000m), facts);
        var notMet = Evaluation.Check(Fact("C4", EligibilityFacts.PublicFundingLastYear, atMost: 44999.99m), facts);

        Assert.Equal((CriterionOutcome.Met, 45000m), (met.Outcome, met.Value));
        Assert.Equal([(counted.Id, 30000m), (second.Id, 15000m)], met.Counted.Select(c => (c.Id, c.Amount!.Value)));
        Assert.Equal("Subvention 2025-06-01", met.Counted[0].Name);
        Assert.Equal(CriterionOutcome.NotMet, notMet.Outcome);
        Assert.Equal("Le montant des financements publics reçus en 2025 est de 45 000 € ; le critère demande au plus 44 999,99 €.", Spaced(notMet.Explanation));
        Assert.Equal("à Tiers-lieu du Ribéracois, décidée le 1er juin 2025", met.Counted[0].Detail);
    }

    // fr-FR's no-break spaces (which ones depends on ICU's version) compared as spaces.
    private static string Spaced(string text) => new([.. text.Select(c => char.IsWhiteSpace(c) ? ' ' : c)]);

    [Fact]
    public void VenturesAndHubs_AreCountedInTheTerritory()
    {
        var network = Guid.CreateVersion7();
        var ventures = new[]
        {
            new SupportedVenture(Guid.CreateVersion7(), network, "Repair Café", "incubation", "launch", "24322", null, SupportedVenture.Admitted, new DateOnly(2025, 1, 1), 1, Now),
            new SupportedVenture(Guid.CreateVersion7(), network, "Conserverie", "incubation", "growth", "24352", "732829320", SupportedVenture.Graduated, new DateOnly(2024, 1, 1), 3, Now),
        };
        var hub = new NetworkHub(Guid.CreateVersion7(), network, "Réseau d'incubateurs", "Antenne Périgord", "24322", "FR", new DateOnly(2023, 5, 1), 2, Now);

        var counted = Evaluation.Check(Fact("C5", EligibilityFacts.SupportedVentures, atLeast: 2), Territory(ventures: ventures, hubs: [hub]));
        var hubs = Evaluation.Check(Fact("C6", EligibilityFacts.NetworkHubs, atLeast: 1), Territory(ventures: ventures, hubs: [hub]));

        Assert.Equal((CriterionOutcome.Met, 2m), (counted.Outcome, counted.Value));
        Assert.Equal(["Conserverie", "Repair Café"], counted.Counted.Select(c => c.Name));
        Assert.Equal((CriterionOutcome.Met, "Réseau d'incubateurs — Antenne Périgord"), (hubs.Outcome, Assert.Single(hubs.Counted).Name));
    }

    [Fact]
    public void WithoutATerritoryOrAnApplicant_TheFactIsUnknown_NotUnmet()
    {
        var noTerritory = new EcosystemSnapshot(null, null, "The organisation is not in Labelling's actor directory (yet).",
            null, null, null, null, null, "None of the applicant actors is in Labelling's actor directory (yet).", null, Today);

        var actors = Evaluation.Check(Fact("C1", EligibilityFacts.ActiveEssActors, atLeast: 1), noTerritory);
        var funding = Evaluation.Check(Fact("C4", EligibilityFacts.PublicFundingLastYear, atMost: 1000), noTerritory);

        Assert.Equal((CriterionOutcome.Unknown, (decimal?)null), (actors.Outcome, actors.Value));
        Assert.Equal("The organisation is not in Labelling's actor directory (yet).", actors.Explanation);
        Assert.Equal(CriterionOutcome.Unknown, funding.Outcome);
        Assert.Empty(funding.Counted);
    }

    [Fact]
    public void Overall_IsNotMetIfOneFactIsNotMet_MetIfAllAre_AndIgnoresCriteriaJudgedOnEvidence()
    {
        var facts = Territory(actors: [Actor("Recyclerie", true)], places: [Place("La Fabrique", KnownPlace.Open)]);
        var onEvidence = new Criterion("C0", "Un projet de territoire", "délibération", null);

        var allMet = Evaluation.Evaluate(Guid.CreateVersion7(), Guid.CreateVersion7(),
            [onEvidence, Fact("C1", EligibilityFacts.ActiveEssActors, atLeast: 1), Fact("C3", EligibilityFacts.TiersLieux, atLeast: 1)], facts);
        var oneNotMet = Evaluation.Evaluate(Guid.CreateVersion7(), Guid.CreateVersion7(),
            [Fact("C1", EligibilityFacts.ActiveEssActors, atLeast: 1), Fact("C2", EligibilityFacts.Incubators, atLeast: 1),
             Fact("C4", EligibilityFacts.PublicFundingLastYear, atMost: 1)], facts);
        var evidenceOnly = Evaluation.Evaluate(Guid.CreateVersion7(), Guid.CreateVersion7(), [onEvidence], facts);

        Assert.Equal(CriterionOutcome.Met, allMet.Outcome);
        Assert.Equal((CriterionOutcome.Unknown, (string?)null), (allMet.Criteria[0].Outcome, allMet.Criteria[0].Fact));
        Assert.Equal(("departement:24", "Dordogne"), (allMet.Territory, allMet.TerritoryName));
        Assert.Equal(CriterionOutcome.NotMet, oneNotMet.Outcome);
        Assert.Equal([CriterionOutcome.Met, CriterionOutcome.NotMet, CriterionOutcome.Unknown], oneNotMet.Criteria.Select(c => c.Outcome));
        Assert.Equal(CriterionOutcome.Unknown, evidenceOnly.Outcome);
    }
}
