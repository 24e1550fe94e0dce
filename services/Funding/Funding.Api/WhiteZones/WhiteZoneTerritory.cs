using SocialTech.Actors.Territories;
using SocialTech.BuildingBlocks.Http;

namespace SocialTech.Funding.WhiteZones;

/// <summary>
/// The territory a white-zone question is asked of: <c>france</c>, a région or a département, with the level its
/// table is split into (the départements of France or of a région, the EPCIs of a département: the map of France by
/// département and the table of a département's EPCIs the portal draws, issue 18.4).
/// </summary>
/// <param name="Key"><c>level:code</c>, or null for France.</param>
public sealed record WhiteZoneTerritory(string? Key, string Name, TerritoryLevel ChildLevel, IReadOnlyList<string> Children)
{
    public const string France = "france";

    public string Code => Key ?? France;

    /// <summary>Reads <c>territory</c>; a wrong or missing one is added to <paramref name="validation"/> (the answer is then never built).</summary>
    public static WhiteZoneTerritory Parse(Validation validation, TerritoryReferential referential, string? territory)
    {
        ArgumentNullException.ThrowIfNull(validation);
        ArgumentNullException.ThrowIfNull(referential);
        const string Expected = "write france, region:code or departement:code, e.g. departement:24 or region:75.";
        var text = territory?.Trim();
        if (string.Equals(text, France, StringComparison.OrdinalIgnoreCase))
        {
            return new WhiteZoneTerritory(null, "France", TerritoryLevel.Departement, Keys(referential, TerritoryLevel.Departement, null, null));
        }

        // The level is read without regard to case; the code in upper case, as the referential holds Corsica's (2A, 2B;
        // every other code is digits). Lower-casing the whole key refused departement:2A, the key this route itself
        // gives Corse-du-Sud among the children of France and of région 94.
        var parsed = TerritoryKey.TryParse(text, out var level, out var code);
        code = code.ToUpperInvariant();
        var found = parsed ? referential.Current.Find(level, code) : null;
        validation
            .Check(text is not null, "territory", $"is required: {Expected}")
            .Check(text is null || found is not null, "territory", $"'{territory}' names no territory; {Expected}")
            .Check(found is null || level is TerritoryLevel.Region or TerritoryLevel.Departement, "territory",
                $"white zones are asked of France, a région or a département (their children are départements or EPCIs), not of a {TerritoryKey.LevelName(level)}; {Expected}");
        if (found is null || level is not (TerritoryLevel.Region or TerritoryLevel.Departement))
        {
            return new WhiteZoneTerritory(null, "", TerritoryLevel.Departement, []);
        }

        var child = level == TerritoryLevel.Region ? TerritoryLevel.Departement : TerritoryLevel.Epci;
        return new WhiteZoneTerritory(TerritoryKey.Of(level, code), found.Name, child, Keys(referential, child, level, code));
    }

    private static string[] Keys(TerritoryReferential referential, TerritoryLevel child, TerritoryLevel? level, string? code) =>
        [.. referential.Current.CodesAt(child, level, code).Select(c => TerritoryKey.Of(child, c))];

    /// <summary>Whether territory keys (a place and every territory containing it) lie in this territory.</summary>
    public bool Contains(IReadOnlyList<string> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return keys.Count > 0 && (Key is null || keys.Contains(Key));
    }

    /// <summary>The child of this territory among <paramref name="keys"/>, or null.</summary>
    public string? ChildOf(IReadOnlyList<string> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var prefix = TerritoryKey.LevelName(ChildLevel) + ":";
        return Contains(keys) ? keys.FirstOrDefault(k => k.StartsWith(prefix, StringComparison.Ordinal)) : null;
    }
}
