using Marten;
using Npgsql;
using SocialTech.Actors.Contracts;
using SocialTech.Actors.Directory;
using SocialTech.Actors.Territories;
using SocialTech.BuildingBlocks.Http;
using SocialTech.Funding.Flows.Querying;
using SocialTech.Funding.Programmes;
using SocialTech.Funding.Territories;

namespace SocialTech.Funding.WhiteZones;

/// <summary>A programme as a white zone names it.</summary>
public sealed record WhiteZoneProgramme(Guid Id, string Name);

/// <summary>A child territory where money could have gone and none did.</summary>
/// <param name="Population">Municipal population, from the territory referential.</param>
/// <param name="EligibleProgrammes">The programmes open during the period and eligible to at least one of its actors (see <see cref="FundingWhiteZones"/>), by name.</param>
public sealed record FundingWhiteZone(string Key, string Name, long Population, IReadOnlyList<WhiteZoneProgramme> EligibleProgrammes);

/// <summary>Money awarded to a child territory over the period, per inhabitant; every child listed, zeros included.</summary>
/// <param name="Awarded">Euros awarded in the period (decision date), where the money is used, each regranted euro once (ADR 0012).</param>
/// <param name="Grants">Grants with money there.</param>
/// <param name="PerInhabitant">Awarded over the municipal population, to the cent; null for a territory without population.</param>
public sealed record TerritoryMoney(string Key, string Name, long Population, decimal Awarded, int Grants, decimal? PerInhabitant);

/// <param name="Territory"><c>france</c> or the <c>level:code</c> asked.</param>
/// <param name="Level">The children's level: <c>departement</c> (of France or a région) or <c>epci</c> (of a département).</param>
public sealed record WhiteZoneAnswer<T>(string Territory, string TerritoryName, string Level, DateOnly From, DateOnly To, string Sort, int Count, IReadOnlyList<T> Items);

/// <summary>
/// Funding white zones (issue 18.3): the children of a territory where at least one programme was open during the
/// period and eligible to their actors, and no award was made; and the money per inhabitant of every child.
/// </summary>
/// <remarks>
/// Definitions (README, Funding: white zones; docs/adr/0013):
/// <list type="bullet">
/// <item>a programme is <b>open during the period</b> when its window meets it: it opens on or before <c>to</c>, closes
/// (<c>closesOn</c>) on or after <c>from</c> or never, and was not retired before <c>from</c>; its current terms count;</item>
/// <item>it is <b>eligible in a child</b> when at least one active actor of Funding's directory has its head office in
/// that child (the commune read in the vintage it was recorded in, as the flows read places), that head office lies in
/// the programme's perimeter (one of its eligible territories is the commune or a territory containing it: the child
/// itself, a territory containing the child, or one inside it such as an EPCI's commune), and one of the actor's kinds is
/// among the programme's beneficiary kinds. An empty list of kinds restricts nothing; a perimeter is never empty (a
/// programme is published and amended with at least one eligible territory, ProgrammeRules.Terms), as the maze reads it. A child
/// with no such actor is never a funding white zone (there was nobody to fund), but it is listed in the money table;</item>
/// <item><b>no award</b>: the flows' by-territory table (measure awarded, basis beneficiary, the same territory and
/// dates, each regranted euro once) has no grant for the child.</item>
/// </list>
/// </remarks>
public static class FundingWhiteZones
{
    private static readonly Dictionary<string, Func<FundingWhiteZone, IComparable?>> ZoneSorts = new(StringComparer.Ordinal)
    {
        ["key"] = z => z.Key,
        ["name"] = z => z.Name,
        ["population"] = z => z.Population,
        ["eligible-programmes"] = z => z.EligibleProgrammes.Count,
    };

    private static readonly Dictionary<string, Func<TerritoryMoney, IComparable?>> MoneySorts = new(StringComparer.Ordinal)
    {
        ["per-inhabitant"] = m => m.PerInhabitant,
        ["awarded"] = m => m.Awarded,
        ["population"] = m => m.Population,
        ["grants"] = m => m.Grants,
        ["key"] = m => m.Key,
        ["name"] = m => m.Name,
    };

