using System.ComponentModel.DataAnnotations;
using SocialTech.BuildingBlocks.Http;
using SocialTech.BuildingBlocks.Text;
using SocialTech.Funding.Grants;
using SocialTech.Funding.Territories;

namespace SocialTech.Funding.Programmes;

/// <param name="Name">Public name of the programme (dispositif).</param>
/// <param name="Funders">Ids of the directory actors that fund it (<c>/api/funding/actors</c>), at least one.</param>
/// <param name="InstructingBodies">Ids of the directory actors that instruct applications.</param>
/// <param name="Themes">Themes, free words.</param>
/// <param name="BeneficiaryKinds">Actor kinds that may apply, kebab-case (<c>association</c>, <c>scic</c>…).</param>
/// <param name="AidTypes"><c>grant</c>, <c>loan</c>, <c>recoverable-advance</c>, <c>engineering-support</c>; at least one.</param>
/// <param name="EligibleTerritories"><c>level:code</c> keys, e.g. <c>region:75</c>, <c>departement:24</c>, <c>epci:200046977</c>.</param>
/// <param name="OpensOn">First day applications are taken.</param>
/// <param name="ClosesOn">Last day, if any.</param>
/// <param name="CallForProjects">Whether applications answer a call for projects (appel à projets).</param>
/// <param name="BudgetEnvelope">The announced envelope in euros.</param>
public sealed record ProgrammeRequest(
    [property: StringLength(TextBounds.Title, MinimumLength = 1)] string? Name,
    IReadOnlyList<Guid>? Funders,
    IReadOnlyList<Guid>? InstructingBodies,
    [property: EachMaxLength(TextBounds.Theme)] IReadOnlyList<string>? Themes,
    [property: EachMaxLength(TextBounds.Code)] IReadOnlyList<string>? BeneficiaryKinds,
    [property: EachMaxLength(TextBounds.Code)] IReadOnlyList<string>? AidTypes,
    [property: EachMaxLength(TextBounds.Code)] IReadOnlyList<string>? EligibleTerritories,
    DateOnly? OpensOn,
    DateOnly? ClosesOn = null,
    bool? CallForProjects = null,
    [property: Range(0d, Euros.MaxForSchema, MinimumIsExclusive = true)] decimal? BudgetEnvelope = null);

/// <summary>The checks publishing and amending share: one request shape, one set of rules.</summary>
public static class ProgrammeRules
{
    /// <param name="knownActors">The ids among the request's funders and instructing bodies that Funding's directory holds.</param>
    /// <param name="declaredFunders">The ids among the request's funders declared as funders (<c>/api/funding/funders</c>).</param>
    public static ProgrammeTerms Terms(ProgrammeRequest request, IReadOnlySet<Guid> knownActors, IReadOnlySet<Guid> declaredFunders, IFundingTerritories territories)
    {
        ArgumentNullException.ThrowIfNull(request);
        var validation = new Validation().Required(request.Name, "name", TextBounds.Title)
            .Check((request.Themes ?? []).All(t => t is null || VisibleText.Trim(t).Length <= TextBounds.Theme), "themes",
                $"each theme is at most {TextBounds.Theme} characters.");

        var funders = (request.Funders ?? []).Distinct().ToArray();
        validation.Check(funders.Length > 0, "funders", "at least one funder is required.");
        foreach (var unknown in funders.Where(f => !knownActors.Contains(f)))
        {
            validation.Check(false, "funders", $"{unknown} is not in Funding's actor directory.");
        }

        // Only a declared funder funds a programme, as only a declared funder awards a grant.
        foreach (var (funder, i) in (request.Funders ?? []).Select((f, i) => (f, i)).Where(f => knownActors.Contains(f.f) && !declaredFunders.Contains(f.f)))
        {
            validation.Check(false, $"funders[{i}]", $"{funder} is not declared as a funder; declare it first (POST /api/funding/funders).");
        }

        var instructing = (request.InstructingBodies ?? []).Distinct().ToArray();
        foreach (var unknown in instructing.Where(f => !knownActors.Contains(f)))
        {
            validation.Check(false, "instructingBodies", $"{unknown} is not in Funding's actor directory.");
        }

        var aidTypes = new List<AidType>();
        foreach (var name in request.AidTypes ?? [])
        {
            if (Kebab.TryParse<AidType>(name, out var aid))
            {
                aidTypes.Add(aid);
            }
            else
            {
                validation.Check(false, "aidTypes", $"'{name}' is not an aid type; use {string.Join(", ", Kebab.Names<AidType>())}.");
            }
        }

        validation.Check(request.AidTypes is { Count: > 0 }, "aidTypes", "at least one aid type is required.");

        // A JSON null inside the list is a client's mistake to name, not a crash.
        validation.Check(request.EligibleTerritories is null || request.EligibleTerritories.All(t => t is not null), "eligibleTerritories",
            "a territory cannot be null.");
        // commune:69381 (an arrondissement) is eligibility in its commune, commune:69123: the platform's one rule.
        var eligible = (request.EligibleTerritories ?? []).OfType<string>().Select(t => t.Trim().ToLowerInvariant())
            .Select(k => k.StartsWith("commune:", StringComparison.Ordinal) && territories.CommuneCodeOf(k["commune:".Length..]) is { } commune ? $"commune:{commune}" : k)
            .Distinct().ToArray();
        validation.Check(eligible.Length > 0, "eligibleTerritories", "at least one territory is required, e.g. region:75.");
        foreach (var key in eligible.Where(k => !territories.Exists(k)))
        {
            validation.Check(false, "eligibleTerritories", $"'{key}' is not a territory; write level:code, e.g. departement:24, epci:200046977.");
        }

        validation
            .Check(request.OpensOn is not null, "opensOn", "is required.")
            .Check(request.ClosesOn is null || request.OpensOn is null || request.ClosesOn >= request.OpensOn, "closesOn", "cannot come before opensOn.")
            .Check(request.BudgetEnvelope is null or > 0, "budgetEnvelope", "must be a positive amount in euros.")
            .Check(request.BudgetEnvelope is null || decimal.Round(request.BudgetEnvelope.Value, 2) == request.BudgetEnvelope, "budgetEnvelope", "has at most two decimals (cents).")
            .Check(request.BudgetEnvelope is null or <= Euros.Max, "budgetEnvelope", $"cannot exceed {Euros.MaxText} euros.")
            .ThrowIfInvalid();

        return new ProgrammeTerms(
            request.Name!.Trim(),
            funders,
            instructing,
            Words(request.Themes),
            Words(request.BeneficiaryKinds),
            aidTypes.Distinct().ToArray(),
            eligible,
            request.OpensOn!.Value,
            request.ClosesOn,
            request.CallForProjects ?? false,
            request.BudgetEnvelope);
    }

    /// <summary>Every actor id the request names, for the handler to look up in the directory before deciding.</summary>
    public static IReadOnlyList<Guid> ActorsNamed(ProgrammeRequest request) =>
        [.. (request.Funders ?? []).Concat(request.InstructingBodies ?? []).Distinct()];

    private static string[] Words(IReadOnlyList<string>? words) =>
        (words ?? []).Where(w => !string.IsNullOrWhiteSpace(w)).Select(w => w.Trim().ToLowerInvariant()).Distinct().ToArray();
}
