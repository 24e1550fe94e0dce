using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using SocialTech.Actors.Contracts;

namespace SocialTech.Actors.Territories;

/// <summary>
/// The territory referential: one <see cref="TerritoryVintage"/> per COG vintage embedded in this assembly
/// (<c>Data/cog-&lt;year&gt;.json.gz</c>). The latest is <see cref="Current"/> and is loaded when the
/// referential is built; older ones load on first use, so that keeping a past vintage for places recorded in it
/// costs nothing at start-up.
/// </summary>
public sealed partial class TerritoryReferential
{
    private const string ResourcePrefix = "SocialTech.Actors.Territories.";

    private readonly SortedDictionary<int, Lazy<TerritoryVintage>> vintages;

    private TerritoryReferential(SortedDictionary<int, Lazy<TerritoryVintage>> vintages, long startedAt)
    {
        this.vintages = vintages;
        Current = vintages.Values.Last().Value;
        LoadTime = Stopwatch.GetElapsedTime(startedAt);
    }

    /// <summary>The latest vintage, in which new places are recorded.</summary>
    public TerritoryVintage Current { get; }

    public IEnumerable<int> Vintages => vintages.Keys;

    /// <summary>How long loading <see cref="Current"/> took, reported at start-up.</summary>
    public TimeSpan LoadTime { get; }

    public static TerritoryReferential LoadEmbedded()
    {
        var started = Stopwatch.GetTimestamp();
        var assembly = typeof(TerritoryReferential).Assembly;
        var found = new SortedDictionary<int, Lazy<TerritoryVintage>>();
        foreach (var name in assembly.GetManifestResourceNames())
        {
            if (VintageResource().Match(name) is { Success: true } match)
            {
                var year = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
                found[year] = new Lazy<TerritoryVintage>(() => Load(assembly, name, year));
            }
        }

        if (found.Count == 0)
        {
            throw new InvalidOperationException($"No territory referential is embedded in {assembly.GetName().Name}.");
        }

        return new TerritoryReferential(found, started);
    }

    public bool TryGetVintage(int year, out TerritoryVintage vintage)
    {
        if (vintages.TryGetValue(year, out var lazy))
        {
            vintage = lazy.Value;
            return true;
        }

        vintage = null!;
        return false;
    }

    /// <summary>The commune a code names in the current vintage: what a head office or a place of action must be.</summary>
    public bool TryGetCommune(string? code, out Commune commune) => Current.TryGetCommune(code, out commune);

    /// <summary>The commune a code given for a commune stands for, in the current vintage: see <see cref="TerritoryVintage.TryResolveCommune"/>.</summary>
    public bool TryResolveCommune(string? code, out Commune commune) => Current.TryResolveCommune(code, out commune);

    /// <summary>The commune whose SIREN this is, in the current vintage: see <see cref="TerritoryVintage.TryGetCommuneBySiren"/>.</summary>
    public bool TryGetCommuneBySiren(string? siren, out Commune commune) => Current.TryGetCommuneBySiren(siren, out commune);

    /// <summary>The EPCI (an EPCI is identified by its SIREN) in the current vintage.</summary>
    public bool TryGetEpci(string? siren, out Epci epci) => Current.TryGetEpci(siren, out epci);

    /// <summary>
    /// The commune a stored reference names, read in the vintage it was recorded in: a place recorded in 2025
    /// keeps rolling up the way the 2025 geography says, whatever later vintages change.
    /// </summary>
    public bool TryGetCommune(CommuneReference reference, out Commune commune)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (TryGetVintage(reference.Vintage, out var vintage))
        {
            return vintage.TryGetCommune(reference.Code, out commune);
        }

        commune = null!;
        return false;
    }

    private static TerritoryVintage Load(Assembly assembly, string resource, int year)
    {
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Resource {resource} vanished from {assembly.GetName().Name}.");
        var vintage = TerritoryVintage.Load(stream);
        return vintage.Year == year
            ? vintage
            : throw new InvalidDataException($"{resource} holds vintage {vintage.Year}, not {year}.");
    }

    [GeneratedRegex(@"^SocialTech\.Actors\.Territories\.cog-(\d{4})\.json\.gz$", RegexOptions.CultureInvariant)]
    private static partial Regex VintageResource();
}
