using System.Text.RegularExpressions;

namespace SocialTech.Actors.Organisations;

/// <summary>French organisation identifiers, checked for what they are, not only for their length.</summary>
public static partial class Identifiers
{
    /// <summary>La Poste's establishments share one SIREN and their SIRETs follow a sum-of-digits rule, not Luhn.</summary>
    private const string LaPosteSiren = "356000000";

    /// <summary>Removes the spaces and dots people type in identifiers (<c>123 456 789</c>).</summary>
    public static string Normalize(string value) =>
        new(value.Where(c => !char.IsWhiteSpace(c) && c != '.' && c != '-').Select(char.ToUpperInvariant).ToArray());

    public static bool IsValidSiren(string value) => value.Length == 9 && value.All(char.IsAsciiDigit) && Luhn(value);

    public static bool IsValidSiret(string value) =>
        value.Length == 14 && value.All(char.IsAsciiDigit)
        && (value.StartsWith(LaPosteSiren, StringComparison.Ordinal) && value != LaPosteSiren + "00000"
            ? value.Sum(c => c - '0') % 5 == 0
            : Luhn(value));

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

    private static bool Luhn(string digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var digit = digits[digits.Length - 1 - i] - '0';
            if (i % 2 == 1)
            {
                digit *= 2;
                if (digit > 9)
                {
                    digit -= 9;
                }
            }

            sum += digit;
        }

        return sum % 10 == 0;
    }

    [GeneratedRegex(@"^W(?:\d{3}|2[AB]\d)\d{6}$", RegexOptions.CultureInvariant)]
    private static partial Regex Rna();
}
