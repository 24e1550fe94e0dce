namespace SocialTech.BuildingBlocks.Identifiers;

/// <summary>
/// SIREN (9 digits) and SIRET (14 digits), the Sirene register's numbers, checked for what they are: a Luhn check
/// digit, except La Poste's establishments (their SIRETs follow a sum-of-digits rule). One rule for every service that reads them (Actors' registry, Funding's
/// SCDL files, the ventures networks incorporate).
/// </summary>
public static class SireneNumbers
{
    /// <summary>La Poste's establishments share one SIREN and their SIRETs follow a sum-of-digits rule, not Luhn.</summary>
    private const string LaPosteSiren = "356000000";

    /// <summary>
    /// La Poste's head office, the one establishment of its SIREN whose SIRET keeps the Luhn check digit (its digits
    /// sum to 26, so the La Poste rule would refuse the best-known of them); INSEE's rule, as python-stdnum applies it.
    /// </summary>
    private const string LaPosteHeadOfficeSiret = "35600000000048";

    /// <summary>Removes the spaces, dots and dashes people type in numbers (<c>123 456 789</c>).</summary>
    public static string Normalize(string value) =>
        new(value.Where(c => !char.IsWhiteSpace(c) && c is not ('.' or '-')).ToArray());

    public static bool IsValidSiren(string value) => value.Length == 9 && value.All(char.IsAsciiDigit) && Luhn(value);

    /// <summary>
    /// 14 digits; La Poste's establishments (SIREN 356000000) when their digits sum to a multiple of 5, every other
    /// SIRET, La Poste's head office included, when its Luhn check digit holds.
    /// </summary>
    public static bool IsValidSiret(string value) =>
        value.Length == 14 && value.All(char.IsAsciiDigit)
        && (value.StartsWith(LaPosteSiren, StringComparison.Ordinal) && value != LaPosteHeadOfficeSiret
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
