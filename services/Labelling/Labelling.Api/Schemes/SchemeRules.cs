using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.RegularExpressions;
using SocialTech.BuildingBlocks.Http;
using SocialTech.BuildingBlocks.Text;
using SocialTech.Labelling.Eligibility;

namespace SocialTech.Labelling.Schemes;

/// <param name="Name">Kebab-case fact name, e.g. <c>active-ess-actors</c>.</param>
/// <param name="AtLeast">The fact must be at least this.</param>
/// <param name="AtMost">The fact must be at most this.</param>
public sealed record CriterionFactRequest([property: MaxLength(TextBounds.Code)] string? Name, decimal? AtLeast = null, decimal? AtMost = null);

/// <param name="Code">Short code, unique in the scheme, e.g. <c>C1</c>.</param>
/// <param name="Wording">The criterion as applicants read it.</param>
/// <param name="Evidence">The evidence required; left out when none is.</param>
/// <param name="Fact">A fact from the ecosystem's data the criterion can be checked against.</param>
public sealed record CriterionRequest([property: StringLength(TextBounds.CriterionCode, MinimumLength = 1)] string? Code, [property: StringLength(TextBounds.Statement, MinimumLength = 1)] string? Wording, [property: MaxLength(TextBounds.Statement)] string? Evidence = null, CriterionFactRequest? Fact = null);

/// <summary>Either <c>from</c> and <c>until</c> (a fixed period), or <c>years</c> (from the grant).</summary>
public sealed record ValidityRequest(DateOnly? From = null, DateOnly? Until = null, int? Years = null);

/// <param name="Name">Public name of the label.</param>
/// <param name="OwnerId">The actor that owns it (registry id).</param>
/// <param name="Labels"><c>territorial-collective</c>, <c>ecosystem</c>, <c>organisation</c>, <c>place</c> or <c>network</c>.</param>
/// <param name="Mode"><c>open-brand</c> (charter and self-declaration) or <c>obtention</c> (admissibility, instruction, jury).</param>
/// <param name="Charter">The charter's text or address; required for <c>open-brand</c>.</param>
/// <param name="Criteria">What a holder must meet.</param>
/// <param name="Validity">How long a label lasts.</param>
/// <param name="SilenceMeansAcceptanceDays">Days after which an unanswered application is granted; left out when silence means nothing.</param>
/// <param name="Description">What the label stands for.</param>
public sealed record SchemeRequest(
    [property: StringLength(TextBounds.Title, MinimumLength = 1)] string? Name,
    Guid? OwnerId,
    [property: MaxLength(TextBounds.Code)] string? Labels,
    [property: MaxLength(TextBounds.Code)] string? Mode,
    IReadOnlyList<CriterionRequest>? Criteria,
    ValidityRequest? Validity,
    [property: MaxLength(TextBounds.Charter)] string? Charter = null,
    int? SilenceMeansAcceptanceDays = null,
    [property: MaxLength(TextBounds.Description)] string? Description = null);

/// <summary>The checks publishing and amending share: one request shape, one set of rules.</summary>
public static partial class SchemeRules
{
    public static SchemeTerms Terms(SchemeRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var validation = new Validation()
            .Required(request.Name, "name", TextBounds.Title)
            .Check(request.Description is null || request.Description.Length <= TextBounds.Description, "description", $"must be at most {TextBounds.Description} characters.")
            .Check(request.OwnerId is { } owner && owner != Guid.Empty, "ownerId", "is required: the actor that owns the label.");

        LabelledKind labels = default;
        validation.Check(Kebab.TryParse(request.Labels, out labels), "labels", $"must be one of {string.Join(", ", Kebab.Names<LabelledKind>())}.");
        SchemeMode mode = default;
        validation.Check(Kebab.TryParse(request.Mode, out mode), "mode", $"must be one of {string.Join(", ", Kebab.Names<SchemeMode>())}.");
        validation.Check(mode != SchemeMode.OpenBrand || !string.IsNullOrWhiteSpace(request.Charter), "charter",
            "is required for an open-brand scheme: signing it is how the label is obtained.");
        validation.Check(request.Charter is null || request.Charter.Length <= TextBounds.Charter, "charter", $"must be at most {TextBounds.Charter} characters.");
        validation.Check(request.SilenceMeansAcceptanceDays is null or (>= 1 and <= 3650), "silenceMeansAcceptanceDays", "must be between 1 and 3650 days.");
        validation.Check(request.SilenceMeansAcceptanceDays is null || mode != SchemeMode.OpenBrand, "silenceMeansAcceptanceDays",
            "has no meaning for an open-brand scheme: a signed charter grants at once.");

        var criteria = Criteria(validation, request.Criteria);
        var validity = ValidityOf(validation, request.Validity);
        validation.ThrowIfInvalid();

        return new SchemeTerms(
            request.Name!.Trim(), string.IsNullOrWhiteSpace(request.Description) ? null : request.Description.Trim(), request.OwnerId!.Value,
            labels, mode, string.IsNullOrWhiteSpace(request.Charter) ? null : request.Charter.Trim(), criteria, validity!, request.SilenceMeansAcceptanceDays);
    }

