using System.Globalization;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.Actors.Directory;
using SocialTech.Actors.Territories;
using SocialTech.BuildingBlocks.Http;
using SocialTech.Funding.Funders;
using SocialTech.Funding.Programmes;

namespace SocialTech.Funding.Flows.Querying;

/// <summary>
/// The funding-flow tables, all answered from <see cref="GrantFlowRow"/>s. They share one scope (territory, basis,
/// measure, dates) and one way of summing, so they live together rather than one slice each.
/// </summary>
/// <remarks>
/// Every sum, count and grouping runs in PostgreSQL over <see cref="FlowAmounts"/> (<see cref="FlowSql"/>,
/// docs/adr/0008-flows-summed-in-sql.md): only groups cross the wire, and names are loaded for one page of them.
/// </remarks>
public static class FlowQueries
{
    public static async Task<Ok<FlowTable>> ByTerritory(
        IQuerySession session, TerritoryReferential referential, [AsParameters] FlowFilters filters, CancellationToken ct, string? level = null, int page = 1, int pageSize = 50)
    {
        var validation = new Validation();
        var scope = filters.Parse(validation, referential);
        var childLevel = ChildLevel(validation, scope, level);
        var paging = Paging(validation, page, pageSize);

        // Every child territory of the scope is listed, at 0 where nothing was given: the 22 EPCIs of Dordogne, not
        // only those that received money, so that a missing territory is never read as "not counted" (issue 17).
        var parent = TerritoryKey.TryParse(scope.Territory, out var parentLevel, out var parentCode) ? (parentLevel, parentCode) : ((TerritoryLevel, string)?)null;
        var children = referential.Current.CodesAt(childLevel, parent?.Item1, parent?.Item2).Select(c => TerritoryKey.Of(childLevel, c)).ToArray();
        var sql = FlowSql.For(session, scope);
        return TypedResults.Ok(await sql.TableAsync(session, FlowSql.KeyedBy(FlowSql.LevelColumn(childLevel)), k => (NameOf(referential, k), null), paging, ct,
            everyKey: children));
    }

    /// <summary>
    /// The level a query splits the scope's territory into: <paramref name="level"/> when given (below the territory's
    /// own), else the next level down, or régions without a territory. Wrong values are added to <paramref name="validation"/>.
    /// </summary>
    public static TerritoryLevel ChildLevel(Validation validation, FlowScope scope, string? level, bool communeItself = false)
    {
        ArgumentNullException.ThrowIfNull(validation);
        ArgumentNullException.ThrowIfNull(scope);
        var parentLevel = scope.Territory is { } key && TerritoryKey.TryParse(key, out var parsed, out _) ? parsed : (TerritoryLevel?)null;
        if (level is null && communeItself && parentLevel == TerritoryLevel.Commune)
        {
            return TerritoryLevel.Commune;
        }

        var childLevel = TerritoryLevel.Region;
        var levelKnown = level is null ? parentLevel is null || parentLevel < TerritoryLevel.Commune : TerritoryKey.TryParseLevel(level, out childLevel);
        if (level is null && parentLevel is { } p && p < TerritoryLevel.Commune)
        {
            childLevel = p + 1;
        }

        validation
            .Check(levelKnown, "level", "must be region, departement, epci or commune, below the territory's own level.")
            .Check(!levelKnown || parentLevel is null || childLevel > parentLevel, "level", $"must be below the territory's level ({(parentLevel is { } pl ? TerritoryKey.LevelName(pl) : "")}).");
        return childLevel;
    }

    public static string? NameOf(TerritoryReferential referential, string key)
    {
        ArgumentNullException.ThrowIfNull(referential);
        return TerritoryKey.TryParse(key, out var l, out var c) ? referential.Current.Find(l, c)?.Name : null;
    }