    public static async Task<IResult> Zones(
        IQuerySession session, TerritoryReferential referential, IFundingTerritories territories, HttpRequest request, CancellationToken ct,
        string? territory = null, DateOnly? from = null, DateOnly? to = null, string? sort = null, string? format = null)
    {
        var (place, period, csv) = Parse(referential, request, territory, from, to, format);
        var money = await MoneyAsync(session, referential, place, period, ct);
        // Only a child without an award can be a white zone: when every child had one (France over a year), the
        // directory is not read at all; otherwise only those children's actors are indexed.
        var unfunded = money.Where(m => m.Grants == 0 && m.Awarded == 0m).Select(m => m.Key).ToHashSet(StringComparer.Ordinal);
        var eligible = unfunded.Count == 0 ? [] : await EligibleAsync(session, referential, territories, place, unfunded, period, ct);
        var zones = money
            .Where(m => m.Grants == 0 && m.Awarded == 0m && eligible.TryGetValue(m.Key, out var p) && p.Count > 0)
            .Select(m => new FundingWhiteZone(m.Key, m.Name, m.Population, eligible[m.Key]));
        var sorted = WhiteZoneSort.Apply(new Validation(), sort, "key", ZoneSorts, z => z.Key, zones);
        if (csv)
        {
            return WhiteZoneCsv.File(
                ["Code territoire", "Territoire", "Population municipale", "Programmes ouverts et éligibles", "Programmes"],
                sorted.Select(z => (IReadOnlyList<string>)
                [
                    WhiteZoneCsv.Value(z.Key), WhiteZoneCsv.Text(z.Name), WhiteZoneCsv.Number(z.Population), WhiteZoneCsv.Number(z.EligibleProgrammes.Count),
                    WhiteZoneCsv.Text(string.Join(" | ", z.EligibleProgrammes.Select(p => p.Name))),
                ]),
                "zones-blanches-financement.csv");
        }

        return TypedResults.Ok(new WhiteZoneAnswer<FundingWhiteZone>(place.Code, place.Name, TerritoryKey.LevelName(place.ChildLevel),
            period.From, period.To, WhiteZoneSort.Applied(sort, "key"), sorted.Count, sorted));
    }

    public static async Task<IResult> Money(
        IQuerySession session, TerritoryReferential referential, HttpRequest request, CancellationToken ct,
        string? territory = null, DateOnly? from = null, DateOnly? to = null, string? sort = null, string? format = null)
    {
        var (place, period, csv) = Parse(referential, request, territory, from, to, format);
        var money = await MoneyAsync(session, referential, place, period, ct);
        var sorted = WhiteZoneSort.Apply(new Validation(), sort, "per-inhabitant", MoneySorts, m => m.Key, money);
        if (csv)
        {
            return WhiteZoneCsv.File(
                ["Code territoire", "Territoire", "Population municipale", "Montant attribué (€)", "Subventions", "Euros par habitant"],
                sorted.Select(m => (IReadOnlyList<string>)
                [
                    WhiteZoneCsv.Value(m.Key), WhiteZoneCsv.Text(m.Name), WhiteZoneCsv.Number(m.Population), WhiteZoneCsv.Number(m.Awarded),
                    WhiteZoneCsv.Number(m.Grants), m.PerInhabitant is { } p ? WhiteZoneCsv.Number(p) : "",
                ]),
                "argent-par-habitant.csv");
        }

        return TypedResults.Ok(new WhiteZoneAnswer<TerritoryMoney>(place.Code, place.Name, TerritoryKey.LevelName(place.ChildLevel),
            period.From, period.To, WhiteZoneSort.Applied(sort, "per-inhabitant"), sorted.Count, sorted));
    }

    private static (WhiteZoneTerritory Place, (DateOnly From, DateOnly To) Period, bool Csv) Parse(
        TerritoryReferential referential, HttpRequest request, string? territory, DateOnly? from, DateOnly? to, string? format)
    {
        var validation = new Validation();
        var place = WhiteZoneTerritory.Parse(validation, referential, territory);
        validation
            .Check(from is not null, "from", "is required: the first day of the period (YYYY-MM-DD).")
            .Check(to is not null, "to", "is required: the last day of the period (YYYY-MM-DD), inclusive.")
            .Check(from is null || to is null || from <= to, "to", "cannot come before from.");
        var csv = WhiteZoneCsv.Wanted(validation, request, format);
        validation.ThrowIfInvalid();
        return (place, (from!.Value, to!.Value), csv);
    }

