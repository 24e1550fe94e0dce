using SocialTech.Actors.Directory;
using SocialTech.BuildingBlocks.Text;
using SocialTech.Labelling.NetworkFacts;
using SocialTech.Labelling.Schemes;

namespace SocialTech.Labelling.Eligibility.Evaluating;

/// <summary>Travels kebab-case: <c>met</c>, <c>not-met</c>, <c>unknown</c>.</summary>
public enum CriterionOutcome
{
    Met,
    NotMet,
    Unknown,
}

/// <summary>One thing a fact counted: an actor, a place, a grant, a venture or a hub, with its id and name.</summary>
/// <param name="Kind"><c>actor</c>, <c>place</c>, <c>grant</c>, <c>venture</c> or <c>hub</c>.</param>
/// <param name="Amount">For a grant, the public part it adds.</param>
/// <param name="Detail">Where or when, to check it by hand, in French.</param>
public sealed record CountedFact(string Kind, Guid Id, string Name, decimal? Amount, string? Detail);

/// <param name="Fact">The fact the criterion is checked against; null for a criterion judged on evidence only.</param>
/// <param name="Value">The fact's value (a count, or euros), when it could be known.</param>
/// <param name="Explanation">The outcome in a French sentence, for people; <paramref name="Outcome"/> is the code.</param>
/// <param name="Counted">What the value counts.</param>
public sealed record CriterionEligibility(
    string Code,
    string Wording,
    string? Fact,
    decimal? AtLeast,
    decimal? AtMost,
    CriterionOutcome Outcome,
    decimal? Value,
    string Explanation,
    IReadOnlyList<CountedFact> Counted);

/// <param name="Outcome">Over the criteria that name a fact: <c>not-met</c> if one is not met, <c>met</c> if all are,
/// <c>unknown</c> otherwise (or when no criterion names a fact).</param>
public sealed record ApplicationEligibility(
    Guid ApplicationId,
    Guid SchemeId,
    string? Territory,
    string? TerritoryName,
    DateOnly EvaluatedOn,
    CriterionOutcome Outcome,
    IReadOnlyList<CriterionEligibility> Criteria);

