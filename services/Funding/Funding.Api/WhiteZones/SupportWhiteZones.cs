using System.Globalization;
using Marten;
using Npgsql;
using SocialTech.Actors.Directory;
using SocialTech.Actors.Territories;
using SocialTech.BuildingBlocks.Http;
using SocialTech.Funding.Hubs;
using SocialTech.Funding.Places;
using SocialTech.Funding.Relays;

namespace SocialTech.Funding.WhiteZones;

/// <summary>A child territory's support measures; every child is listed, zeros included.</summary>
/// <param name="Population">Municipal population of the child (a whole EPCI's, even when part of it lies outside the département asked).</param>
/// <param name="RuralCommunes">Its communes (in the territory asked) that are rural (<see cref="SupportWhiteZones"/>).</param>
/// <param name="QpvCommunes">Its communes (in the territory asked) with at least one QPV.</param>
/// <param name="WhiteCommunes">Its communes that are support white zones.</param>
/// <param name="WhitePopulation">The municipal population of those communes.</param>
public sealed record SupportWhiteZoneChild(string Key, string Name, long Population, int RuralCommunes, int QpvCommunes, int WhiteCommunes, long WhitePopulation);

/// <summary>A commune that is a support white zone.</summary>
/// <param name="Key"><c>commune:code</c>.</param>
/// <param name="Population">Municipal population.</param>
/// <param name="Departement">Its département's code.</param>
/// <param name="Epci">Its EPCI's SIREN; null for the four island communes in none.</param>
/// <param name="Rural">Rural as the white zones read it: classified in France Ruralités Revitalisation, or density level 5, 6 or 7.</param>
/// <param name="Frr">Classified in France Ruralités Revitalisation (any class but <c>not-classified</c>).</param>
/// <param name="DensityClass">INSEE density level, 1 (grands centres urbains) to 7 (rural à habitat très dispersé); null where the grid has none.</param>
/// <param name="QpvCount">Its quartiers prioritaires de la politique de la ville.</param>
public sealed record SupportWhiteZone(string Key, string Name, long Population, string Departement, string? Epci, bool Rural, bool Frr, int? DensityClass, int QpvCount);

/// <param name="Territory"><c>france</c> or the <c>level:code</c> asked.</param>
/// <param name="Level">The children's level: <c>departement</c> (of France or a région) or <c>epci</c> (of a département).</param>
/// <param name="Count">Support white zones in the territory (all pages).</param>
public sealed record SupportWhiteZoneAnswer(
    string Territory, string TerritoryName, string Level, DateOnly On, string Sort, IReadOnlyList<SupportWhiteZoneChild> Children,
    int Count, int Page, int PageSize, IReadOnlyList<SupportWhiteZone> Items);

/// <summary>What a relay offer that counts gives the white zones: its actor, the territories it names, whether it includes places and hubs.</summary>
public sealed record RelayReach(Guid ActorId, IReadOnlyList<string> TerritoryKeys, bool IncludesPlaces, bool IncludesHubs)
{
    public static RelayReach Of(KnownRelay relay)
    {
        ArgumentNullException.ThrowIfNull(relay);
        return new(relay.ActorId, relay.TerritoryKeys, relay.IncludesPlaces, relay.IncludesHubs);
    }
}

