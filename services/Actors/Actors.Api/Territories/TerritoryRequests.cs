using System.Text.RegularExpressions;
using SocialTech.BuildingBlocks.Http;

namespace SocialTech.Actors.Territories;

/// <summary>A territory as lists show it: enough to name it and fetch its details.</summary>
public sealed record TerritorySummary(string Level, string Code, string Name)
{
    public static TerritorySummary From(Territory territory) => new(Kebab.Name(territory.Level), territory.Code, territory.Name);
}

/// <summary>
/// Reads what the territory routes share: the vintage, a level and a code. A malformed value is a 400 naming the
/// field; a well-formed code that names nothing is a 404, so that a client can tell a typo from a missing territory.
/// </summary>
public static partial class TerritoryRequests
{
    public const int DefaultPageSize = 50;

    public static TerritoryVintage Vintage(TerritoryReferential referential, int? vintage)
    {
        if (vintage is null)
        {
            return referential.Current;
        }

        if (!referential.TryGetVintage(vintage.Value, out var found))
        {
            new Validation()
                .Check(false, "vintage", $"no referential for {vintage}; known vintages: {string.Join(", ", referential.Vintages)}.")
                .ThrowIfInvalid();
        }

        return found;
    }

    public static TerritoryLevel Level(string? level, string field = "level")
    {
        if (!Kebab.TryParse<TerritoryLevel>(level, out var parsed))
        {
            new Validation()
                .Check(false, field, $"'{level}' is not a level; use one of {string.Join(", ", Kebab.Names<TerritoryLevel>())}.")
                .ThrowIfInvalid();
        }

        return parsed;
    }

    public static Territory Existing(TerritoryVintage vintage, TerritoryLevel level, string code)
    {
        new Validation().Check(IsWellFormed(level, code), "code", level switch
        {
            TerritoryLevel.Region => "a région code is 2 digits, e.g. 84.",
            TerritoryLevel.Departement => "a département code is 2 digits, 2A, 2B or 971 to 976, e.g. 69.",
            TerritoryLevel.Epci => "an EPCI is identified by its SIREN, 9 digits, e.g. 200046977.",
            _ => "an INSEE commune code is 5 characters, e.g. 69123 or 2A004.",
        }).ThrowIfInvalid();

        return vintage.Find(level, code.ToUpperInvariant()) ?? throw new ProblemException(
            StatusCodes.Status404NotFound, "Unknown territory",
            $"No {Kebab.Name(level)} has the code {code} in the {vintage.Year} referential.",
            new Dictionary<string, object?> { ["field"] = "code", ["level"] = Kebab.Name(level), ["vintage"] = vintage.Year });
    }

    public static bool IsWellFormed(TerritoryLevel level, string? code) => code is not null && level switch
    {
        TerritoryLevel.Region => RegionCode().IsMatch(code),
        TerritoryLevel.Departement => DepartementCode().IsMatch(code),
        TerritoryLevel.Epci => Siren().IsMatch(code),
        TerritoryLevel.Commune => CommuneCode().IsMatch(code),
        _ => false,
    };

    public static bool IsWellFormedAtAnyLevel(string? code) =>
        Enum.GetValues<TerritoryLevel>().Any(level => IsWellFormed(level, code));

    public static Page<T> PageOf<T>(IReadOnlyList<T> items, PageRequest request)
    {
        var skip = (long)(request.Page - 1) * request.PageSize;
        var slice = items.Skip((int)Math.Min(skip, items.Count)).Take(request.PageSize).ToArray();
        var pages = (items.Count + request.PageSize - 1) / request.PageSize;
        return new Page<T>(slice, request.Page, request.PageSize, items.Count, pages, request.Page < pages);
    }

    [GeneratedRegex(@"^\d{2}$", RegexOptions.CultureInvariant)]
    private static partial Regex RegionCode();

    [GeneratedRegex(@"^(?:\d{2}|2[ABab]|97[1-6])$", RegexOptions.CultureInvariant)]
    private static partial Regex DepartementCode();

    [GeneratedRegex(@"^\d{9}$", RegexOptions.CultureInvariant)]
    private static partial Regex Siren();

    [GeneratedRegex(@"^(?:\d{5}|2[ABab]\d{3})$", RegexOptions.CultureInvariant)]
    private static partial Regex CommuneCode();
}
