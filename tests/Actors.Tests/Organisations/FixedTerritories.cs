using SocialTech.Actors.Contracts;
using SocialTech.Actors.Organisations;

namespace SocialTech.Actors.Tests.Organisations;

/// <summary>
/// A few real places (COG 2025) for pure decider tests, which must not depend on the embedded referential; the
/// API tests run against the real one.
/// </summary>
public sealed class FixedTerritories : IKnownTerritories
{
    private static readonly Dictionary<string, string[]> Parents = new()
    {
        ["commune:69123"] = ["epci:200046977", "departement:69", "region:84"],  // Lyon
        ["commune:24352"] = ["epci:200040400", "departement:24", "region:75"],  // Ribérac
        ["commune:75056"] = ["epci:200054781", "departement:75", "region:11"],  // Paris
        ["departement:24"] = ["region:75"],
        ["epci:200046977"] = ["departement:69", "region:84"],
    };

    public int Vintage => 2025;

    // Lyon 1er arrondissement stands for Lyon, as in the real referential.
    public string? CommuneCodeOf(string code) => code == "69381" ? "69123" : Parents.ContainsKey($"commune:{code}") ? code : null;

    public bool Exists(string level, string code) => Parents.ContainsKey($"{level}:{code}");

    public IReadOnlyList<string> KeysOf(TerritoryReference place) =>
        [$"{place.Level}:{place.Code}", .. Parents.GetValueOrDefault($"{place.Level}:{place.Code}", [])];
}