    /// <summary>
    /// Every child's awarded money through the flows' own SQL (<see cref="FlowSql"/>, the by-territory table with the
    /// same scope), so that a white zone and the flow tables never disagree; populations from the referential.
    /// </summary>
    private static async Task<IReadOnlyList<TerritoryMoney>> MoneyAsync(
        IQuerySession session, TerritoryReferential referential, WhiteZoneTerritory place, (DateOnly From, DateOnly To) period, CancellationToken ct)
    {
        var scope = new FlowScope(place.Key, FlowScope.Beneficiary, FlowScope.AwardedMeasure, period.From, period.To);
        // The table's totals and grant counts without its page (medians, overall figures): the same SQL up to the
        // per-grant sums, so the figures are the by-territory table's, at half its cost nationally.
        var totals = await FlowSql.For(session, scope).TotalsAsync(session, FlowSql.KeyedBy(FlowSql.LevelColumn(place.ChildLevel)), ct);
        return [.. place.Children.Select(key =>
        {
            var population = TerritoryKey.TryParse(key, out var level, out var code) ? referential.Current.PopulationOf(level, code).Municipal : 0;
            var (awarded, grants) = totals.GetValueOrDefault(key);
            return new TerritoryMoney(key, FlowQueries.NameOf(referential, key) ?? key, population, awarded, grants,
                population > 0 ? Math.Round(awarded / population, 2, MidpointRounding.AwayFromZero) : null);
        })];
    }

    /// <summary>
    /// Per child, the programmes open during the period and eligible to at least one of its actors. Actors are indexed
    /// by (territory containing their head office, kind), so that each programme costs a look-up per perimeter key and
    /// kind rather than a pass over every actor.
    /// </summary>
    /// <param name="children">The children asked about (those without an award): other actors are left out of the index.</param>
    private static async Task<Dictionary<string, List<WhiteZoneProgramme>>> EligibleAsync(
        IQuerySession session, TerritoryReferential referential, IFundingTerritories territories, WhiteZoneTerritory place, HashSet<string> children,
        (DateOnly From, DateOnly To) period, CancellationToken ct)
    {
        const string Anywhere = "*";
        var open = (await session.Query<Programme>().ToListAsync(ct)).Where(p => OpenDuring(p, period.From, period.To)).ToArray();
        if (open.Length == 0)
        {
            return [];
        }

        // Only what some open programme asks about is indexed: its perimeter's keys, and its kinds (every kind when one
        // names none). France with every département unfunded otherwise put a million (key, kind) pairs in the index
        // for a few hundred the programmes look up (bench maze-whitezones, the day asked: half of the answer's time).
        var perimeterKeys = open.SelectMany(p => p.Terms.EligibleTerritories).ToHashSet(StringComparer.Ordinal);
        var anyKind = open.Any(p => p.Terms.BeneficiaryKinds.Count == 0);
        var wantedKinds = open.SelectMany(p => p.Terms.BeneficiaryKinds).ToHashSet(StringComparer.Ordinal);
        var index = new Dictionary<(string Key, string Kind), HashSet<string>>();
        var communes = new Dictionary<(string Code, int Vintage), (string[] Keys, string? Child)>();
        var childCommunes = children
            .SelectMany(child => TerritoryKey.TryParse(child, out var level, out var code) ? referential.Current.CodesAt(TerritoryLevel.Commune, level, code) : [])
            .Distinct(StringComparer.Ordinal).ToArray();
        foreach (var (code, vintage, kind) in await HeadOfficeKindsAsync(session, referential.Current.Year, childCommunes, ct))
        {
            if (!communes.TryGetValue((code, vintage), out var commune))
            {
                var found = territories.KeysOf(new CommuneReference(code, vintage));
                var child = place.ChildOf(found);
                communes[(code, vintage)] = commune = (child is not null && children.Contains(child) ? [.. found.Where(perimeterKeys.Contains)] : [], child);
            }

            // An actor counts under its kind where some programme names it, and under "any kind" where some names none.
            string[] kinds = [.. kind is not null && wantedKinds.Contains(kind) ? [kind] : Array.Empty<string>(), .. anyKind ? [Anywhere] : Array.Empty<string>()];
            foreach (var key in commune.Keys)
            {
                foreach (var each in kinds)
                {
                    if (!index.TryGetValue((key, each), out var within))
                    {
                        index[(key, each)] = within = new HashSet<string>(StringComparer.Ordinal);
                    }

                    within.Add(commune.Child!);
                }
            }
        }

        var eligible = new Dictionary<string, List<WhiteZoneProgramme>>(StringComparer.Ordinal);
        foreach (var programme in open.OrderBy(p => p.Terms.Name, StringComparer.Ordinal).ThenBy(p => p.Id))
        {
            // Never empty: ProgrammeRules.Terms refuses a programme without an eligible territory, on publishing and amending
            // alike (ProgrammeDeciderTests); the maze (MazeRules.EligibleThrough) relies on it too.
            var perimeter = programme.Terms.EligibleTerritories;
            var kinds = programme.Terms.BeneficiaryKinds.Count == 0 ? [Anywhere] : programme.Terms.BeneficiaryKinds;
            var reached = perimeter.SelectMany(k => kinds.Select(kind => (k, kind)))
                .SelectMany(pair => index.GetValueOrDefault(pair) ?? []).ToHashSet(StringComparer.Ordinal);
            foreach (var child in reached)
            {
                if (!eligible.TryGetValue(child, out var list))
                {
                    eligible[child] = list = [];
                }

                list.Add(new WhiteZoneProgramme(programme.Id, programme.Terms.Name));
            }
        }

        return eligible;
    }