    public static async Task<Ok<FlowTable>> ByFunder(
        IQuerySession session, TerritoryReferential referential, [AsParameters] FlowFilters filters, CancellationToken ct, int page = 1, int pageSize = 50)
    {
        var validation = new Validation();
        var scope = filters.Parse(validation, referential);
        var paging = Paging(validation, page, pageSize);
        var names = new Dictionary<string, string>();
        var declared = new Dictionary<string, Funder>();
        IReadOnlyDictionary<string, string?> types = new Dictionary<string, string?>();

        // Names and declarations for the page's funders only, once SQL has chosen them; the type their grants were given with as well.
        async Task LoadAsync(IReadOnlyDictionary<string, string?> page)
        {
            types = page;
            var funderIds = page.Keys.Select(Guid.Parse).ToArray();
            names = await NamesAsync(session, funderIds, ct);
            declared = funderIds.Length == 0 ? [] : (await session.LoadManyAsync<Funder>(ct, funderIds)).ToDictionary(f => f.Id.ToString());
        }

        // The declared type and territory say what the funder is now; an undeclared one is known by the type its grants were given with.
        IReadOnlyDictionary<string, object> Describe(string key) => declared.TryGetValue(key, out var funder)
            ? new Dictionary<string, object?>
            {
                ["funderType"] = Kebab.Name(funder.FunderType), ["declared"] = true,
                ["funderTerritory"] = funder.Territory, ["funderTerritoryName"] = funder.Territory is null ? null : NameOf(referential, funder.Territory),
            }.Where(d => d.Value is not null).ToDictionary(d => d.Key, d => d.Value!)
            : new Dictionary<string, object> { ["funderType"] = types[key]!, ["declared"] = false };

        var sql = FlowSql.For(session, scope);
        return TypedResults.Ok(await sql.TableAsync(session, FlowSql.KeyedBy("funder_id", "funder_type"),
            k => (names.GetValueOrDefault(k), Describe(k)), paging, ct, LoadAsync));
    }

    /// <summary>Money per funder type (<c>state</c>, <c>region</c>…), as each grant's funders were typed when it was given.</summary>
    public static async Task<Ok<FlowTable>> ByFunderType(
        IQuerySession session, TerritoryReferential referential, [AsParameters] FlowFilters filters, CancellationToken ct, int page = 1, int pageSize = 50)
    {
        var validation = new Validation();
        var scope = filters.Parse(validation, referential);
        var paging = Paging(validation, page, pageSize);
        return TypedResults.Ok(await FlowSql.For(session, scope).TableAsync(session, FlowSql.KeyedBy("funder_type"), _ => (null, null), paging, ct));
    }

    /// <summary>Money per theme of the grants' programmes; a programme of two themes counts under both, grants outside any under <c>none</c>.</summary>
    public static async Task<Ok<FlowTable>> ByTheme(
        IQuerySession session, TerritoryReferential referential, [AsParameters] FlowFilters filters, CancellationToken ct, int page = 1, int pageSize = 50)
    {
        var validation = new Validation();
        var scope = filters.Parse(validation, referential);
        var paging = Paging(validation, page, pageSize);
        var sql = FlowSql.For(session, scope);
        return TypedResults.Ok(await sql.TableAsync(session, sql.EachOf("themes", NoProgramme), _ => (null, null), paging, ct));
    }

    public static async Task<Ok<FlowTable>> ByProgramme(
        IQuerySession session, TerritoryReferential referential, [AsParameters] FlowFilters filters, CancellationToken ct, int page = 1, int pageSize = 50)
    {
        var validation = new Validation();
        var scope = filters.Parse(validation, referential);
        var paging = Paging(validation, page, pageSize);
        var programmes = new Dictionary<string, Programme>();
        async Task LoadAsync(IReadOnlyDictionary<string, string?> page)
        {
            var ids = page.Keys.Where(k => k != NoProgramme).Select(Guid.Parse).ToArray();
            programmes = ids.Length == 0 ? [] : (await session.LoadManyAsync<Programme>(ct, ids)).ToDictionary(p => p.Id.ToString());
        }

        var sql = FlowSql.For(session, scope);
        var pairs = ($"SELECT coalesce(m.programme_id::text, '{NoProgramme}') AS k, m.grant_id, m.amount AS a, NULL::text AS d FROM money m", new[] { "programme_id" });
        return TypedResults.Ok(await sql.TableAsync(session, pairs,
            k => programmes.TryGetValue(k, out var programme)
                ? (programme.Terms.Name, new Dictionary<string, object> { ["themes"] = programme.Terms.Themes })
                : (null, null),
            paging, ct, LoadAsync));
    }

    /// <summary>Grants given outside any programme are grouped under this key.</summary>
    public const string NoProgramme = "none";