/// <summary>What covers communes on a day, as sets of keys built once from Funding's copies (no per-commune query).</summary>
/// <param name="RelayKeys">The territories active relay offers name (commune, EPCI, département, région keys).</param>
/// <param name="PointKeys">The commune and EPCI keys of relay points: open places of relays including places, open hubs of relays including hubs.</param>
/// <param name="HubCommunes">Commune keys with an open incubator hub (relay or not).</param>
/// <param name="PlaceCommunes">Commune keys with an open tiers-lieu (relay or not).</param>
public sealed record SupportCoverage(
    IReadOnlySet<string> RelayKeys, IReadOnlySet<string> PointKeys, IReadOnlySet<string> HubCommunes, IReadOnlySet<string> PlaceCommunes)
{
    /// <summary>
    /// The sets, from the copies: <paramref name="relays"/> are the offers that count (active, their actor active in the
    /// directory), as the maze reads them (<see cref="Maze.MazeRules.Cover"/>): an offer covers the territories it names and
    /// every commune inside them; a relay point (an open place of an offer including places, an open hub in France of a
    /// network whose head's offer includes hubs) covers its commune and every commune of its EPCI.
    /// </summary>
    public static SupportCoverage From(IEnumerable<RelayReach> relays, IEnumerable<KnownPlace> places, IEnumerable<KnownHub> hubs, DateOnly day)
    {
        var active = relays.ToArray();
        var relayKeys = active.SelectMany(r => r.TerritoryKeys).ToHashSet(StringComparer.Ordinal);
        var withPlaces = active.Where(r => r.IncludesPlaces).Select(r => r.ActorId).ToHashSet();
        var withHubs = active.Where(r => r.IncludesHubs).Select(r => r.ActorId).ToHashSet();
        var openPlaces = places.Where(p => p.OpenOn(day)).ToArray();
        var openHubs = hubs.Where(h => h.OpenOn(day) && h.TerritoryKeys.Count > 0).ToArray();
        var points = openPlaces.Where(p => withPlaces.Contains(p.OperatorActorId)).Select(p => p.TerritoryKeys)
            .Concat(openHubs.Where(h => withHubs.Contains(h.HeadActorId)).Select(h => h.TerritoryKeys))
            .SelectMany(keys => keys.Where(Near))
            .ToHashSet(StringComparer.Ordinal);
        return new SupportCoverage(relayKeys, points,
            openHubs.SelectMany(h => h.TerritoryKeys.Where(IsCommune)).ToHashSet(StringComparer.Ordinal),
            openPlaces.SelectMany(p => p.TerritoryKeys.Where(IsCommune)).ToHashSet(StringComparer.Ordinal));

        static bool Near(string key) => IsCommune(key) || key.StartsWith("epci:", StringComparison.Ordinal);
        static bool IsCommune(string key) => key.StartsWith("commune:", StringComparison.Ordinal);
    }

    /// <summary>Whether a commune, given by its keys (commune, EPCI, département, région), has a relay, a hub or a tiers-lieu.</summary>
    public bool Supports(string commune, string? epci, string departement, string region) =>
        RelayKeys.Contains(commune) || (epci is not null && RelayKeys.Contains(epci)) || RelayKeys.Contains(departement) || RelayKeys.Contains(region)
        || PointKeys.Contains(commune) || (epci is not null && PointKeys.Contains(epci))
        || HubCommunes.Contains(commune) || PlaceCommunes.Contains(commune);
}

/// <summary>
/// Support white zones (issue 18.3): rural and QPV communes with no relay, no incubator hub and no tiers-lieu, from
/// Funding's copies of relay offers, places and hubs (docs/adr/0013) and the territory referential.
/// </summary>
/// <remarks>
/// Definitions (README, Funding: white zones; docs/adr/0013, "As built: support white zones"). A commune of the
/// territory asked (COG 2025) is a <b>support white zone</b> on the day <c>on</c> when
/// <list type="bullet">
/// <item>it is <b>rural</b> (classified in France Ruralités Revitalisation in any class: <c>frr</c>, <c>frr-plus</c>,
/// <c>frr-beneficiary</c>, <c>frr-partial</c>, <c>frr-beneficiary-partial</c>; or at density level 5 bourgs ruraux,
/// 6 rural à habitat dispersé or 7 rural à habitat très dispersé of INSEE's grid) <b>or has at least one QPV</b>;</item>
/// <item><b>no relay covers it</b>: no active relay offer of an actor active in Funding's directory names the commune,
/// its EPCI, its département or its région; and no relay point lies in the commune or its EPCI (an open place of a
/// relay whose offer includes places, an open hub of a network whose head's offer includes hubs), as the maze counts;</item>
/// <item>it has <b>no open incubator hub</b> (any network's, relay or not) and <b>no open tiers-lieu</b> (any place).</item>
/// </list>
/// Offers are read as they stand (the copy keeps no history of them); places and hubs are open on <c>on</c> when they
/// opened on or before it and their closing day (their last open day) is not before it.
/// </remarks>
public static class SupportWhiteZones
{
    private static readonly Dictionary<string, Func<SupportWhiteZone, IComparable?>> Sorts = new(StringComparer.Ordinal)
    {
        ["key"] = z => z.Key,
        ["name"] = z => z.Name,
        ["population"] = z => z.Population,
        ["departement"] = z => z.Departement,
        ["epci"] = z => z.Epci,
        ["qpv-count"] = z => z.QpvCount,
        ["density"] = z => z.DensityClass,
    };

    private static readonly DateOnly FirstDay = new(1900, 1, 1);

    private static readonly DateOnly LastDay = new(2999, 12, 31);