/// <summary>Checks a scheme's criteria against what Labelling knows of the ecosystem: a pure function of its inputs.</summary>
public static class Eligibility
{
    public static ApplicationEligibility Evaluate(Guid applicationId, Guid schemeId, IReadOnlyList<Criterion> criteria, EcosystemSnapshot facts)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        ArgumentNullException.ThrowIfNull(facts);
        var results = criteria.Select(c => Check(c, facts)).ToArray();
        var checkedByFact = results.Where(r => r.Fact is not null).ToArray();
        var outcome = checkedByFact.Any(r => r.Outcome == CriterionOutcome.NotMet) ? CriterionOutcome.NotMet
            : checkedByFact.Length > 0 && checkedByFact.All(r => r.Outcome == CriterionOutcome.Met) ? CriterionOutcome.Met
            : CriterionOutcome.Unknown;
        return new ApplicationEligibility(applicationId, schemeId, facts.Territory, facts.TerritoryName, facts.Today, outcome, results);
    }

    public static CriterionEligibility Check(Criterion criterion, EcosystemSnapshot facts)
    {
        ArgumentNullException.ThrowIfNull(criterion);
        ArgumentNullException.ThrowIfNull(facts);
        if (criterion.Fact is not { } fact)
        {
            return Result(criterion, CriterionOutcome.Unknown, null, "Jugé sur les pièces du dossier, non sur les données de l'écosystème.", []);
        }

        var (counted, why) = fact.Name switch
        {
            EligibilityFacts.ActiveEssActors => InTerritory(facts, facts.Actors, a => IsActive(a) && a.Ess ? ActorFact(a) : null),
            EligibilityFacts.Incubators => InTerritory(facts, facts.Actors, a => IsActive(a) && a.Kinds.Contains("incubator") ? ActorFact(a) : null),
            EligibilityFacts.TiersLieux => InTerritory(facts, facts.Places, p => p.Status == EcosystemFacts.KnownPlace.Open
                ? new CountedFact("place", p.Id, p.Name, null, $"commune {p.Commune.Code}, {FrenchWording.List("PlaceTypology", p.Typologies)}")
                : null),
            EligibilityFacts.SupportedVentures => InTerritory(facts, facts.Ventures, v =>
                new CountedFact("venture", v.Id, v.Name, null, $"commune {v.CommuneCode}, {VentureState(v.Status)}, accueilli le {FrenchWording.Date(v.AdmittedOn)}")),
            EligibilityFacts.NetworkHubs => InTerritory(facts, facts.Hubs, h =>
                new CountedFact("hub", h.Id, $"{h.NetworkName} — {h.Name}", null, $"commune {h.CommuneCode}, ouverte le {FrenchWording.Date(h.OpenedOn)}")),
            EligibilityFacts.PublicFundingLastYear => PublicFundingLastYear(facts),
            _ => (null, $"Labelling ne tient aucune donnée nommée « {fact.Name} »."),
        };

        if (counted is null)
        {
            return Result(criterion, CriterionOutcome.Unknown, null, why!, []);
        }

        var value = fact.Name == EligibilityFacts.PublicFundingLastYear ? counted.Sum(c => c.Amount ?? 0m) : counted.Count;
        var met = (fact.AtLeast is null || value >= fact.AtLeast) && (fact.AtMost is null || value <= fact.AtMost);
        var bounds = (fact.AtLeast, fact.AtMost) switch
        {
            ({ } least, { } most) => $"entre {Amount(least)} et {Amount(most)}",
            ({ } least, null) => $"au moins {Amount(least)}",
            (null, { } most) => $"au plus {Amount(most)}",
            _ => "une valeur quelconque",
        };
        var where = fact.Name == EligibilityFacts.PublicFundingLastYear ? $"reçus en {facts.Today.Year - 1}" : $"({facts.TerritoryName ?? facts.Territory})";
        return Result(criterion, met ? CriterionOutcome.Met : CriterionOutcome.NotMet, value,
            $"{FrenchWording.Capitalised(FrenchWording.Of("EligibilityFact", fact.Name))} {where} est de {Amount(value)} ; le critère demande {bounds}.", counted);

        string Amount(decimal v) => fact.Name == EligibilityFacts.PublicFundingLastYear ? FrenchWording.Euros(v) : FrenchWording.Number(v);
    }

    private static (IReadOnlyList<CountedFact>? Counted, string? Why) InTerritory<T>(EcosystemSnapshot facts, IReadOnlyList<T>? known, Func<T, CountedFact?> count) =>
        facts.Territory is null || known is null
            ? (null, facts.WhyNoTerritory ?? "Le territoire du porteur n'est pas connu ici.")
            : (known.Select(count).OfType<CountedFact>().OrderBy(c => c.Name, StringComparer.Ordinal).ThenBy(c => c.Id).ToArray(), null);

    private static (IReadOnlyList<CountedFact>? Counted, string? Why) PublicFundingLastYear(EcosystemSnapshot facts)
    {
        if (facts.Applicants is not { Count: > 0 } applicants || facts.Grants is null)
        {
            return (null, facts.WhyNoApplicants ?? "Aucun acteur porteur n'est connu ici.");
        }

        var lastYear = facts.Today.Year - 1;
        var names = applicants.ToDictionary(a => a.Id, a => a.Name);
        return (facts.Grants
            .Where(g => g.Status == FundingFacts.FundingFact.AwardedStatus && g.DecisionDate.Year == lastYear && names.ContainsKey(g.RecipientActorId))
            .Select(g => (Grant: g, Public: g.Funders.Where(f => EligibilityFacts.PublicFunderTypes.Contains(f.FunderType)).Sum(f => f.Amount)))
            .Where(g => g.Public > 0)
            .Select(g => new CountedFact("grant", g.Grant.Id, g.Grant.Purpose ?? $"Subvention à {names[g.Grant.RecipientActorId]}", g.Public,
                $"à {names[g.Grant.RecipientActorId]}, décidée le {FrenchWording.Date(g.Grant.DecisionDate)}"))
            .OrderBy(c => c.Detail, StringComparer.Ordinal).ThenBy(c => c.Id)
            .ToArray(), null);
    }

    private static bool IsActive(DirectoryActor actor) => actor.Status == DirectoryActor.Active;

    private static CountedFact ActorFact(DirectoryActor a) => new("actor", a.Id, a.Name, null, $"siège commune {a.HeadOffice.Code}, {FrenchWording.List("ActorKind", a.Kinds)}");

    private static CriterionEligibility Result(Criterion c, CriterionOutcome outcome, decimal? value, string explanation, IReadOnlyList<CountedFact> counted) =>
        new(c.Code, c.Wording, c.Fact?.Name, c.Fact?.AtLeast, c.Fact?.AtMost, outcome, value, explanation, counted);

    private static string VentureState(string status) => status switch
    {
        SupportedVenture.Admitted => "accompagné",
        SupportedVenture.Incorporated => "immatriculé",
        SupportedVenture.Graduated => FrenchWording.Of("VentureStatus", "graduated"),
        _ => status,
    };
}
