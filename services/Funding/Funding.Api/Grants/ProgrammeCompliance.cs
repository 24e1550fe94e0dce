using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http;
using SocialTech.Actors.Contracts;
using SocialTech.Actors.Directory;
using SocialTech.BuildingBlocks.Http;
using SocialTech.BuildingBlocks.Text;
using SocialTech.Funding.Programmes;
using SocialTech.Funding.Territories;

namespace SocialTech.Funding.Grants;

/// <summary>The programme rules a grant decision is checked against; the names are stable codes, in problems and derogations alike.</summary>
public static class ProgrammeRule
{
    /// <summary>The recipient's head office or one of its declared places of action lies in an eligible territory.</summary>
    public const string Perimeter = "perimeter";

    /// <summary>The recipient has one of the kinds the programme is for.</summary>
    public const string BeneficiaryKinds = "beneficiary-kinds";

    /// <summary>The decision falls within the programme's opening and closing days, and the programme is not retired.</summary>
    public const string Window = "window";

    public static readonly IReadOnlyList<string> All = [Perimeter, BeneficiaryKinds, Window];
}

/// <summary>A derogation to the programme's rules, stated with the decision that needs it.</summary>
/// <param name="Rules">The rules it sets aside: <c>perimeter</c>, <c>beneficiary-kinds</c>, <c>window</c>; each must be one the decision breaks.</param>
/// <param name="Reason">Why (the deliberation that decided it, an exceptional circumstance…); required.</param>
public sealed record DerogationRequest(
    [property: EachMaxLength(TextBounds.Code)] IReadOnlyList<string>? Rules,
    [property: StringLength(TextBounds.Reason, MinimumLength = 1)] string? Reason);

/// <summary>A derogation as the grant records it: the rules set aside, why, and the day of the decision that stated it.</summary>
public sealed record ProgrammeDerogation(IReadOnlyList<string> Rules, string Reason, DateOnly DecidedOn);

/// <summary>A programme rule a decision breaks: the rule's code, the request's field it is about, and a sentence for a person.</summary>
public sealed record RuleBreach(string Rule, string Field, string Detail);

/// <summary>What the programme rules read of a recipient: its kinds, its head office and the places it declared acting in.</summary>
public sealed record RecipientFacts(IReadOnlyList<string> Kinds, CommuneReference HeadOffice, IReadOnlyList<TerritoryReference> PlacesOfAction)
{
    /// <summary>The directory's copy when it has the actor (places of action are only there), else what the grant recorded.</summary>
    public static RecipientFacts Of(DirectoryActor? actor, GrantRecipient recorded)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        return actor is null
            ? new RecipientFacts(recorded.Kinds, recorded.HeadOffice, [])
            : new RecipientFacts(actor.Kinds, actor.HeadOffice, actor.PlacesOfAction ?? []);
    }
}

/// <summary>
/// A decision that breaks its programme's rules without a derogation for each, or states a derogation that does not
/// hold: a 400 whose <c>errors</c> name the fields, with each rule's stable code in <c>breaches</c> and <c>code</c>.
/// </summary>
public sealed class ProgrammeRulesException(IReadOnlyList<RuleBreach> breaches)
    : ProblemException(StatusCodes.Status400BadRequest, "Règles du programme non respectées",
        string.Join(" ", breaches.Select(b => $"{b.Field} : {b.Detail}")),
        new Dictionary<string, object?>
        {
            ["code"] = "programme-rules",
            ["errors"] = breaches.GroupBy(b => b.Field).ToDictionary(g => g.Key, g => g.Select(b => b.Detail).ToArray()),
            ["breaches"] = breaches.Select(b => new Dictionary<string, string> { ["rule"] = b.Rule, ["field"] = b.Field, ["detail"] = b.Detail }).ToArray(),
        })
{
    public IReadOnlyList<RuleBreach> Breaches { get; } = breaches;
}