    /// <param name="territory"><c>france</c>, <c>region:code</c> or <c>departement:code</c>.</param>
    /// <param name="on">The day (YYYY-MM-DD, 1900-01-01 to 2999-12-31); today (UTC) by default.</param>
    /// <param name="sort"><c>key</c> (default), <c>name</c>, <c>population</c>, <c>departement</c>, <c>epci</c>, <c>qpv-count</c>, <c>density</c>; descending with a leading <c>-</c>.</param>
    /// <param name="page">From 1.</param>
    /// <param name="pageSize">From 1 to 500 (default 50); CSV gives every page.</param>
    /// <param name="format"><c>csv</c> or <c>json</c> (default).</param>
    public static async Task<IResult> Handle(
        IQuerySession session, TerritoryReferential referential, TimeProvider clock, HttpRequest request, CancellationToken ct,
        string? territory = null, string? on = null, string? sort = null, string? page = null, string? pageSize = null, string? format = null)
    {
        // Read as text, so that "on=demain" or "page=deux" is a 400 naming the field like every other mistake here.
        var validation = new Validation();
        var place = WhiteZoneTerritory.Parse(validation, referential, territory);
        var day = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        validation.Check(on is null || DateOnly.TryParseExact(on, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day)
            && day >= FirstDay && day <= LastDay, "on", "must be a day (YYYY-MM-DD) from 1900-01-01 to 2999-12-31.");
        var pageNumber = 1;
        var size = 50;
        var pageRead = page is null || int.TryParse(page, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out pageNumber);
        var sizeRead = pageSize is null || int.TryParse(pageSize, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out size);
        validation.Check(pageRead, "page", $"must be a whole number from 1 to {PageRequest.MaxPage}.");
        validation.Check(sizeRead, "pageSize", $"must be a whole number from 1 to {PageRequest.MaxPageSize}.");
        // A field already refused as unreadable is not refused twice.
        var paging = PageRequest.Check(validation, pageRead ? pageNumber : 1, sizeRead ? size : 50);
        var csv = WhiteZoneCsv.Wanted(validation, request, format);
        // Checks the sort with the other parameters (one 400 names them all), on no rows yet.
        WhiteZoneSort.Apply(validation, sort, "key", Sorts, z => z.Key, []);

        var coverage = await CoverageAsync(session, day, ct);
        var (children, zones) = Compute(referential.Current, place, coverage);
        var sorted = WhiteZoneSort.Apply(new Validation(), sort, "key", Sorts, z => z.Key, zones);
        if (csv)
        {
            return WhiteZoneCsv.File(
                ["Code territoire", "Commune", "Population municipale", "Département", "EPCI", "Rurale", "France Ruralités Revitalisation",
                    "Niveau de densité", "Quartiers prioritaires"],
                sorted.Select(z => (IReadOnlyList<string>)
                [
                    WhiteZoneCsv.Value(z.Key), WhiteZoneCsv.Text(z.Name), WhiteZoneCsv.Number(z.Population), WhiteZoneCsv.Value(z.Departement),
                    WhiteZoneCsv.Value(z.Epci), z.Rural ? "oui" : "non", z.Frr ? "oui" : "non",
                    z.DensityClass is { } density ? WhiteZoneCsv.Number(density) : "", WhiteZoneCsv.Number(z.QpvCount),
                ]),
                "zones-blanches-accompagnement.csv");
        }

        return TypedResults.Ok(new SupportWhiteZoneAnswer(place.Code, place.Name, TerritoryKey.LevelName(place.ChildLevel), day, WhiteZoneSort.Applied(sort, "key"),
            children, sorted.Count, paging.Page, paging.PageSize, [.. sorted.Skip(paging.Offset).Take(paging.PageSize)]));
    }

