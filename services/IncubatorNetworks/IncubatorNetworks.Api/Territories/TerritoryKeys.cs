using System.Text.RegularExpressions;
using SocialTech.Actors.Territories;

namespace SocialTech.IncubatorNetworks.Territories;

/// <summary>
/// The <c>level:code</c> keys a place in France or abroad is found under: a commune's own key and those of its EPCI,
/// département and région (the roll-up, from <c>Actors.Territories</c>, COG 2025), then its country.
/// </summary>
/// <remarks>
/// The referential is immutable data embedded in its assembly, so it is held here as a value the pure decide
/// functions can read, not as a service injected through every slice. Keys are computed once, when a message is
/// published, and stored with it: a later vintage does not move past activity.
/// </remarks>
public static partial class TerritoryKeys
{
    private static readonly Lazy<TerritoryReferential> Referential = new(TerritoryReferential.LoadEmbedded);

    public static TerritoryVintage Vintage => Referential.Value.Current;

    public static bool IsCommuneCode(string? code) => code is not null && CommuneCode().IsMatch(code);

    /// <summary>
    /// The commune a network's code stands for, as every service reads it (<c>TerritoryVintage.TryResolveCommune</c>):
    /// a current commune's code, or an arrondissement's (69381) recorded as its commune (69123); null for anything else.
    /// Networks hand these codes on (a venture's commune becomes an actor's head office in Actors), so a code this
    /// service took and another refused would strand the message in an error queue: both take, or both refuse.
    /// </summary>
    public static string? CommuneCodeOf(string? code) =>
        IsCommuneCode(code) && Vintage.TryResolveCommune(code, out var commune) ? commune.Code : null;

    public const string CommuneHelp =
        "must be the INSEE code of a current commune (COG 2025), e.g. 69123 or 2A004; an arrondissement (69381) counts as its commune.";

    public static string Departement(string communeCode) =>
        communeCode.StartsWith("97", StringComparison.Ordinal) ? communeCode[..3] : communeCode[..2];

    /// <summary>
    /// The commune, its EPCI, département and région, and <c>country:FR</c>. A code the vintage does not hold as a
    /// commune (Lyon's, Marseille's and Paris' arrondissements, a commune merged since) rolls up through the commune
    /// it resolves to; a code it cannot resolve at all still gets its département, which the code spells.
    /// </summary>
    public static IReadOnlyList<string> OfCommune(string communeCode)
    {
        var vintage = Vintage;
        var keys = TerritoryKey.WithParents(vintage, TerritoryLevel.Commune, communeCode);
        if (keys.Count == 0
            && vintage.Resolve(communeCode).FirstOrDefault(r => r.Territory.Level == TerritoryLevel.Commune) is { } resolved)
        {
            keys = [$"commune:{communeCode}", .. TerritoryKey.WithParents(vintage, TerritoryLevel.Commune, resolved.Territory.Code)];
        }

        if (keys.Count == 0)
        {
            keys = [$"commune:{communeCode}", $"departement:{Departement(communeCode)}"];
        }

        return [.. keys, "country:FR"];
    }

    public static IReadOnlyList<string> OfCountry(string countryCode) => [$"country:{countryCode}"];

    /// <summary>Parses a <c>level:code</c> filter naming a territory the referential knows (or a country), or returns null.</summary>
    public static string? Parse(string? filter)
    {
        var parts = filter?.Split(':', 2);
        if (parts is not [var level, var raw])
        {
            return null;
        }

        var code = raw.Trim().ToUpperInvariant();
        if (level.Equals("country", StringComparison.OrdinalIgnoreCase))
        {
            return Countries.IsAssigned(code) ? $"country:{code}" : null;
        }

        if (!TerritoryKey.TryParseLevel(level, out var territoryLevel))
        {
            return null;
        }

        // Arrondissements and former communes are found as keys too: activity published with such a code carries it.
        return Vintage.Find(territoryLevel, code) is not null
               || (territoryLevel == TerritoryLevel.Commune && IsCommuneCode(code) && Vintage.Resolve(code).Count > 0)
            ? TerritoryKey.Of(territoryLevel, code)
            : null;
    }

    public const string FilterHelp =
        "write level:code with level commune, epci, departement, region or country, e.g. departement:24, epci:200046977, region:84, commune:69123, country:DE.";

    // Mainland and Corsica: 5 characters, overseas: 97 then 3 digits. Monaco's 99138 and other foreign codes are not communes.
    [GeneratedRegex(@"^(?:(?:0[1-9]|[1-8]\d|9[0-5])\d{3}|2[AB]\d{3}|97[1-8]\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex CommuneCode();
}