    /// <summary>
    /// The active directory actors' distinct (head-office commune, vintage, kind) triples, a null kind for an actor
    /// without one. Grouped in PostgreSQL: nationally a quarter of a million actors come down to the triples of some
    /// 35 000 communes, so the service neither reads every actor's document nor computes a commune's keys twice
    /// (bench maze-whitezones: that pass was most of France's white-zone time). Read from the directory's duplicated
    /// columns (<see cref="FundingEventStore"/>), not its JSON: taking the four fields out of every document was
    /// 0.7–1.0 s of the answer at a quarter of a million actors.
    /// </summary>
    /// <param name="current">The referential's current vintage, in which <paramref name="codes"/> are given.</param>
    /// <param name="codes">The current communes of the children asked about: head offices recorded in the current
    /// vintage elsewhere are left out in SQL (through the head office's index), so that France with seven unfunded
    /// départements reads their actors, not a quarter of a million (bench maze-whitezones, France on 2024-03-15: 1.0–1.4 s
    /// of SQL at load 12). A head office recorded in another vintage is always read: which child it lies in is that
    /// vintage's answer, which the caller works out from the referential as before.</param>
    private static async Task<List<(string Code, int Vintage, string? Kind)>> HeadOfficeKindsAsync(
        IQuerySession session, int current, string[] codes, CancellationToken ct)
    {
        await using var connection = session.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        // A plan for these very codes: once Npgsql prepares the statement, PostgreSQL's generic plan cannot hash a
        // parameter array and compared every actor with each of 2 760 codes in turn (11 s instead of 0.1 s in the bench).
        await using (var custom = new NpgsqlCommand("SET LOCAL plan_cache_mode = force_custom_plan", connection, transaction))
        {
            await custom.ExecuteNonQueryAsync(ct);
        }

        // Two branches rather than an OR, so that each has its index (Marten's on the duplicated head-office columns).
        var table = $"{session.DocumentStore.Options.DatabaseSchemaName}.mt_doc_directoryactor";
        await using var command = new NpgsqlCommand($"""
            WITH a AS (
                SELECT d.head_office_code AS code, d.head_office_vintage AS vintage, d.kinds
                FROM {table} d
                WHERE d.status = @active AND d.head_office_vintage = @current AND d.head_office_code = ANY(@codes)
                UNION ALL
                SELECT d.head_office_code, d.head_office_vintage, d.kinds
                FROM {table} d
                WHERE d.status = @active AND d.head_office_code IS NOT NULL AND (d.head_office_vintage < @current OR d.head_office_vintage > @current))
            SELECT a.code, a.vintage, k.kind
            FROM a LEFT JOIN LATERAL unnest(a.kinds) AS k(kind) ON true
            GROUP BY 1, 2, 3
            """, connection, transaction) { CommandTimeout = 60 };
        command.Parameters.AddWithValue("active", DirectoryActor.Active);
        command.Parameters.AddWithValue("current", current);
        command.Parameters.AddWithValue("codes", codes);
        var triples = new List<(string, int, string?)>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                triples.Add((reader.GetString(0), reader.GetInt32(1), reader.IsDBNull(2) ? null : reader.GetString(2)));
            }
        }

        await transaction.CommitAsync(ct);
        return triples;
    }

    /// <summary>Whether the programme took applications on at least one day of the period (both ends inclusive).</summary>
    public static bool OpenDuring(Programme programme, DateOnly from, DateOnly to)
    {
        ArgumentNullException.ThrowIfNull(programme);
        var closes = programme.Terms.ClosesOn;
        if (programme.Status == ProgrammeStatus.Retired && programme.RetiredOn is { } retired && (closes is null || retired <= closes))
        {
            // Retired on a day, it took no application from then on: its last open day is the day before.
            closes = retired.AddDays(-1);
        }

        return programme.Terms.OpensOn <= to && (closes is null || (closes >= from && closes >= programme.Terms.OpensOn));
    }
}
