using SocialTech.Actors.Contracts;
using SocialTech.Actors.Territories;
using SocialTech.BuildingBlocks.Http;

namespace SocialTech.Actors.Organisations;

/// <summary>Answers organisations' questions about places from the territory referential's current vintage.</summary>
public sealed class ReferentialTerritories(TerritoryReferential referential) : IKnownTerritories
{
    public int Vintage => referential.Current.Year;

    public string? CommuneCodeOf(string code) => referential.TryResolveCommune(code, out var commune) ? commune.Code : null;

    public bool Exists(string level, string code) =>
        Kebab.TryParse<TerritoryLevel>(level, out var parsed) && referential.Current.Find(parsed, code) is not null;

    public IReadOnlyList<string> KeysOf(TerritoryReference place)
    {
        if (!Kebab.TryParse<TerritoryLevel>(place.Level, out var level))
        {
            return [];
        }

        // Places recorded in an older vintage are read in it, so that a commune merged since still rolls up right.
        var vintage = referential.TryGetVintage(place.Vintage, out var recorded) ? recorded : referential.Current;
        return [Key(level, place.Code), .. vintage.ParentsOf(level, place.Code).Select(t => Key(t.Level, t.Code))];
    }

    private static string Key(TerritoryLevel level, string code) => $"{Kebab.Name(level)}:{code}";
}
