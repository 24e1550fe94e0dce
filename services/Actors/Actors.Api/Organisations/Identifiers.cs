using SocialTech.BuildingBlocks.Identifiers;
using System.Text.RegularExpressions;

namespace SocialTech.Actors.Organisations;

/// <summary>French organisation identifiers, checked for what they are, not only for their length.</summary>
public static partial class Identifiers
{
    /// <summary>Removes the spaces and dots people type in identifiers (<c>123 456 789</c>).</summary>
    public static string Normalize(string value) =>
        new(value.Where(c => !char.IsWhiteSpace(c) && c != '.' && c != '-').Select(char.ToUpperInvariant).ToArray());

    public static bool IsValidSiren(string value) => SireneNumbers.IsValidSiren(value);

    public static bool IsValidSiret(string value) => SireneNumbers.IsValidSiret(value);

    /// <summary>
    /// RNA numbers are <c>W</c> + 9 characters: the département's code on 3 characters (Corsica's as <c>2A</c>/<c>2B</c>
    /// followed by a digit), then 6 digits.
    /// </summary>
    public static bool IsValidRna(string value) => Rna().IsMatch(value);

    public static bool IsValid(IdentifierKind kind, string value) => kind switch
    {
        IdentifierKind.Siren => IsValidSiren(value),
        IdentifierKind.Siret => IsValidSiret(value),
        _ => IsValidRna(value),
    };

    public static string Describe(IdentifierKind kind) => kind switch
    {
        IdentifierKind.Siren => "must be a SIREN: 9 digits with a valid check digit (Luhn).",
        IdentifierKind.Siret => "must be a SIRET: 14 digits with a valid check digit (Luhn).",
        _ => "must be an RNA number: W followed by 9 characters, e.g. W691234567.",
    };

    [GeneratedRegex(@"^W(?:\d{3}|2[AB]\d)\d{6}$", RegexOptions.CultureInvariant)]
    private static partial Regex Rna();
}