    /// <param name="granularity"><c>year</c>: the year of the decision (awarded) or of each payment (disbursed);
    /// <c>fiscal-year</c>: the budget years, a grant charged to several split evenly across them in cents, the
    /// remainder to the first.</param>
    public static async Task<Ok<FlowTable>> ByPeriod(
        IQuerySession session, TerritoryReferential referential, [AsParameters] FlowFilters filters, CancellationToken ct, string? granularity = null, int page = 1, int pageSize = 50)
    {
        var validation = new Validation();
        var scope = filters.Parse(validation, referential);
        validation.Check(granularity is null or "year" or "fiscal-year", "granularity", "must be year or fiscal-year.");
        var paging = Paging(validation, page, pageSize);
        var sql = FlowSql.For(session, scope);
        var pairs = granularity == "fiscal-year" ? sql.FiscalYears() : sql.Years();
        return TypedResults.Ok(await sql.TableAsync(session, pairs, _ => (null, null), paging, ct));
    }

    public static async Task<Ok<FlowTable>> ByRecipientKind(
        IQuerySession session, TerritoryReferential referential, [AsParameters] FlowFilters filters, CancellationToken ct, int page = 1, int pageSize = 50)
    {
        var validation = new Validation();
        var scope = filters.Parse(validation, referential);
        var paging = Paging(validation, page, pageSize);
        // A recipient of two kinds counts under both: the groups may add up to more than the table's total. What an
        // intermediary holds and has not regranted yet is its own row, as its own node in the Sankey (ADR 0012).
        var sql = FlowSql.For(session, scope);
        return TypedResults.Ok(await sql.TableAsync(session, sql.EachOf("recipient_kinds", "unknown", FlowSankey.Undistributed),
            k => k == FlowSankey.Undistributed ? (FlowSankey.UndistributedLabel, null) : (null, null), paging, ct));
    }

    /// <summary>
    /// Money per recipient (the officer's list of who received what), with its name: largest first, or
    /// <c>sort=grants</c> for the most often funded first. What an intermediary holds and has not regranted yet is
    /// under the intermediary (ADR 0012).
    /// </summary>
    public static async Task<Ok<FlowTable>> ByRecipient(
        IQuerySession session, TerritoryReferential referential, [AsParameters] FlowFilters filters, CancellationToken ct,
        int page = 1, int pageSize = 50, string sort = "total")
    {
        var validation = new Validation().Check(sort is "total" or "grants", "sort", "must be total (largest first) or grants (most grants first).");
        var scope = filters.Parse(validation, referential);
        var paging = Paging(validation, page, pageSize);
        var names = new Dictionary<string, string>();
        async Task LoadAsync(IReadOnlyDictionary<string, string?> rows) =>
            names = await NamesAsync(session, rows.Keys.Select(Guid.Parse), ct);

        var sql = FlowSql.For(session, scope);
        return TypedResults.Ok(await sql.TableAsync(session, FlowSql.KeyedBy("recipient_id"),
            k => (names.GetValueOrDefault(k), null), paging, ct, LoadAsync, mostGrantsFirst: sort == "grants"));
    }

    public static async Task<Ok<QpvRuralShares>> QpvRural(
        IQuerySession session, TerritoryReferential referential, [AsParameters] FlowFilters filters, CancellationToken ct)
    {
        var validation = new Validation().Check(filters.Territory is not null, "territory", "is required: the population shares are those of a territory.");
        var scope = filters.Parse(validation, referential);
        validation.ThrowIfInvalid();
        if (!TerritoryKey.TryParse(scope.Territory, out var level, out var code))
        {
            throw new InvalidOperationException($"A checked territory '{scope.Territory}' does not parse.");
        }

        var communes = referential.Current.CommuneCodesUnder(level, code)
            .Select(c => referential.Current.TryGetCommune(c, out var commune) ? commune : null).OfType<Commune>().ToArray();
        var population = communes.Sum(c => c.Population.Municipal);

        var money = await FlowSql.For(session, scope).CommunesAsync(session, ct);
        var total = money.Sum(m => m.Amount);
        var located = money.Select(m => (m.Amount, Commune: referential.TryGetCommune(m.Commune, out var c) ? c : null)).ToArray();

        Share ShareOf(Func<Commune, bool> holds)
        {
            var amount = located.Where(l => l.Commune is not null && holds(l.Commune)).Sum(l => l.Amount);
            var people = communes.Where(holds).Sum(c => c.Population.Municipal);
            return new Share(amount, total == 0 ? 0m : amount / total, communes.Count(holds), people, population == 0 ? 0m : (decimal)people / population);
        }

        // The referential has no population per QPV (ANCT's list gives codes, names and communes only): the measure is
        // named for what it is, communes containing a QPV with their whole population, beside the number of QPVs (issue 17).
        return TypedResults.Ok(new QpvRuralShares(scope, total, population,
            ShareOf(c => c.Qpvs.Count > 0), communes.SelectMany(c => c.Qpvs).Select(q => q.Code).Distinct(StringComparer.Ordinal).Count(),
            ShareOf(c => c.Rural == true), located.Where(l => l.Commune?.Rural is null).Sum(l => l.Amount)));
    }

