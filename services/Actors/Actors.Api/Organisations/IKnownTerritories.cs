using SocialTech.Actors.Contracts;

namespace SocialTech.Actors.Organisations;

/// <summary>What organisations need from the territory referential: is a place real, and what contains it.</summary>
public interface IKnownTerritories
{
    /// <summary>The COG vintage new places are recorded in.</summary>
    int Vintage { get; }

    /// <summary>Whether <paramref name="code"/> is a current commune (not an arrondissement or a merged commune).</summary>
    bool IsCommune(string code);

    /// <summary>Whether a territory of <paramref name="level"/> (kebab-case) and <paramref name="code"/> exists.</summary>
    bool Exists(string level, string code);

    /// <summary>
    /// The place itself and every territory that contains it, as <c>level:code</c> keys (<c>commune:69123</c>,
    /// <c>epci:200046977</c>, <c>departement:69</c>, <c>region:84</c>): a search at any level matches on one key.
    /// </summary>
    IReadOnlyList<string> KeysOf(TerritoryReference place);
}
