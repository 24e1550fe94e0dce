using System.Globalization;
using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace SocialTech.Actors.Territories;

/// <summary>
/// The territories of one COG vintage with their indexes. Immutable once built: read concurrently without locks.
/// </summary>
public sealed class TerritoryVintage
{
    private static readonly string[] NoCodes = [];

    private readonly Dictionary<string, Region> regions;
    private readonly Dictionary<string, Departement> departements;
    private readonly Dictionary<string, Epci> epcis;
    private readonly Dictionary<string, Commune> communes;
    private readonly Dictionary<string, Commune> communesBySiren;
    private readonly Dictionary<string, FormerCode> formerCodes;
    private readonly Dictionary<string, Departement[]> departementsByRegion;
    private readonly Dictionary<string, Commune[]> communesByDepartement;
    private readonly Dictionary<string, Epci[]> epcisByDepartement;
    private readonly Dictionary<string, Departement[]> departementsByEpci;
    private readonly Lazy<SearchEntry[]> searchIndex;

    // Runs once, over every commune, at start-up: unoptimized first-tier code would make loading several times slower.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private TerritoryVintage(TerritoryFile file)
    {
        Year = file.Vintage;
        Licence = file.Licence;
        Attribution = file.Attribution;
        DensityLabels = file.DensityLevels.ToDictionary(d => d.Level, d => d.Label);

        var qpvsByCommune = new Dictionary<string, List<Qpv>>(StringComparer.Ordinal);
        foreach (var row in file.Qpvs)
        {
            var qpv = new Qpv(row.Code, row.Name, row.Communes);
            foreach (var code in row.Communes)
            {
                (qpvsByCommune.TryGetValue(code, out var list) ? list : qpvsByCommune[code] = []).Add(qpv);
            }
        }

        var regionOf = file.Departements.ToDictionary(d => d.Code, d => d.Region, StringComparer.Ordinal);
        var censusYears = new Dictionary<int, int[]>();
        communes = new Dictionary<string, Commune>(file.Communes.Count, StringComparer.Ordinal);
        communesBySiren = new Dictionary<string, Commune>(file.Communes.Count, StringComparer.Ordinal);
        foreach (var row in file.Communes)
        {
            if (!KebabEnum.TryParse<FrrClassification>(row.Frr, out var frr))
            {
                throw new InvalidDataException($"Commune {row.Code} has FRR classification '{row.Frr}', which this service does not know.");
            }

            var commune = communes[row.Code] = new Commune(
                row.Code, row.Name, row.Siren, row.Departement, regionOf[row.Departement], row.Epci,
                new Population(row.PopulationMunicipal, row.PopulationTotal,
                    censusYears.TryGetValue(row.PopulationYear, out var years) ? years : censusYears[row.PopulationYear] = [row.PopulationYear]),
                row.Density, frr, qpvsByCommune.TryGetValue(row.Code, out var qpvs) ? qpvs : []);
            if (!communesBySiren.TryAdd(row.Siren, commune))
            {
                throw new InvalidDataException($"SIREN {row.Siren} is given to communes {communesBySiren[row.Siren].Code} and {row.Code}.");
            }
        }

        // Rows are sorted by code in the file, so every list built here is sorted by code too.
        communesByDepartement = communes.Values.GroupBy(c => c.DepartementCode, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        var membersByEpci = communes.Values.Where(c => c.EpciSiren is not null)
            .GroupBy(c => c.EpciSiren!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);

        epcis = file.Epcis.ToDictionary(
            e => e.Siren,
            e => membersByEpci.TryGetValue(e.Siren, out var members)
                ? new Epci(e.Siren, e.Name, e.Nature, members.Select(c => c.Code).ToArray(), Sum(members))
                : throw new InvalidDataException($"EPCI {e.Siren} has no member commune."),
            StringComparer.Ordinal);

        departements = file.Departements.ToDictionary(
            d => d.Code,
            d => new Departement(d.Code, d.Name, d.Region, d.ChefLieu, Sum(communesByDepartement.GetValueOrDefault(d.Code) ?? [])),
            StringComparer.Ordinal);
        departementsByRegion = departements.Values.GroupBy(d => d.RegionCode, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        regions = file.Regions.ToDictionary(
            r => r.Code,
            r => new Region(r.Code, r.Name, r.ChefLieu,
                Sum(departementsByRegion.GetValueOrDefault(r.Code)?.SelectMany(d => communesByDepartement.GetValueOrDefault(d.Code) ?? []) ?? [])),
            StringComparer.Ordinal);

        // An EPCI may span départements: it is listed under each one where it has a member, so that the EPCIs of
        // a département cover all of its communes.
        epcisByDepartement = membersByEpci
            .SelectMany(e => e.Value.Select(c => c.DepartementCode).Distinct().Select(d => (Departement: d, Epci: epcis[e.Key])))
            .GroupBy(x => x.Departement, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(x => x.Epci).OrderBy(e => e.Siren, StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);
        departementsByEpci = membersByEpci.ToDictionary(
            e => e.Key,
            e => e.Value.Select(c => c.DepartementCode).Distinct().Order(StringComparer.Ordinal).Select(d => departements[d]).ToArray(),
            StringComparer.Ordinal);

        formerCodes = new Dictionary<string, FormerCode>(file.FormerCodes.Count, StringComparer.Ordinal);
        foreach (var row in file.FormerCodes)
        {
            if (!KebabEnum.TryParse<FormerCodeKind>(row.Kind, out var kind) || !communes.ContainsKey(row.Commune))
            {
                throw new InvalidDataException($"Former code {row.Code} ({row.Kind}) does not lead to a known commune.");
            }

            formerCodes[row.Code] = new FormerCode(row.Code, kind, row.Name, row.Commune);
        }

        // Search is the only feature that needs folded names; building them lazily keeps them out of start-up.
        searchIndex = new Lazy<SearchEntry[]>(BuildSearchIndex);
    }

    public int Year { get; }

    public string Licence { get; }

    /// <summary>The credit the Licence Ouverte asks of every reuse.</summary>
    public string Attribution { get; }

    public IReadOnlyDictionary<int, string> DensityLabels { get; }

    public int CommuneCount => communes.Count;

    internal static TerritoryVintage Load(Stream gzipped)
    {
        using var json = new GZipStream(gzipped, CompressionMode.Decompress);
        var file = JsonSerializer.Deserialize(json, TerritoryFileJson.Default.TerritoryFile)
            ?? throw new InvalidDataException("The territory referential is empty.");
        if (!file.CommuneColumns.SequenceEqual(TerritoryFile.ExpectedCommuneColumns))
        {
            throw new InvalidDataException(
                $"Commune rows have the columns {string.Join(", ", file.CommuneColumns)}; this service reads {string.Join(", ", TerritoryFile.ExpectedCommuneColumns)}.");
        }

        return new TerritoryVintage(file);
    }

    public bool TryGetCommune(string? code, out Commune commune) =>
        communes.TryGetValue(code ?? "", out commune!);

    /// <summary>
    /// The commune a code stands for wherever a service asks for a commune (a head office, a place, a hub, a grant's
    /// beneficiary…): a current commune's own code, or an arrondissement municipal's (Paris 75101…, Lyon 69381…,
    /// Marseille 13201…), which stands for its commune (75056, 69123, 13055). The platform's one rule, so that a code
    /// one service takes is a code every other takes (README, "Territories"; ADR 0005).
    /// </summary>
    /// <remarks>
    /// Arrondissements are districts inside a living commune: the commune is what the organisation is in, with no
    /// ambiguity. A commune déléguée or associée is another matter: a former commune whose code may have been reused
    /// or merged into a commune the writer did not mean, so it is refused (the caller gives the current code).
    /// </remarks>
    public bool TryResolveCommune(string? code, out Commune commune)
    {
        var trimmed = code?.Trim().ToUpperInvariant() ?? "";
        if (communes.TryGetValue(trimmed, out commune!))
        {
            return true;
        }

        if (formerCodes.TryGetValue(trimmed, out var former) && former.Kind == FormerCodeKind.Arrondissement)
        {
            commune = communes[former.CommuneCode];
            return true;
        }

        commune = null!;
        return false;
    }

    /// <summary>
    /// The commune a SIREN is the SIREN of, through the published correspondence the referential carries; never worked
    /// out from the SIREN's digits, which do not hold the COG code (Amiens is 218000198 and 80021). False for any
    /// other SIREN, an EPCI's included (see <see cref="TryGetEpci"/>).
    /// </summary>
    public bool TryGetCommuneBySiren(string? siren, out Commune commune) =>
        communesBySiren.TryGetValue(siren?.Trim() ?? "", out commune!);

    public bool TryGetRegion(string? code, out Region region) => regions.TryGetValue(code ?? "", out region!);

    public bool TryGetDepartement(string? code, out Departement departement) =>
        departements.TryGetValue(code ?? "", out departement!);

    public bool TryGetEpci(string? siren, out Epci epci) => epcis.TryGetValue(siren ?? "", out epci!);

    /// <summary>The territory a level and code name in this vintage, or null. Only current codes: see <see cref="Resolve"/> for the others.</summary>
    public Territory? Find(TerritoryLevel level, string code) => level switch
    {
        TerritoryLevel.Region => TryGetRegion(code, out var r) ? r.AsTerritory() : null,
        TerritoryLevel.Departement => TryGetDepartement(code, out var d) ? d.AsTerritory() : null,
        TerritoryLevel.Epci => TryGetEpci(code, out var e) ? e.AsTerritory() : null,
        TerritoryLevel.Commune => TryGetCommune(code, out var c) ? c.AsTerritory() : null,
        _ => null,
    };

    /// <summary>
    /// Everything a code may name, whatever its level: <c>01</c> is both the Guadeloupe région and the Ain
    /// département; <c>69385</c> (Lyon 5e) leads to Lyon. Empty when the code names nothing.
    /// </summary>
    public IReadOnlyList<Resolution> Resolve(string? code)
    {
        var matches = new List<Resolution>();
        if (string.IsNullOrWhiteSpace(code))
        {
            return matches;
        }

        code = code.Trim().ToUpperInvariant();
        foreach (var level in Enum.GetValues<TerritoryLevel>())
        {
            if (Find(level, code) is { } territory)
            {
                matches.Add(new Resolution(territory, null));
            }
        }

        if (formerCodes.TryGetValue(code, out var former))
        {
            matches.Add(new Resolution(communes[former.CommuneCode].AsTerritory(), former));
        }

        return matches;
    }

    /// <summary>The ancestors of a territory, nearest first: commune → EPCI, département, région.</summary>
    public IReadOnlyList<Territory> ParentsOf(TerritoryLevel level, string code)
    {
        switch (level)
        {
            case TerritoryLevel.Commune when communes.TryGetValue(code, out var commune):
                var parents = new List<Territory>(3);
                if (commune.EpciSiren is { } siren)
                {
                    parents.Add(epcis[siren].AsTerritory());
                }

                parents.Add(departements[commune.DepartementCode].AsTerritory());
                parents.Add(regions[commune.RegionCode].AsTerritory());
                return parents;
            case TerritoryLevel.Epci when departementsByEpci.TryGetValue(code, out var spanned):
                return [
                    .. spanned.Select(d => d.AsTerritory()),
                    .. spanned.Select(d => d.RegionCode).Distinct().Select(r => regions[r].AsTerritory()),
                ];
            case TerritoryLevel.Departement when departements.TryGetValue(code, out var departement):
                return [regions[departement.RegionCode].AsTerritory()];
            default:
                return [];
        }
    }

    /// <summary>
    /// The territories one level down, in code order: a région's départements; a département's EPCIs (every EPCI
    /// with a member there) then its communes; an EPCI's communes. Filtered to one level when <paramref name="only"/> is given.
    /// </summary>
    public IReadOnlyList<Territory> ChildrenOf(TerritoryLevel level, string code, TerritoryLevel? only = null)
    {
        IEnumerable<Territory> children = level switch
        {
            TerritoryLevel.Region => (departementsByRegion.GetValueOrDefault(code) ?? []).Select(d => d.AsTerritory()),
            TerritoryLevel.Departement =>
                (epcisByDepartement.GetValueOrDefault(code) ?? []).Select(e => e.AsTerritory())
                .Concat((communesByDepartement.GetValueOrDefault(code) ?? []).Select(c => c.AsTerritory())),
            TerritoryLevel.Epci when epcis.TryGetValue(code, out var epci) => epci.MemberCodes.Select(c => communes[c].AsTerritory()),
            _ => [],
        };
        return (only is { } filter ? children.Where(t => t.Level == filter) : children).ToArray();
    }

    /// <summary>
    /// The codes of every territory of level <paramref name="target"/> under a territory (an EPCI spanning two
    /// départements is under both), or in the whole vintage without one: the groups a table per territory lists, at
    /// zero where nothing counts. Empty when the territory is unknown or not above <paramref name="target"/>.
    /// </summary>
    public IReadOnlyList<string> CodesAt(TerritoryLevel target, TerritoryLevel? level = null, string? code = null)
    {
        if (level is not { } from || code is null)
        {
            return target switch
            {
                TerritoryLevel.Region => [.. regions.Keys],
                TerritoryLevel.Departement => [.. departements.Keys],
                TerritoryLevel.Epci => [.. epcis.Keys],
                _ => [.. communes.Keys],
            };
        }

        if (target <= from)
        {
            return NoCodes;
        }

        if (target == TerritoryLevel.Commune)
        {
            return CommuneCodesUnder(from, code);
        }

        IEnumerable<Territory> current = Find(from, code) is { } start ? [start] : [];
        for (var l = from; l < target; l++)
        {
            var next = l + 1;
            current = current.SelectMany(t => ChildrenOf(t.Level, t.Code, next)).DistinctBy(t => t.Code).ToArray();
        }

        return current.Select(t => t.Code).ToArray();
    }

    /// <summary>
    /// The codes of the communes a territory covers, for roll-ups: a région or département query matches the
    /// actors of all its communes, an EPCI query those of its members. Empty when the territory is unknown.
    /// </summary>
    public IReadOnlyList<string> CommuneCodesUnder(TerritoryLevel level, string code) => level switch
    {
        TerritoryLevel.Commune => communes.ContainsKey(code) ? [code] : NoCodes,
        TerritoryLevel.Epci => epcis.TryGetValue(code, out var epci) ? epci.MemberCodes : NoCodes,
        TerritoryLevel.Departement => communesByDepartement.TryGetValue(code, out var list) ? list.Select(c => c.Code).ToArray() : NoCodes,
        TerritoryLevel.Region => (departementsByRegion.GetValueOrDefault(code) ?? [])
            .SelectMany(d => communesByDepartement.GetValueOrDefault(d.Code) ?? []).Select(c => c.Code).ToArray(),
        _ => NoCodes,
    };

    public Population PopulationOf(TerritoryLevel level, string code) => level switch
    {
        TerritoryLevel.Region when regions.TryGetValue(code, out var r) => r.Population,
        TerritoryLevel.Departement when departements.TryGetValue(code, out var d) => d.Population,
        TerritoryLevel.Epci when epcis.TryGetValue(code, out var e) => e.Population,
        TerritoryLevel.Commune when communes.TryGetValue(code, out var c) => c.Population,
        _ => new Population(0, 0, []),
    };

    /// <summary>The QPV of the territory's communes, each once, by code.</summary>
    public IReadOnlyList<Qpv> QpvsUnder(TerritoryLevel level, string code) =>
        CommuneCodesUnder(level, code).SelectMany(c => communes[c].Qpvs)
            .DistinctBy(q => q.Code).OrderBy(q => q.Code, StringComparer.Ordinal).ToArray();

    /// <summary>
    /// Territories whose name contains every word of <paramref name="query"/>, ignoring case, accents, hyphens
    /// and apostrophes. Exact names first, then names starting with the query, then the rest; the most populous first.
    /// </summary>
    public IReadOnlyList<Territory> Search(string query, TerritoryLevel? level = null)
    {
        var folded = Fold(query);
        var words = folded.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
        {
            return [];
        }

        return searchIndex.Value
            .Where(e => (level is null || e.Territory.Level == level) && words.All(w => e.Folded.Contains(w, StringComparison.Ordinal)))
            .OrderBy(e => e.Folded == folded ? 0 : e.Folded.StartsWith(folded, StringComparison.Ordinal) ? 1 : 2)
            .ThenByDescending(e => e.Population)
            .ThenBy(e => e.Territory.Code, StringComparer.Ordinal)
            .Select(e => e.Territory)
            .ToArray();
    }

    /// <summary>Lower case without diacritics, ligatures spelt out, punctuation as single spaces: "Saint-Étienne" → "saint etienne".</summary>
    public static string Fold(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var ch in text.Normalize(NormalizationForm.FormD))
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(ch);
            if (category == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            var lower = char.ToLowerInvariant(ch);
            if (lower == 'œ')
            {
                builder.Append("oe");
            }
            else if (lower == 'æ')
            {
                builder.Append("ae");
            }
            else if (char.IsLetterOrDigit(lower))
            {
                builder.Append(lower);
            }
            else if (builder.Length > 0 && builder[^1] != ' ')
            {
                builder.Append(' ');
            }
        }

        return builder.ToString().TrimEnd();
    }

    private SearchEntry[] BuildSearchIndex() =>
    [
        .. regions.Values.Select(r => new SearchEntry(r.AsTerritory(), Fold(r.Name), r.Population.Total)),
        .. departements.Values.Select(d => new SearchEntry(d.AsTerritory(), Fold(d.Name), d.Population.Total)),
        .. epcis.Values.Select(e => new SearchEntry(e.AsTerritory(), Fold(e.Name), e.Population.Total)),
        .. communes.Values.Select(c => new SearchEntry(c.AsTerritory(), Fold(c.Name), c.Population.Total)),
    ];

    private static Population Sum(IEnumerable<Commune> members)
    {
        long municipal = 0, total = 0;
        var years = new SortedSet<int>();
        foreach (var commune in members)
        {
            municipal += commune.Population.Municipal;
            total += commune.Population.Total;
            years.UnionWith(commune.Population.CensusYears);
        }

        return new Population(municipal, total, years.ToArray());
    }

    private sealed record SearchEntry(Territory Territory, string Folded, long Population);
}