    /// <summary>Records compare lists by reference; their JSON compares their contents, nested lists included.</summary>
    public static bool Same(SchemeTerms a, SchemeTerms b) => JsonSerializer.Serialize(a) == JsonSerializer.Serialize(b);

    private static List<Criterion> Criteria(Validation validation, IReadOnlyList<CriterionRequest>? requested)
    {
        var criteria = new List<Criterion>();
        foreach (var (c, i) in (requested ?? []).Select((c, i) => (c, i)))
        {
            var field = $"criteria[{i}]";
            if (c is null)
            {
                validation.Check(false, field, "is null.");
                continue;
            }

            validation.Required(c.Code, $"{field}.code", TextBounds.CriterionCode).Required(c.Wording, $"{field}.wording", TextBounds.Statement)
                .Check(c.Evidence is null || c.Evidence.Length <= TextBounds.Statement, $"{field}.evidence", $"must be at most {TextBounds.Statement} characters.");
            CriterionFact? fact = null;
            if (c.Fact is { } f)
            {
                validation.Check(f.Name is not null && FactName().IsMatch(f.Name), $"{field}.fact.name", "must be a kebab-case fact name, e.g. active-ess-actors.")
                    .Check(f.Name is null || !FactName().IsMatch(f.Name) || EligibilityFacts.All.Contains(f.Name), $"{field}.fact.name",
                        $"Labelling keeps no fact named '{f.Name}'; the facts are {string.Join(", ", EligibilityFacts.All)}.")
                    .Check(f.AtLeast is not null || f.AtMost is not null, $"{field}.fact", "needs atLeast, atMost or both.")
                    .Check(f.AtLeast is null || f.AtMost is null || f.AtLeast <= f.AtMost, $"{field}.fact.atMost", "cannot be below atLeast.");
                fact = new CriterionFact(f.Name ?? "", f.AtLeast, f.AtMost);
            }

            criteria.Add(new Criterion(c.Code?.Trim() ?? "", c.Wording?.Trim() ?? "", string.IsNullOrWhiteSpace(c.Evidence) ? null : c.Evidence.Trim(), fact));
        }

        validation.Check(criteria.Select(c => c.Code.ToUpperInvariant()).Distinct().Count() == criteria.Count, "criteria", "each code appears once.");
        return criteria;
    }

    private static Validity? ValidityOf(Validation validation, ValidityRequest? v)
    {
        validation.Check(v is not null, "validity", "is required: from and until, or years.");
        if (v is null)
        {
            return null;
        }

        var fixedPeriod = v.From is not null || v.Until is not null;
        validation.Check(fixedPeriod ^ v.Years is not null, "validity", "give either from and until (a fixed period) or years (from the grant), not both.");
        if (v.Years is not null)
        {
            validation.Check(v.Years is >= 1 and <= 20, "validity.years", "must be between 1 and 20.");
            return new Validity(ValidityKind.YearsFromGrant, null, null, v.Years);
        }

        validation.Check(v.From is not null, "validity.from", "is required with until.")
            .Check(v.Until is not null, "validity.until", "is required with from.")
            .Check(v.From is null || v.Until is null || v.Until >= v.From, "validity.until", "cannot come before from.")
            // A label expires the day after its last day: the calendar must hold that day, and a period past 2100 is a typo.
            .Check(v.From is null || v.From.Value.Year is >= 1990 and <= 2100, "validity.from", "must fall between 1990 and 2100.")
            .Check(v.Until is null || v.Until.Value.Year is >= 1990 and <= 2100, "validity.until", "must fall between 1990 and 2100.");
        return new Validity(ValidityKind.FixedPeriod, v.From, v.Until, null);
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex FactName();
}
