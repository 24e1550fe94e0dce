namespace SocialTech.BuildingBlocks.Identifiers;

/// <summary>
/// SIREN (9 digits) and SIRET (14 digits), the Sirene register's numbers, checked for what they are: a Luhn check
/// digit, except La Poste's establishments. One rule for every service that reads them (Actors' registry, Funding's
/// SCDL files, the ventures networks incorporate).
/// </summary>
public static class SireneNumbers
{
    /// <summary>La Poste's establishments share one SIREN and their SIRETs follow a sum-of-digits rule, not Luhn.</summary>
    private const string LaPosteSiren = "356000000";

    /// <summary>Removes the spaces, dots and dashes people type in numbers (<c>123 456 789</c>).</summary>
    public static string Normalize(string value) =>
        new(value.Where(c => !char.IsWhiteSpace(c) && c is not ('.' or '-')).ToArray());

    public static bool IsValidSiren(string value) => value.Length == 9 && value.All(char.IsAsciiDigit) && Luhn(value);

    public static bool IsValidSiret(string value) =>
        value.Length == 14 && value.All(char.IsAsciiDigit)
        && (value.StartsWith(LaPosteSiren, StringComparison.Ordinal) && value != LaPosteSiren + "00000"
            ? value.Sum(c => c - '0') % 5 == 0
            : Luhn(value));

    private static bool Luhn(string digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var digit = digits[digits.Length - 1 - i] - '0';
            if (i % 2 == 1)
            {
                digit = digit * 2 > 9 ? (digit * 2) - 9 : digit * 2;
            }

            sum += digit;
        }

        return sum % 10 == 0;
    }
}