    /// <summary>
    /// One read of each copy (relay offers, places, hubs): a relay whose actor the directory does not hold as active
    /// (ceased, merged, not arrived yet) is no one to call, as in the maze. The offers are read in SQL, joined to the
    /// directory, only the columns the sets need: at national scale (an offer for every commune) loading whole documents
    /// was most of the answer's time. The actor's status is the directory's duplicated column (FundingEventStore), as the
    /// funding white zones read it, not its JSON.
    /// </summary>
    private static async Task<SupportCoverage> CoverageAsync(IQuerySession session, DateOnly day, CancellationToken ct)
    {
        var database = session.Database;
        await database.EnsureStorageExistsAsync(typeof(KnownRelay), ct);
        await database.EnsureStorageExistsAsync(typeof(DirectoryActor), ct);
        var schema = session.DocumentStore.Options.DatabaseSchemaName;
        var relays = new List<RelayReach>();
        await using (var connection = database.CreateConnection())
        {
            await connection.OpenAsync(ct);
            await using var command = new NpgsqlCommand(
                $"""
                SELECT a.id, ARRAY(SELECT jsonb_array_elements_text(r.data->'TerritoryKeys')),
                       coalesce((r.data->>'IncludesPlaces')::boolean, false), coalesce((r.data->>'IncludesHubs')::boolean, false)
                FROM {schema}.mt_doc_knownrelay r
                JOIN {schema}.mt_doc_directoryactor a ON a.id = (r.data->>'ActorId')::uuid AND a.status = @actorActive
                WHERE r.data->>'Status' = @offerActive
                """, connection);
            command.Parameters.AddWithValue("offerActive", KnownRelay.Active);
            command.Parameters.AddWithValue("actorActive", DirectoryActor.Active);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                relays.Add(new RelayReach(reader.GetGuid(0), reader.GetFieldValue<string[]>(1), reader.GetBoolean(2), reader.GetBoolean(3)));
            }
        }

        var places = await session.Query<KnownPlace>().ToListAsync(ct);
        var hubs = await session.Query<KnownHub>().ToListAsync(ct);
        return SupportCoverage.From(relays, places, hubs, day);
    }

    /// <summary>Whether a commune counts as rural here: in France Ruralités Revitalisation (any class), or density level 5 to 7.</summary>
    public static bool IsRural(Commune commune)
    {
        ArgumentNullException.ThrowIfNull(commune);
        return commune.Frr != FrrClassification.NotClassified || commune.Rural == true;
    }

    /// <summary>The children's measures (every child, zeros included) and the white communes, in key order.</summary>
    public static (IReadOnlyList<SupportWhiteZoneChild> Children, IReadOnlyList<SupportWhiteZone> Zones) Compute(
        TerritoryVintage vintage, WhiteZoneTerritory place, SupportCoverage coverage)
    {
        ArgumentNullException.ThrowIfNull(vintage);
        ArgumentNullException.ThrowIfNull(place);
        ArgumentNullException.ThrowIfNull(coverage);
        var codes = place.Key is null
            ? vintage.CodesAt(TerritoryLevel.Commune)
            : TerritoryKey.TryParse(place.Key, out var level, out var code) ? vintage.CommuneCodesUnder(level, code) : [];
        var counts = place.Children.ToDictionary(k => k, _ => (Rural: 0, Qpv: 0, White: 0, WhitePopulation: 0L), StringComparer.Ordinal);
        var zones = new List<SupportWhiteZone>();
        foreach (var communeCode in codes)
        {
            if (!vintage.TryGetCommune(communeCode, out var commune))
            {
                continue;
            }

            var rural = IsRural(commune);
            var qpvs = commune.Qpvs.Count;
            var child = place.ChildLevel == TerritoryLevel.Departement
                ? $"departement:{commune.DepartementCode}"
                : commune.EpciSiren is null ? null : $"epci:{commune.EpciSiren}";
            var tally = child is not null && counts.TryGetValue(child, out var found) ? found : default;
            if (!rural && qpvs == 0)
            {
                continue;
            }

            tally = (tally.Rural + (rural ? 1 : 0), tally.Qpv + (qpvs > 0 ? 1 : 0), tally.White, tally.WhitePopulation);
            var key = $"commune:{commune.Code}";
            var epci = commune.EpciSiren is null ? null : $"epci:{commune.EpciSiren}";
            if (!coverage.Supports(key, epci, $"departement:{commune.DepartementCode}", $"region:{commune.RegionCode}"))
            {
                tally = (tally.Rural, tally.Qpv, tally.White + 1, tally.WhitePopulation + commune.Population.Municipal);
                zones.Add(new SupportWhiteZone(key, commune.Name, commune.Population.Municipal, commune.DepartementCode, commune.EpciSiren, rural,
                    commune.Frr != FrrClassification.NotClassified, commune.Density, qpvs));
            }

            if (child is not null && counts.ContainsKey(child))
            {
                counts[child] = tally;
            }
        }

        var children = place.Children.Select(key =>
        {
            var population = TerritoryKey.TryParse(key, out var level, out var code) ? vintage.PopulationOf(level, code).Municipal : 0;
            var c = counts[key];
            return new SupportWhiteZoneChild(key, vintage.Find(level, code)?.Name ?? key, population, c.Rural, c.Qpv, c.White, c.WhitePopulation);
        }).ToArray();
        return (children, zones);
    }
}
