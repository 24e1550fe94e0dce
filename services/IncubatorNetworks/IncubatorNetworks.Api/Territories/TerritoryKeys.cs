using System.Text.RegularExpressions;

namespace SocialTech.IncubatorNetworks.Territories;

/// <summary>
/// The <c>level:code</c> keys a place in France or abroad is found under, derived from the INSEE commune code alone.
/// </summary>
/// <remarks>
/// This service has no territory referential: the Actors service's is being moved into a library
/// (<c>services/Actors/Actors.Territories</c>). Until it can be referenced, keys stop at the département, which the
/// commune code spells: its first two characters (<c>2A</c>/<c>2B</c> in Corsica), three overseas (<c>971</c>…<c>978</c>).
/// EPCI and région keys, and a check that the commune exists in the COG, come with that library.
/// </remarks>
public static partial class TerritoryKeys
{
    public static bool IsCommuneCode(string? code) => code is not null && CommuneCode().IsMatch(code);

    public static string Departement(string communeCode) =>
        communeCode.StartsWith("97", StringComparison.Ordinal) ? communeCode[..3] : communeCode[..2];

    public static IReadOnlyList<string> OfCommune(string communeCode) =>
        [$"commune:{communeCode}", $"departement:{Departement(communeCode)}", "country:FR"];

    public static IReadOnlyList<string> OfCountry(string countryCode) => [$"country:{countryCode}"];

    /// <summary>Parses a <c>level:code</c> filter of a level these keys know, or returns null.</summary>
    public static string? Parse(string? filter)
    {
        var parts = filter?.Split(':', 2);
        if (parts is not [var level, var code])
        {
            return null;
        }

        return level.ToLowerInvariant() switch
        {
            "commune" when IsCommuneCode(code.ToUpperInvariant()) => $"commune:{code.ToUpperInvariant()}",
            "departement" when DepartementCode().IsMatch(code.ToUpperInvariant()) => $"departement:{code.ToUpperInvariant()}",
            "country" when Countries.IsAssigned(code.ToUpperInvariant()) => $"country:{code.ToUpperInvariant()}",
            _ => null,
        };
    }

    public const string FilterHelp =
        "write level:code with level commune, departement or country, e.g. departement:24, commune:69123, country:DE.";

    // Mainland and Corsica: 5 characters, overseas: 97 then 3 digits. Monaco's 99138 and other foreign codes are not communes.
    [GeneratedRegex(@"^(?:(?:0[1-9]|[1-8]\d|9[0-5])\d{3}|2[AB]\d{3}|97[1-8]\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex CommuneCode();

    [GeneratedRegex(@"^(?:0[1-9]|[1-8]\d|9[0-5]|2[AB]|97[1-8])$", RegexOptions.CultureInvariant)]
    private static partial Regex DepartementCode();
}