/// <summary>
/// The programme's rules for one decision (an award, an application's award, an amendment that raises the amount).
/// Pure: the handler reads the programme and the recipient, this decides.
/// </summary>
public static class ProgrammeCompliance
{
    /// <summary>The rules <paramref name="on"/>'s decision breaks, in <see cref="ProgrammeRule.All"/>'s order.</summary>
    /// <param name="dateField">The request's field holding the decision's date (<c>decisionDate</c>, <c>amendedOn</c>).</param>
    public static IReadOnlyList<RuleBreach> Breaches(Programme programme, RecipientFacts recipient, DateOnly on, string dateField, IFundingTerritories territories)
    {
        ArgumentNullException.ThrowIfNull(programme);
        ArgumentNullException.ThrowIfNull(recipient);
        ArgumentNullException.ThrowIfNull(territories);
        var breaches = new List<RuleBreach>();
        var terms = programme.Terms;

        // "Lies in" is containment: the place itself or a territory containing it is eligible (an EPCI across two
        // départements lies in each). A place wider than the perimeter (a région for a département's programme) does not.
        // The perimeter is never empty (ProgrammeRules.Terms refuses a programme without an eligible territory).
        var eligible = terms.EligibleTerritories.ToHashSet(StringComparer.Ordinal);
        var headOfficeIn = territories.KeysOf(recipient.HeadOffice).Any(eligible.Contains);
        var placeIn = recipient.PlacesOfAction.Any(p => KeysOf(p, territories).Any(eligible.Contains));
        if (!headOfficeIn && !placeIn)
        {
            breaches.Add(new RuleBreach(ProgrammeRule.Perimeter, "recipientId",
                $"ni le siège du bénéficiaire (commune {recipient.HeadOffice.Code}) ni aucun de ses lieux d'action déclarés "
                + $"({(recipient.PlacesOfAction.Count == 0 ? "aucun" : string.Join(", ", recipient.PlacesOfAction.Select(p => $"{p.Level}:{p.Code}")))}) "
                + $"ne se trouve dans le périmètre éligible du programme « {terms.Name} » ({string.Join(", ", terms.EligibleTerritories)}) [règle {ProgrammeRule.Perimeter}]."));
        }

        if (terms.BeneficiaryKinds.Count > 0 && !recipient.Kinds.Any(k => terms.BeneficiaryKinds.Contains(k, StringComparer.Ordinal)))
        {
            breaches.Add(new RuleBreach(ProgrammeRule.BeneficiaryKinds, "recipientId",
                $"le bénéficiaire ({(recipient.Kinds.Count == 0 ? "sans catégorie" : string.Join(", ", recipient.Kinds))}) n'est d'aucune des catégories "
                + $"que le programme « {terms.Name} » finance ({string.Join(", ", terms.BeneficiaryKinds)}) [règle {ProgrammeRule.BeneficiaryKinds}]."));
        }

        if (programme.Status == ProgrammeStatus.Retired)
        {
            breaches.Add(new RuleBreach(ProgrammeRule.Window, dateField,
                $"le programme « {terms.Name} » est retiré depuis le {Day(programme.RetiredOn)} : il n'attribue plus rien [règle {ProgrammeRule.Window}]."));
        }
        else if (on < terms.OpensOn || (terms.ClosesOn is { } closes && on > closes))
        {
            breaches.Add(new RuleBreach(ProgrammeRule.Window, dateField,
                $"le {Day(on)} est hors de la période du programme « {terms.Name} » (du {Day(terms.OpensOn)} "
                + $"{(terms.ClosesOn is { } c ? $"au {Day(c)}" : "sans date de clôture")}) [règle {ProgrammeRule.Window}]."));
        }

        return breaches;
    }

    /// <summary>
    /// Checks a decision against its programme: every broken rule needs a derogation, either stated now or recorded on
    /// the grant before (<paramref name="derogated"/>). Returns the derogation to record, or null when none was stated.
    /// </summary>
    /// <exception cref="ProgrammeRulesException">A rule broken without derogation, or a derogation that does not hold
    /// (no reason, an unknown rule, a rule the decision does not break): a 400.</exception>
    public static ProgrammeDerogation? Check(
        Programme? programme, RecipientFacts recipient, DateOnly on, string dateField, DerogationRequest? derogation,
        IReadOnlyCollection<string> derogated, IFundingTerritories territories)
    {
        ArgumentNullException.ThrowIfNull(derogated);
        var broken = programme is null ? [] : Breaches(programme, recipient, on, dateField, territories);
        var refusals = new List<RuleBreach>();
        var stated = Stated(derogation, refusals);
        foreach (var rule in stated.Where(r => !broken.Any(b => b.Rule == r)))
        {
            refusals.Add(new RuleBreach("derogation", "derogation.rules",
                programme is null
                    ? $"la dérogation à la règle {rule} est sans objet : la subvention ne relève d'aucun programme."
                    : $"la dérogation à la règle {rule} est sans objet : la décision respecte cette règle du programme « {programme.Terms.Name} »."));
        }

        refusals.AddRange(broken.Where(b => !stated.Contains(b.Rule) && !derogated.Contains(b.Rule))
            .Select(b => b with { Detail = b.Detail + " Pour passer outre, indiquez une dérogation motivée : derogation { rules: [\"" + b.Rule + "\"], reason: \"…\" }." }));
        if (refusals.Count > 0)
        {
            throw new ProgrammeRulesException(refusals);
        }

        return stated.Length == 0 ? null : new ProgrammeDerogation(stated, derogation!.Reason!.Trim(), on);
    }

    /// <summary>The rules a derogation names, in <see cref="ProgrammeRule.All"/>'s order; what is wrong with it goes to <paramref name="refusals"/>.</summary>
    private static string[] Stated(DerogationRequest? derogation, List<RuleBreach> refusals)
    {
        if (derogation is null)
        {
            return [];
        }

        var named = (derogation.Rules ?? []).Select(r => r?.Trim().ToLowerInvariant()).ToArray();
        if (named.Length == 0)
        {
            refusals.Add(new RuleBreach("derogation", "derogation.rules", $"une dérogation nomme au moins une règle : {string.Join(", ", ProgrammeRule.All)}."));
        }

        foreach (var unknown in named.Where(r => r is null || !ProgrammeRule.All.Contains(r)).Distinct())
        {
            refusals.Add(new RuleBreach("derogation", "derogation.rules",
                $"« {unknown} » n'est pas une règle de programme ; les règles sont {string.Join(", ", ProgrammeRule.All)}."));
        }

        var reason = derogation.Reason is null ? "" : VisibleText.Trim(derogation.Reason);
        if (reason.Length == 0)
        {
            refusals.Add(new RuleBreach("derogation", "derogation.reason", "une dérogation est motivée : indiquez sa raison."));
        }
        else if (reason.Length > TextBounds.Reason || reason.Contains('\0', StringComparison.Ordinal))
        {
            refusals.Add(new RuleBreach("derogation", "derogation.reason", $"la raison tient en {TextBounds.Reason} caractères au plus, sans caractère NUL."));
        }

        return ProgrammeRule.All.Where(named.Contains).ToArray();
    }

    private static IReadOnlyList<string> KeysOf(TerritoryReference place, IFundingTerritories territories) =>
        place.Level == "commune" ? territories.KeysOf(new CommuneReference(place.Code, place.Vintage)) : territories.KeysOf($"{place.Level}:{place.Code}");

    private static string Day(DateOnly? day) => day?.ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture) ?? "?";
}
