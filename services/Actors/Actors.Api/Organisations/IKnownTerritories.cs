using SocialTech.Actors.Contracts;
using SocialTech.BuildingBlocks.Http;

namespace SocialTech.Actors.Organisations;

/// <summary>What organisations need from the territory referential: is a place real, and what contains it.</summary>
public interface IKnownTerritories
{
    /// <summary>The COG vintage new places are recorded in.</summary>
    int Vintage { get; }

    /// <summary>
    /// The current commune <paramref name="code"/> stands for: itself, or for an arrondissement municipal (69381) its
    /// commune (69123); null for anything else (a merged commune's former code, a typo). The platform's one rule
    /// (<c>TerritoryVintage.TryResolveCommune</c>).
    /// </summary>
    string? CommuneCodeOf(string code);

    /// <summary>Whether a territory of <paramref name="level"/> (kebab-case) and <paramref name="code"/> exists.</summary>
    bool Exists(string level, string code);

    /// <summary>
    /// The place itself and every territory that contains it, as <c>level:code</c> keys (<c>commune:69123</c>,
    /// <c>epci:200046977</c>, <c>departement:69</c>, <c>region:84</c>): a search at any level matches on one key.
    /// </summary>
    IReadOnlyList<string> KeysOf(TerritoryReference place);
}

public static class KnownTerritoriesExtensions
{
    /// <summary>
    /// Reads a <c>level:code</c> search filter into the key stored on read models (<c>departement:24</c>), or adds a
    /// field error naming <paramref name="field"/> when it names no territory.
    /// </summary>
    public static string? ParseFilter(this IKnownTerritories territories, Validation validation, string? filter, string field = "territory")
    {
        if (filter is null)
        {
            return null;
        }

        var parts = filter.Split(':', 2);
        var known = parts.Length == 2 && territories.Exists(parts[0], parts[1]);
        validation.Check(known, field,
            $"'{filter}' is not a territory; write level:code, e.g. departement:24, epci:200046977, commune:69123.");
        return known ? $"{parts[0].ToLowerInvariant()}:{parts[1]}" : null;
    }
}