    public static async Task<Ok<Concentration>> ConcentrationOf(
        IQuerySession session, TerritoryReferential referential, [AsParameters] FlowFilters filters, CancellationToken ct)
    {
        var validation = new Validation();
        var scope = filters.Parse(validation, referential);
        validation.ThrowIfInvalid();
        var (total, recipients) = Recipients(await FlowSql.For(session, scope).RecipientsAsync(session, null, ct));
        var top = recipients.Take(10).ToArray();
        var names = await NamesAsync(session, top.Select(r => r.Id), ct);
        return TypedResults.Ok(new Concentration(
            scope,
            total,
            recipients.Length,
            FundersPerRecipient(recipients),
            recipients.GroupBy(r => r.Funders).OrderBy(g => g.Key).ToDictionary(g => g.Key.ToString(CultureInfo.InvariantCulture), g => g.Count()),
            Top10Share(total, recipients),
            Herfindahl(total, recipients),
            top.Select(r => new RecipientShare(r.Id, names.GetValueOrDefault(r.Id.ToString()), r.Amount, r.Amount / total, r.Funders)).ToArray()));
    }

    /// <summary>The same concentration figures for each child territory of the scope (every one, at 0 without money), largest total first.</summary>
    public static async Task<Ok<Page<TerritoryConcentration>>> ConcentrationByTerritory(
        IQuerySession session, TerritoryReferential referential, [AsParameters] FlowFilters filters, CancellationToken ct, string? level = null, int page = 1, int pageSize = 50)
    {
        var validation = new Validation();
        var scope = filters.Parse(validation, referential);
        var childLevel = ChildLevel(validation, scope, level);
        var paging = Paging(validation, page, pageSize);
        var money = await FlowSql.For(session, scope).RecipientsAsync(session, FlowSql.LevelColumn(childLevel), ct);

        // Every child territory of the scope, as by-territory lists them: one that received nothing is at 0 (no
        // recipient, every figure 0), not left out (issue 17). A key of another vintage with money is kept.
        var parent = TerritoryKey.TryParse(scope.Territory, out var parentLevel, out var parentCode) ? (parentLevel, parentCode) : ((TerritoryLevel, string)?)null;
        var children = referential.Current.CodesAt(childLevel, parent?.Item1, parent?.Item2).Select(c => TerritoryKey.Of(childLevel, c));
        var byKey = money.Where(m => m.Key is not null).GroupBy(m => m.Key!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        var territories = children.Union(byKey.Keys, StringComparer.Ordinal)
            .Select(key =>
            {
                var (total, recipients) = Recipients(byKey.GetValueOrDefault(key) ?? []);
                return new TerritoryConcentration(key, NameOf(referential, key), total, recipients.Length, FundersPerRecipient(recipients),
                    Top10Share(total, recipients), Herfindahl(total, recipients));
            })
            .OrderByDescending(t => t.Total).ThenBy(t => t.Key, StringComparer.Ordinal).ToArray();
        var pages = (territories.Length + paging.PageSize - 1) / paging.PageSize;
        return TypedResults.Ok(new Page<TerritoryConcentration>(
            territories.Skip(paging.Offset).Take(paging.PageSize).ToArray(), paging.Page, paging.PageSize, territories.Length,
            pages, paging.Page < pages));
    }

    /// <summary>Recipients summed in SQL, ordered here: C# orders ids as <see cref="Guid"/>s, PostgreSQL as bytes.</summary>
    private static (decimal Total, (Guid Id, decimal Amount, int Funders)[] Recipients) Recipients(
        IReadOnlyList<(string? Key, Guid Recipient, decimal Amount, int Funders)> money)
    {
        var recipients = money.Select(m => (Id: m.Recipient, m.Amount, m.Funders)).OrderByDescending(r => r.Amount).ThenBy(r => r.Id).ToArray();
        return (money.Sum(m => m.Amount), recipients);
    }

    private static decimal FundersPerRecipient((Guid Id, decimal Amount, int Funders)[] recipients) =>
        recipients.Length == 0 ? 0m : (decimal)recipients.Sum(r => r.Funders) / recipients.Length;

    private static decimal Top10Share(decimal total, (Guid Id, decimal Amount, int Funders)[] recipients) =>
        total == 0 ? 0m : recipients.Take(10).Sum(r => r.Amount) / total;

    private static decimal Herfindahl(decimal total, (Guid Id, decimal Amount, int Funders)[] recipients) =>
        total == 0 ? 0m : recipients.Sum(r => (r.Amount / total) * (r.Amount / total));

    internal static PageRequest Paging(Validation validation, int page, int pageSize)
    {
        var paging = PageRequest.Check(validation, page, pageSize);
        validation.ThrowIfInvalid();
        return paging;
    }

    internal static async Task<Dictionary<string, string>> NamesAsync(IQuerySession session, IEnumerable<Guid> ids, CancellationToken ct)
    {
        var distinct = ids.Distinct().ToArray();
        return distinct.Length == 0 ? [] : (await session.LoadManyAsync<DirectoryActor>(ct, distinct)).ToDictionary(a => a.Id.ToString(), a => a.Name);
    }
}

/// <summary>Money and population of the communes that hold something (a QPV, rural density) against the territory's.</summary>
/// <param name="Money">Money to those communes, in euros.</param>
/// <param name="MoneyShare">Their share of the money in scope, 0 to 1.</param>
/// <param name="Communes">How many communes of the territory they are.</param>
/// <param name="Population">Their whole municipal population.</param>
/// <param name="PopulationShare">Their share of the territory's municipal population, 0 to 1.</param>
public sealed record Share(decimal Money, decimal MoneyShare, int Communes, long Population, decimal PopulationShare);

/// <summary>How much money goes to communes containing a QPV and to rural communes, against their share of population.</summary>
/// <param name="CommunesWithQpv">Communes containing at least one quartier prioritaire (QPV), with their whole municipal
/// population: not the QPV residents, whose population the territory referential does not have (ANCT's list of QPVs gives
/// their communes only). A large city with one QPV counts whole.</param>
/// <param name="QpvCount">The quartiers prioritaires (list of 2024) in the territory's communes, each once.</param>
/// <param name="Rural">Rural communes (INSEE density levels 5 to 7).</param>
/// <param name="UnknownDensity">Money to communes whose density the referential does not know, in neither share.</param>
public sealed record QpvRuralShares(FlowScope Scope, decimal Total, long Population, Share CommunesWithQpv, int QpvCount, Share Rural, decimal UnknownDensity);

/// <summary>One of the recipients that receive the most.</summary>
public sealed record RecipientShare(Guid RecipientId, string? Name, decimal Amount, decimal Share, int Funders);

/// <summary>How concentrated the money in scope is on few recipients.</summary>
/// <param name="Recipients">Recipients with money in scope.</param>
/// <param name="FundersPerRecipient">The mean number of distinct funders per recipient.</param>
/// <param name="RecipientsByFunderCount">How many recipients have 1, 2, … funders.</param>
/// <param name="Top10Share">The ten largest recipients' share of the money, 0 to 1.</param>
/// <param name="Herfindahl">Herfindahl-Hirschman index over recipients' shares, 0 to 1 (1: one recipient takes all).</param>
public sealed record Concentration(
    FlowScope Scope, decimal Total, int Recipients, decimal FundersPerRecipient, IReadOnlyDictionary<string, int> RecipientsByFunderCount,
    decimal Top10Share, decimal Herfindahl, IReadOnlyList<RecipientShare> Top10);

/// <summary>How concentrated the money of one territory is on few recipients.</summary>
/// <param name="Key">The territory, <c>level:code</c>.</param>
/// <param name="Top10Share">Its ten largest recipients' share of its money, 0 to 1.</param>
/// <param name="Herfindahl">Herfindahl-Hirschman index over its recipients' shares, 0 to 1.</param>
public sealed record TerritoryConcentration(
    string Key, string? Name, decimal Total, int Recipients, decimal FundersPerRecipient, decimal Top10Share, decimal Herfindahl);
