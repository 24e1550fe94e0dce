using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using SocialTech.Actors.Contracts;
using SocialTech.BuildingBlocks.Http;
using SocialTech.BuildingBlocks.Text;

namespace SocialTech.Actors.Organisations;

/// <param name="ValidFrom">First day of the agreement.</param>
/// <param name="ValidUntil">Last day of the agreement (agreements run 5 years, 2 for a young company).</param>
public sealed record EsusAgreementRequest(DateOnly? ValidFrom, DateOnly? ValidUntil);

/// <param name="Level"><c>commune</c>, <c>epci</c>, <c>departement</c> or <c>region</c>.</param>
/// <param name="Code">INSEE code, or SIREN for an EPCI.</param>
public sealed record PlaceOfActionRequest([property: MaxLength(TextBounds.Code)] string? Level, [property: MaxLength(TextBounds.Code)] string? Code);

/// <summary>The rules a profile obeys, shared by registration and profile changes so that both say the same.</summary>
public static partial class ProfileRules
{
    private static readonly HashSet<string> RoleWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "contact", "info", "infos", "accueil", "bonjour", "hello", "secretariat", "direction", "admin", "communication",
        "association", "asso", "presidence", "bureau", "equipe", "team", "projets", "subventions", "compta", "rh",
    };

    public static ProfileDetails Profile(
        Validation validation, string? name, string? legalCategory, bool? ess, EsusAgreementRequest? esus, string? website, string? mailbox)
    {
        validation.Required(name, "name", TextBounds.Name).Bounded(website, "website", TextBounds.Url).Bounded(mailbox, "mailbox", TextBounds.Mailbox);
        validation.Check(legalCategory is null || LegalCategory().IsMatch(legalCategory), "legalCategory",
            "must be an INSEE legal category code of 4 digits, e.g. 9220 (déclarée association).");

        EsusAgreement? agreement = null;
        if (esus is not null)
        {
            validation.Check(esus.ValidFrom is not null, "esus.validFrom", "is required with an ESUS agreement.");
            validation.Check(esus.ValidUntil is not null, "esus.validUntil", "is required with an ESUS agreement.");
            validation.Check(esus.ValidFrom is null || esus.ValidUntil is null || esus.ValidFrom < esus.ValidUntil,
                "esus.validUntil", "must come after validFrom.");
            if (esus is { ValidFrom: { } from, ValidUntil: { } until })
            {
                agreement = new EsusAgreement(from, until);
            }
        }

        Uri? site = null;
        if (website is not null)
        {
            validation.Check(Uri.TryCreate(website, UriKind.Absolute, out site) && site.Scheme is "https" or "http",
                "website", "must be an absolute http(s) address.");
        }

        Mailbox(validation, mailbox, "mailbox");

        // ESUS agreement is a status of the social and solidarity economy: it implies ESS.
        return new ProfileDetails(name?.Trim() ?? "", legalCategory, (ess ?? false) || agreement is not null, agreement, site, mailbox?.ToLowerInvariant());
    }

    public static IReadOnlyList<ActorKind> Kinds(Validation validation, IReadOnlyList<string>? kinds, string field = "kinds")
    {
        validation.Check(kinds is { Count: > 0 }, field, "must name at least one kind.");
        var parsed = new List<ActorKind>();
        foreach (var kind in kinds ?? [])
        {
            if (Kebab.TryParse<ActorKind>(kind, out var value))
            {
                parsed.Add(value);
            }
            else
            {
                validation.Check(false, field, $"'{kind}' is not a kind; use one of {string.Join(", ", Kebab.Names<ActorKind>())}.");
            }
        }

        return parsed.Distinct().ToArray();
    }

    public static CommuneReference? Commune(Validation validation, IKnownTerritories territories, string? code, string field)
    {
        // An arrondissement is recorded as its commune: every service stores and rolls up the same code.
        var commune = code is null ? null : territories.CommuneCodeOf(code);
        validation.Check(commune is not null, field, code is null
            ? "is required: the INSEE code of a commune, e.g. 69123."
            : $"'{code}' is not a commune of the {territories.Vintage} COG (a merged commune? use the current commune's code).");
        return commune is null ? null : new CommuneReference(commune, territories.Vintage);
    }

    public static IReadOnlyList<TerritoryReference> Places(
        Validation validation, IKnownTerritories territories, IReadOnlyList<PlaceOfActionRequest>? places)
    {
        var result = new List<TerritoryReference>();
        var index = 0;
        foreach (var place in places ?? [])
        {
            // A JSON null inside the list is a client's mistake like any other: a field error, not a crash.
            // A commune's place is recorded under its commune's code, an arrondissement's too (the same rule as a head office).
            var isCommune = place is { Level: not null, Code: not null } && place.Level.Equals("commune", StringComparison.OrdinalIgnoreCase);
            var code = isCommune ? territories.CommuneCodeOf(place!.Code!) : place?.Code;
            var known = code is not null && place is { Level: not null } && territories.Exists(place.Level, code);
            validation.Check(known, $"placesOfAction[{index}]",
                $"'{place?.Level}:{place?.Code}' is not a territory; give a level (commune, epci, departement, region) and its code.");
            if (known)
            {
                result.Add(new TerritoryReference(place!.Level!.ToLowerInvariant(), code!, territories.Vintage));
            }

            index++;
        }

        return result.Distinct().ToArray();
    }

    public static ActorIdentifiers Identifiers(Validation validation, string? siren, string? siret, string? rna)
    {
        string? Check(string? raw, IdentifierKind kind)
        {
            if (raw is null)
            {
                return null;
            }

            var value = Organisations.Identifiers.Normalize(raw);
            var field = Kebab.Name(kind);
            validation.Check(Organisations.Identifiers.IsValid(kind, value), field, Organisations.Identifiers.Describe(kind));
            return value;
        }

        var identifiers = new ActorIdentifiers(Check(siren, IdentifierKind.Siren), Check(siret, IdentifierKind.Siret), Check(rna, IdentifierKind.Rna));
        validation.Check(identifiers.Siren is null || identifiers.Siret is null || identifiers.Siret.StartsWith(identifiers.Siren, StringComparison.Ordinal),
            "siret", "must start with the SIREN: a SIRET is the SIREN followed by the establishment's 5 digits.");
        // The SIREN is the SIRET's first nine digits: record it too, so that duplicates are found by either.
        return identifiers.Siren is null && identifiers.Siret is { Length: 14 } s && validation.IsValid
            ? identifiers with { Siren = s[..9] }
            : identifiers;
    }

    /// <summary>A role mailbox, when given: an e-mail address, and not one that reads as a person's (<c>jean.dupont@</c>).</summary>
    /// <remarks>Profiles and relay offers share it: the registry holds no personal data, wherever a mailbox is written.</remarks>
    public static void Mailbox(Validation validation, string? mailbox, string field)
    {
        if (mailbox is not null)
        {
            var parts = mailbox.Split('@');
            validation.Check(parts.Length == 2 && parts[0].Length > 0 && parts[1].Contains('.', StringComparison.Ordinal),
                field, "must be an e-mail address.");
            validation.Check(parts.Length != 2 || !LooksPersonal(parts[0]), field,
                "must be a role mailbox (contact@, accueil@…): the registry holds no personal data.");
        }
    }

    private static bool LooksPersonal(string localPart)
    {
        var tokens = localPart.Split('.', '-', '_');
        return tokens.Length == 2 && tokens.All(t => t.Length > 1 && t.All(char.IsLetter)) && !tokens.Any(RoleWords.Contains);
    }

    [GeneratedRegex(@"^\d{4}$", RegexOptions.CultureInvariant)]
    private static partial Regex LegalCategory();
}
