using SocialTech.Actors.Contracts;
using SocialTech.Funding.Territories;

namespace SocialTech.Funding.Tests;

/// <summary>A few real places (COG 2025) for pure decider tests; the API tests run against the embedded referential.</summary>
public sealed class FixedTerritories : IFundingTerritories
{
    private static readonly Dictionary<string, string[]> Parents = new()
    {
        ["commune:69123"] = ["epci:200046977", "departement:69", "region:84"],  // Lyon
        ["commune:24352"] = ["epci:200040400", "departement:24", "region:75"],  // Ribérac
        ["commune:24322"] = ["epci:200040392", "departement:24", "region:75"],  // Périgueux
        ["departement:24"] = ["region:75"],
        ["region:75"] = [],
        ["region:84"] = [],
    };

    public int Vintage => 2025;

    public bool Exists(string key) => Parents.ContainsKey(key);

    // Lyon 1er arrondissement stands for Lyon, as in the real referential.
    public string? CommuneCodeOf(string code) => code == "69381" ? "69123" : Parents.ContainsKey($"commune:{code}") ? code : null;

    public IReadOnlyList<string> KeysOf(string key) => Parents.TryGetValue(key, out var parents) ? [key, .. parents] : [];

    public IReadOnlyList<string> KeysOf(CommuneReference commune) => KeysOf($"commune:{commune.Code}");
}
