using System.Text.Json;

namespace SocialTech.Actors.Territories;

/// <summary>
/// The <c>level:code</c> keys every service uses to name a territory (<c>commune:69123</c>, <c>epci:200046977</c>,
/// <c>departement:69</c>, <c>region:84</c>), and the kebab-case level names the APIs carry.
/// </summary>
/// <remarks>
/// Kept here rather than borrowed from BuildingBlocks so that the referential depends on nothing but the Actors
/// contracts: a consumer takes reference data, not an event store and a bus.
/// </remarks>
public static class TerritoryKey
{
    private static readonly Dictionary<string, TerritoryLevel> Levels =
        Enum.GetValues<TerritoryLevel>().ToDictionary(LevelName, l => l, StringComparer.OrdinalIgnoreCase);

    public static string Of(TerritoryLevel level, string code) => $"{LevelName(level)}:{code}";

    public static string Of(Territory territory)
    {
        ArgumentNullException.ThrowIfNull(territory);
        return Of(territory.Level, territory.Code);
    }

    public static string LevelName(TerritoryLevel level) => JsonNamingPolicy.KebabCaseLower.ConvertName(level.ToString());

    public static bool TryParseLevel(string? name, out TerritoryLevel level) => Levels.TryGetValue(name ?? "", out level);

    /// <summary>Splits <c>departement:24</c> into its level and code; false when either part is missing or the level unknown.</summary>
    public static bool TryParse(string? key, out TerritoryLevel level, out string code)
    {
        code = "";
        level = default;
        var colon = key?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        if (colon <= 0 || colon == key!.Length - 1 || !TryParseLevel(key[..colon], out level))
        {
            return false;
        }

        code = key[(colon + 1)..];
        return true;
    }

    /// <summary>
    /// The territory itself and every territory that contains it, as keys: a query at any level then matches on one
    /// key. Empty when the vintage does not know the territory.
    /// </summary>
    public static IReadOnlyList<string> WithParents(TerritoryVintage vintage, TerritoryLevel level, string code)
    {
        ArgumentNullException.ThrowIfNull(vintage);
        return vintage.Find(level, code) is null
            ? []
            : [Of(level, code), .. vintage.ParentsOf(level, code).Select(Of)];
    }
}
