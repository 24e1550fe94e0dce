using SocialTech.Actors.Territories;

namespace SocialTech.Labelling.Territories;

/// <summary>
/// What Labelling asks of the territory referential (the Actors.Territories library, COG 2025, read in-process):
/// whether a key names a territory, what contains it, what it contains. Keys are <c>level:code</c>, lower-case as Labelling stores them.
/// </summary>
public sealed class LabellingTerritories(TerritoryReferential referential)
{
    private TerritoryVintage Current => referential.Current;

    /// <summary>
    /// The key as Labelling records it: <c>commune:69381</c> (an arrondissement) becomes <c>commune:69123</c>, its
    /// commune, the platform's one rule (<c>TerritoryVintage.TryResolveCommune</c>); any other key is left as given.
    /// </summary>
    public string? Canonical(string? key) =>
        TerritoryKey.TryParse(key, out var level, out var code) && level == TerritoryLevel.Commune
        && Current.TryResolveCommune(code, out var commune) && !commune.Code.Equals(code, StringComparison.OrdinalIgnoreCase)
            ? TerritoryKey.Of(TerritoryLevel.Commune, commune.Code).ToLowerInvariant()
            : key;

    public bool Exists(string? key) =>
        TerritoryKey.TryParse(key, out var level, out var code) && Current.Find(level, Code(level, code)) is not null;

    /// <summary>The territory's name, or null when the key names none.</summary>
    public string? NameOf(string? key) =>
        TerritoryKey.TryParse(key, out var level, out var code) ? Current.Find(level, Code(level, code))?.Name : null;

    /// <summary>The territory and every territory containing it (commune → EPCI, département, région); empty when unknown.</summary>
    public IReadOnlyList<string> WithParents(string? key) =>
        TerritoryKey.TryParse(key, out var level, out var code)
            ? [.. TerritoryKey.WithParents(Current, level, Code(level, code)).Select(k => k.ToLowerInvariant())]
            : [];

    /// <summary>The communes a territory covers; null when the key names no territory.</summary>
    public IReadOnlyList<string>? CommunesUnder(string? key)
    {
        if (!TerritoryKey.TryParse(key, out var level, out var code) || Current.Find(level, code = Code(level, code)) is null)
        {
            return null;
        }

        return Current.CommuneCodesUnder(level, code);
    }

    /// <summary>
    /// The territory and every territory inside it, as keys: a région's départements, the EPCIs with a member in
    /// them and their communes. A holder recorded at any of those levels then matches a query on one list.
    /// </summary>
    public IReadOnlyList<string> WithDescendants(string? key)
    {
        if (!TerritoryKey.TryParse(key, out var level, out var code) || Current.Find(level, code = Code(level, code)) is null)
        {
            return [];
        }

        var keys = new HashSet<string>(StringComparer.Ordinal) { TerritoryKey.Of(level, code) };
        var pending = new Queue<Territory>(Current.ChildrenOf(level, code));
        while (pending.TryDequeue(out var child))
        {
            // An EPCI is reached from every département it spans, and its communes from it and from the département.
            if (keys.Add(TerritoryKey.Of(child)) && child.Level != TerritoryLevel.Commune)
            {
                foreach (var grandchild in Current.ChildrenOf(child.Level, child.Code))
                {
                    pending.Enqueue(grandchild);
                }
            }
        }

        return [.. keys.Select(k => k.ToLowerInvariant())];
    }

    /// <summary>Keys are lower-case, INSEE codes upper-case (Corsica's <c>2A</c>, <c>2B</c>).</summary>
    private static string Code(TerritoryLevel level, string code) => level == TerritoryLevel.Epci ? code : code.ToUpperInvariant();
}
