using System.ComponentModel.DataAnnotations;
using SocialTech.Actors.Territories;
using SocialTech.BuildingBlocks.Http;
using SocialTech.BuildingBlocks.Text;
using SocialTech.Funding.Grants;
using SocialTech.Funding.Territories;

namespace SocialTech.Funding.Funders;

/// <param name="FunderType"><c>state</c>, <c>region</c>, <c>departement</c>, <c>epci</c>, <c>commune</c>, <c>eu-fund</c>,
/// <c>foundation</c> or <c>company</c>.</param>
/// <param name="Territory">The funder's own territory, <c>level:code</c>. Required for a local authority, and of its level
/// (<c>region:84</c> for a région, <c>epci:200046977</c> for the Métropole de Lyon); optional for the others.</param>
public sealed record FunderRequest([property: MaxLength(TextBounds.Code)] string? FunderType, [property: MaxLength(TextBounds.Code)] string? Territory);

/// <param name="ActorId">The directory actor that funds (<c>/api/funding/actors</c>).</param>
public sealed record DeclareFunderRequest(Guid? ActorId, [property: MaxLength(TextBounds.Code)] string? FunderType, [property: MaxLength(TextBounds.Code)] string? Territory);

public static class FunderRules
{
    /// <summary>The types a funder can be declared with; <c>other</c> is only ever a guess for an undeclared one.</summary>
    public static readonly FunderType[] Declarable =
        [FunderType.State, FunderType.Region, FunderType.Departement, FunderType.Epci, FunderType.Commune, FunderType.EuFund, FunderType.Foundation, FunderType.Company];

    /// <summary>A local authority's territory is the one it governs, so it must be of its own level.</summary>
    private static readonly Dictionary<FunderType, TerritoryLevel> LevelOf = new()
    {
        [FunderType.Region] = TerritoryLevel.Region,
        [FunderType.Departement] = TerritoryLevel.Departement,
        [FunderType.Epci] = TerritoryLevel.Epci,
        [FunderType.Commune] = TerritoryLevel.Commune,
    };

    public static (FunderType Type, string? Territory) Check(Validation validation, string? funderType, string? territory, IFundingTerritories territories)
    {
        ArgumentNullException.ThrowIfNull(validation);
        ArgumentNullException.ThrowIfNull(territories);
        FunderType type = default;
        var typed = Kebab.TryParse(funderType, out type) && Declarable.Contains(type);
        validation.Check(typed, "funderType", $"must be one of {string.Join(", ", Declarable.Select(Kebab.Name))}.");

        var key = string.IsNullOrWhiteSpace(territory) ? null : territory.Trim().ToLowerInvariant();
        var parsed = TerritoryKey.TryParse(key, out var level, out _);
        validation.Check(key is null || (parsed && territories.Exists(key)), "territory",
            $"'{territory}' is not a territory; write level:code, e.g. region:84, departement:24, epci:200046977, commune:75056.");
        if (typed && LevelOf.TryGetValue(type, out var required))
        {
            validation
                .Check(key is not null, "territory", $"is required for a {Kebab.Name(type)}: the {TerritoryKey.LevelName(required)} it governs.")
                .Check(key is null || !parsed || level == required, "territory", $"a {Kebab.Name(type)} governs a {TerritoryKey.LevelName(required)}, not a {TerritoryKey.LevelName(level)}.");
        }

        return (type, key);
    }
}
