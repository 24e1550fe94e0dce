using System.Text;
using Marten;
using Npgsql;
using SocialTech.Actors.Territories;
using SocialTech.BuildingBlocks.Http;

namespace SocialTech.Funding.Flows.Querying;

/// <summary>
/// The flow queries' SQL over <see cref="FlowAmounts"/> (docs/adr/0008-flows-summed-in-sql.md): a scope becomes a
/// <c>money</c> CTE (the rows it selects, each with its money under the scope, zero left out), and each query groups
/// that inside PostgreSQL, so that only groups cross the wire. The figures that need exact decimal arithmetic beyond
/// sums (shares, Herfindahl, the mean of two middle values) are finished in C# as <see cref="FlowScope"/> did them.
/// </summary>
internal sealed class FlowSql
{
    private readonly List<NpgsqlParameter> parameters = [];
    private readonly FlowScope scope;
    private readonly string schema;

    private FlowSql(IQuerySession session, FlowScope scope)
    {
        this.scope = scope;
        schema = session.DocumentStore.Options.DatabaseSchemaName;
    }

    public static FlowSql For(IQuerySession session, FlowScope scope)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(scope);
        return new FlowSql(session, scope);
    }

    private string Parameter(object value)
    {
        var name = $"p{parameters.Count}";
        parameters.Add(new NpgsqlParameter(name, value));
        return "@" + name;
    }

    /// <summary>The basis' column for a territory level: where the money counts under this scope.</summary>
    public static string LevelColumn(TerritoryLevel level) => level switch
    {
        TerritoryLevel.Region => "region",
        TerritoryLevel.Departement => "departement",
        TerritoryLevel.Epci => "epci",
        _ => "commune",
    };

    private string Prefix => scope.ByHeadOffice ? "ho" : "loc";

    /// <summary>Days within the scope's dates, for a date expression.</summary>
    private string Within(string day)
    {
        var conditions = new List<string>();
        if (scope.From is { } from)
        {
            conditions.Add($"{day} >= {Parameter(from)}");
        }

        if (scope.To is { } to)
        {
            conditions.Add($"{day} <= {Parameter(to)}");
        }

        return conditions.Count == 0 ? "true" : string.Join(" AND ", conditions);
    }

    /// <summary>The rows known at the scope's time (as <see cref="FlowScope.Known"/>), for a table alias.</summary>
    public string Known(string alias)
    {
        if (scope.KnownAt is not { } at)
        {
            return $"{alias}.known_until IS NULL";
        }

        var p = Parameter(at);
        return $"{alias}.known_from < {p} AND ({alias}.known_until IS NULL OR {alias}.known_until >= {p})";
    }

    /// <summary>
    /// <c>money</c>: the money in scope (<c>amount</c>), each euro once (docs/adr/0012-regrants-counted-once.md): the
    /// rows of <see cref="FlowAmounts"/> with the regrant families resolved into legs by <see cref="Counted"/>, then the
    /// scope's filters; territory columns (<c>code</c>, <c>vintage</c>, <c>keys</c>, one per level) are the basis' own.
    /// Besides the table's columns a leg has <c>undistributed</c> (held by an intermediary, not regranted),
    /// <c>via</c> (the intermediaries it passed through, first to last) and <c>origin_grant_id</c>.
    /// </summary>
    /// <param name="columns">The columns the query reads besides <c>amount</c>: the CTE is materialized when read
    /// twice, and a département's rows with every array (400 bytes each) spilled to disk where the few columns a
    /// query needs stay in memory.</param>
    public string MoneyCte(params string[] columns)
    {
        var where = new List<string>();
        if (scope.Recipient is { } recipient)
        {
            where.Add($"f.recipient_id = {Parameter(recipient)}");
        }

        if (scope.Funder is { } funder)
        {
            where.Add($"f.funder_id = {Parameter(funder)}");
        }

        if (scope.Programme is { } programme)
        {
            where.Add($"f.programme_id = {Parameter(programme)}");
        }

        if (scope.RecipientKind is { } kind)
        {
            // Recipients without a kind are by-recipient-kind's "unknown" group: the filter selects what that group holds.
            where.Add(kind == FlowScope.UnknownKind ? "cardinality(f.recipient_kinds) = 0" : $"f.recipient_kinds @> ARRAY[{Parameter(kind)}]::text[]");
        }

        if (scope.Territory is { } key && TerritoryKey.TryParse(key, out var level, out _))
        {
            where.Add(scope.ByHeadOffice
                ? $"f.ho_keys @> ARRAY[{Parameter(key)}]::text[]"
                : $"f.loc_{LevelColumn(level)} = {Parameter(key)}");
        }

        string amount;
        if (scope.Disbursed)
        {
            where.Add("f.disbursed > 0");
            amount = $"coalesce((SELECT sum(p.a) FROM unnest(f.paid_on, f.paid) AS p(d, a) WHERE {Within("p.d")}), 0)";
        }
        else if (scope.Committed)
        {
            // Committed: the awarded amount once the agreement is signed, dated by the signing.
            where.Add("f.agreement_date IS NOT NULL");
            where.Add(Within("f.agreement_date"));
            amount = "f.awarded";
        }
        else
        {
            where.Add(Within("f.decision_date"));
            amount = "f.awarded";
        }

        var selected = columns.Distinct(StringComparer.Ordinal)
            .Select(c => c is "code" or "vintage" or "keys" or "region" or "departement" or "epci" or "commune" ? $"f.{Prefix}_{c} AS {c}" : $"f.{c}")
            .Append($"{amount} AS amount");
        var (families, counted) = Counted();
        return $"""
            {families},
            money AS (
                SELECT * FROM (
                    SELECT {string.Join(", ", selected)}
                    FROM ({counted}) f
                    WHERE {string.Join(" AND ", where)}) s
                WHERE s.amount <> 0)
            """;
    }

    /// <summary>
    /// The rows as every flow query counts them (docs/adr/0012-regrants-counted-once.md), known at the scope's time and
    /// not cancelled: a row outside any regrant family as it is; the rows of a family (grants that name a parent, and
    /// the parents they name) as legs. Each grant of a family keeps what it holds (its amount less the intermediary
    /// parts of its children, never below 0, taken from its rows in proportion), and each euro it holds is traced to
    /// its origin: a funder's own part of a grant, or, for the intermediary's part of a child, the parent's origins in
    /// proportion (recursively, so that two levels of regrant trace to the first funder). A leg lands where its row
    /// is (recipient, kinds, places) and carries its origin's funder, funder type, programme, themes, decision date,
    /// agreement date (so that committed money is dated by the origin grant's signing, as awarded money is by its decision), budget years and payments (scaled to the leg). The families are found through the partial index on
    /// <c>parent_grant_id</c>; the direct rows keep every index, since the scope's filters are pushed into them.
    /// </summary>
    /// <returns>The family CTEs (to go in the <c>WITH</c> list) and the <c>counted</c> subquery with every column of
    /// <see cref="FlowAmounts"/> plus <c>undistributed</c>, <c>via</c> and <c>origin_grant_id</c>.</returns>
    private (string Families, string Counted) Counted()
    {
        var table = $"{schema}.{FlowAmounts.TableName}";
        var names = FlowAmounts.ColumnNames;
        string Columns(string alias) => string.Join(", ", names.Select(c => $"{alias}.{c}"));
        var fromOrigin = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["id"] = "l.id || ':' || l.origin_grant_id || ':' || l.origin_funder_id",
            ["funder_id"] = "l.origin_funder_id",
            ["funder_type"] = "oa.funder_type",
            ["programme_id"] = "oa.programme_id",
            ["themes"] = "oa.themes",
            ["decision_date"] = "oa.decision_date",
            ["agreement_date"] = "oa.agreement_date",
            ["fiscal_years"] = "oa.fiscal_years",
            ["awarded"] = "l.leg",
            ["disbursed"] = "(SELECT coalesce(sum(x), 0) FROM unnest(lp.paid) AS x)",
            ["paid_on"] = "coalesce(op.paid_on, ARRAY[]::date[])",
            ["paid"] = "lp.paid",
        };
        var legColumns = string.Join(", ", names.Select(c => fromOrigin.TryGetValue(c, out var e) ? $"{e} AS {c}" : $"l.{c}"));
        var families = $"""
            regrant_rows AS (
                SELECT {Columns("f")} FROM {table} f
                WHERE NOT f.cancelled AND {Known("f")} AND f.parent_grant_id IS NOT NULL
                UNION ALL
                SELECT {Columns("f")} FROM {table} f
                WHERE NOT f.cancelled AND {Known("f")} AND f.parent_grant_id IS NULL AND f.grant_id IN (
                    SELECT c.parent_grant_id FROM {table} c WHERE c.parent_grant_id IS NOT NULL AND NOT c.cancelled AND {Known("c")})),
            regrant_grants AS (
                SELECT r.grant_id, (array_agg(r.parent_grant_id))[1] AS parent, (array_agg(r.recipient_id))[1] AS recipient, sum(r.awarded) AS amount
                FROM regrant_rows r GROUP BY r.grant_id),
            regrant_shares AS (
                SELECT r.grant_id, r.funder_id, sum(r.awarded) AS amount, coalesce(bool_or(p.recipient = r.funder_id), false) AS regranted
                FROM regrant_rows r JOIN regrant_grants g ON g.grant_id = r.grant_id LEFT JOIN regrant_grants p ON p.grant_id = g.parent AND p.grant_id <> g.grant_id
                GROUP BY r.grant_id, r.funder_id),
            regrant_origin AS (
                SELECT DISTINCT ON (r.grant_id, r.funder_id) r.grant_id, r.funder_id, r.funder_type, r.programme_id, r.themes, r.decision_date, r.agreement_date, r.fiscal_years
                FROM regrant_rows r ORDER BY r.grant_id, r.funder_id, r.id),
            regrant_paid AS (
                SELECT x.grant_id, x.funder_id, array_agg(x.d ORDER BY x.d) AS paid_on, array_agg(x.a ORDER BY x.d) AS paid
                FROM (SELECT r.grant_id, r.funder_id, p.d, sum(p.a) AS a FROM regrant_rows r, unnest(r.paid_on, r.paid) AS p(d, a) GROUP BY 1, 2, 3) x
                GROUP BY x.grant_id, x.funder_id),
            regrant_out AS (
                SELECT g.parent AS grant_id, sum(s.amount) AS amount
                FROM regrant_shares s JOIN regrant_grants g ON g.grant_id = s.grant_id WHERE s.regranted GROUP BY g.parent),
            regrant_origins AS (
                WITH RECURSIVE o(grant_id, origin_grant_id, origin_funder_id, fraction, via, depth) AS (
                    SELECT s.grant_id, s.grant_id, s.funder_id, s.amount / g.amount, ARRAY[]::uuid[], 0
                    FROM regrant_shares s JOIN regrant_grants g ON g.grant_id = s.grant_id WHERE NOT s.regranted
                    UNION ALL
                    SELECT g.grant_id, o.origin_grant_id, o.origin_funder_id, o.fraction * s.amount / g.amount, o.via || p.recipient, o.depth + 1
                    FROM o JOIN regrant_grants g ON g.parent = o.grant_id
                    JOIN regrant_shares s ON s.grant_id = g.grant_id AND s.regranted
                    JOIN regrant_grants p ON p.grant_id = o.grant_id
                    WHERE o.depth < 16)
                SELECT * FROM o),
            regrant_legs AS (
                SELECT r.*, src.origin_grant_id, src.origin_funder_id, src.via, held.parent AS undistributed,
                       round(r.awarded * held.amount / g.amount * src.fraction, 2) AS leg
                FROM regrant_rows r
                JOIN regrant_grants g ON g.grant_id = r.grant_id
                JOIN regrant_shares s ON s.grant_id = r.grant_id AND s.funder_id = r.funder_id
                LEFT JOIN regrant_grants pg ON pg.grant_id = g.parent
                LEFT JOIN regrant_out ro ON ro.grant_id = r.grant_id
                CROSS JOIN LATERAL (SELECT ro.grant_id IS NOT NULL AS parent, greatest(g.amount - coalesce(ro.amount, 0), 0) AS amount) held
                CROSS JOIN LATERAL (
                    SELECT r.grant_id AS origin_grant_id, r.funder_id AS origin_funder_id, 1::numeric AS fraction, ARRAY[]::uuid[] AS via WHERE NOT s.regranted
                    UNION ALL
                    SELECT o.origin_grant_id, o.origin_funder_id, o.fraction, o.via || pg.recipient FROM regrant_origins o WHERE s.regranted AND o.grant_id = g.parent) src)
            """;
        // "c.parent_grant_id IS NOT NULL" repeats what the equality implies, for the planner: without it, it sizes the
        // anti-join's hash for every current row (not the few children the partial index holds) and spills a year of
        // France's rows to disk in 16 batches (EXPLAIN ANALYZE, bench maze-whitezones: 147 ms instead of 205).
        var counted = $"""
            SELECT {Columns("f")}, false AS undistributed, ARRAY[]::uuid[] AS via, f.grant_id AS origin_grant_id
            FROM {table} f
            WHERE NOT f.cancelled AND {Known("f")} AND f.parent_grant_id IS NULL
              AND NOT EXISTS (SELECT 1 FROM {table} c WHERE c.parent_grant_id = f.grant_id AND c.parent_grant_id IS NOT NULL AND NOT c.cancelled AND {Known("c")})
            UNION ALL
            SELECT {legColumns}, l.undistributed, l.via, l.origin_grant_id
            FROM regrant_legs l
            JOIN regrant_shares os ON os.grant_id = l.origin_grant_id AND os.funder_id = l.origin_funder_id
            JOIN regrant_origin oa ON oa.grant_id = l.origin_grant_id AND oa.funder_id = l.origin_funder_id
            LEFT JOIN regrant_paid op ON op.grant_id = l.origin_grant_id AND op.funder_id = l.origin_funder_id
            CROSS JOIN LATERAL (
                SELECT coalesce(array_agg(round(x.a * l.leg / os.amount, 2) ORDER BY x.i), ARRAY[]::numeric[]) AS paid
                FROM unnest(op.paid) WITH ORDINALITY AS x(a, i)) lp
            """;
        return (families, counted);
    }

    /// <summary>The payments of a money row within the scope's dates, as <c>pay(d, a)</c> rows for a lateral join.</summary>
    public string PaymentsWithin() => $"(SELECT d, a FROM unnest(m.paid_on, m.paid) AS p(d, a) WHERE {Within("p.d")}) pay";

    public async Task<NpgsqlDataReader> ReadAsync(IQuerySession session, string sql, CancellationToken ct)
    {
        var connection = await OpenAsync(session, ct);
        // A national scope groups every row: seconds on a busy machine, beyond Npgsql's default 30 s under heavy load.
        // Bounded all the same: these endpoints are open to anonymous callers, who must not hold a backend for minutes.
        var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 60 };
        command.Parameters.AddRange(parameters.ToArray());
        return await command.ExecuteReaderAsync(System.Data.CommandBehavior.CloseConnection, ct);
    }

    private static async Task<NpgsqlConnection> OpenAsync(IQuerySession session, CancellationToken ct)
    {
        var connection = session.Database.CreateConnection();
        await connection.OpenAsync(ct);
        return connection;
    }

    /// <summary>
    /// A flow table grouped in SQL: <paramref name="pairs"/> selects <c>(k, grant_id, a, d)</c> from <c>money m</c>, a
    /// row giving any number of pairs (none, one per theme…); a grant's money in a group is the sum of its pairs there,
    /// as <c>FlowFigures.Table</c> computed it. <c>d</c> is a detail kept per group (its smallest value), or null.
    /// </summary>
    /// <param name="beforeDescribe">Loads what <paramref name="describe"/> needs, given the page's keys and their details.</param>
    public async Task<FlowTable> TableAsync(
        IQuerySession session, (string Sql, string[] Columns) pairs, Func<string, (string? Name, IReadOnlyDictionary<string, object>? Details)> describe,
        PageRequest paging, CancellationToken ct, Func<IReadOnlyDictionary<string, string?>, Task>? beforeDescribe = null,
        IReadOnlyList<string>? everyKey = null, bool mostGrantsFirst = false)
    {
        ArgumentNullException.ThrowIfNull(describe);
        // Largest first, or most grants first (a recipients list sorted by how often they were funded); then by key.
        var order = mostGrantsFirst ? "grants DESC, total DESC" : "total DESC";
        // Every key the table must list, at zero where nothing counts: a territory that received nothing is an answer,
        // not an absence. Groups outside the list (a key of an older vintage) are kept: no money is dropped.
        var listed = everyKey is null ? "SELECT * FROM summed"
            : $"""
              SELECT coalesce(s.k, e.k) AS k, coalesce(s.total, 0) AS total, coalesce(s.grants, 0) AS grants, s.amounts, s.d
              FROM summed s FULL JOIN unnest({Parameter(everyKey.ToArray())}::text[]) AS e(k) ON e.k = s.k
              """;
        var sql = new StringBuilder($"""
            WITH {MoneyCte([.. pairs.Columns, "grant_id", "undistributed"])},
            pairs AS ({pairs.Sql}),
            per_grant AS (SELECT k, grant_id, sum(a) AS a, min(d) AS d FROM pairs WHERE k IS NOT NULL GROUP BY k, grant_id),
            summed AS (SELECT k, sum(a) AS total, count(*)::int AS grants, array_agg(a ORDER BY a) AS amounts, min(d) AS d FROM per_grant GROUP BY k),
            groups AS ({listed})
            SELECT (SELECT sum(amount) FROM money), (SELECT count(DISTINCT grant_id) FROM money)::int, (SELECT count(*) FROM groups)::int,
                   (SELECT sum(amount) FROM money WHERE undistributed), g.k, g.total, g.grants, g.amounts[(g.grants + 1) / 2], g.amounts[g.grants / 2 + 1], g.d
            FROM (SELECT 1) one LEFT JOIN (
                SELECT * FROM groups ORDER BY {order}, k COLLATE "C" LIMIT {Parameter(paging.PageSize)} OFFSET {Parameter((long)(paging.Page - 1) * paging.PageSize)}) g ON true
            ORDER BY {order.Replace("grants", "g.grants", StringComparison.Ordinal).Replace("total", "g.total", StringComparison.Ordinal)}, g.k COLLATE "C"
            """);
        decimal total = 0, undistributed = 0;
        int grants = 0, count = 0;
        var rows = new List<(string Key, decimal Total, int Grants, decimal Median)>();
        var details = new Dictionary<string, string?>(StringComparer.Ordinal);
        await using (var reader = await ReadAsync(session, sql.ToString(), ct))
        {
            while (await reader.ReadAsync(ct))
            {
                total = reader.IsDBNull(0) ? 0m : reader.GetDecimal(0);
                grants = reader.GetInt32(1);
                count = reader.GetInt32(2);
                undistributed = reader.IsDBNull(3) ? 0m : reader.GetDecimal(3);
                if (reader.IsDBNull(4))
                {
                    continue;
                }

                // A listed group with nothing in it has no middle values: its median grant is 0, as its total.
                var n = reader.GetInt32(6);
                var (low, high) = n == 0 ? (0m, 0m) : (reader.GetDecimal(7), reader.GetDecimal(8));
                var key = reader.GetString(4);
                rows.Add((key, reader.GetDecimal(5), n, n % 2 == 1 ? low : (low + high) / 2m));
                details[key] = reader.IsDBNull(9) ? null : reader.GetString(9);
            }
        }

        if (beforeDescribe is not null)
        {
            await beforeDescribe(details);
        }

        var page = rows.Select(g =>
        {
            var (name, more) = describe(g.Key);
            return new FlowGroup(g.Key, name, g.Total, g.Grants, g.Median, more);
        }).ToArray();
        var pages = (count + paging.PageSize - 1) / paging.PageSize;
        return new FlowTable(scope, total, undistributed, grants, new Page<FlowGroup>(page, paging.Page, paging.PageSize, count, pages, paging.Page < pages));
    }

    /// <summary>
    /// Per key of <paramref name="pairs"/> (as <see cref="TableAsync"/>), its total and grant count only: the same
    /// <c>money</c>, <c>pairs</c> and per-grant sums as the table's, without what a table page adds (medians, overall
    /// totals, paging). <c>money</c> is then read once, so PostgreSQL streams it instead of writing it to disk four
    /// times over (France for a year: 300 000 rows, half the table's time; bench maze-whitezones).
    /// </summary>
    public async Task<Dictionary<string, (decimal Total, int Grants)>> TotalsAsync(IQuerySession session, (string Sql, string[] Columns) pairs, CancellationToken ct)
    {
        var sql = $"""
            WITH {MoneyCte([.. pairs.Columns, "grant_id"])},
            pairs AS ({pairs.Sql}),
            per_grant AS (SELECT k, grant_id, sum(a) AS a FROM pairs WHERE k IS NOT NULL GROUP BY k, grant_id)
            SELECT k, sum(a), count(*)::int FROM per_grant GROUP BY k
            """;
        var totals = new Dictionary<string, (decimal, int)>(StringComparer.Ordinal);
        await using var connection = await OpenAsync(session, ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        // The per-grant sums of France over a year are 250 000 groups: with the default work_mem (4 MB) the hash spills
        // to disk in 37 batches, over half of the answer (EXPLAIN ANALYZE, bench maze-whitezones: 1.1 s of 1.7 s at
        // load 12). 64 MB holds them; LOCAL gives the memory back when this one read ends, and the endpoints' rate limit
        // bounds how many such reads run at once.
        await using (var memory = new NpgsqlCommand("SET LOCAL work_mem = '64MB'", connection, transaction))
        {
            await memory.ExecuteNonQueryAsync(ct);
        }

        await using (var command = new NpgsqlCommand(sql, connection, transaction) { CommandTimeout = 60 })
        {
            command.Parameters.AddRange(parameters.ToArray());
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                totals[reader.GetString(0)] = (reader.GetDecimal(1), reader.GetInt32(2));
            }
        }

        await transaction.CommitAsync(ct);
        return totals;
    }

    /// <summary>Pairs keyed by one column of <c>money m</c>, with the row's whole money; <paramref name="detail"/> another column.</summary>
    public static (string, string[]) KeyedBy(string column, string? detail = null) =>
        ($"SELECT m.{column}::text AS k, m.grant_id, m.amount AS a, {(detail is null ? "NULL::text" : $"m.{detail}")} AS d FROM money m",
            detail is null ? [column] : [column, detail]);

    /// <summary>Pairs for each element of an array expression over <c>money m</c>, or <paramref name="otherwise"/> when empty.</summary>
    /// <param name="undistributed">The key of what intermediaries hold and have not regranted yet, in place of the
    /// array's elements; null to key it like the rest.</param>
    public (string, string[]) EachOf(string array, string otherwise, string? undistributed = null)
    {
        var elements = $"CASE WHEN cardinality(m.{array}) > 0 THEN m.{array} ELSE ARRAY[{Parameter(otherwise)}]::text[] END";
        if (undistributed is not null)
        {
            elements = $"CASE WHEN m.undistributed THEN ARRAY[{Parameter(undistributed)}]::text[] ELSE {elements} END";
        }

        return ($"SELECT e AS k, m.grant_id, m.amount AS a, NULL::text AS d FROM money m, unnest({elements}) AS e",
            undistributed is null ? [array] : [array, "undistributed"]);
    }

    /// <summary>The day a row's money is dated by, as a column of <c>money</c>: the signing (committed), else the decision.</summary>
    private string DatedBy => scope.Committed ? "agreement_date" : "decision_date";

    /// <summary>Years: of the decision (awarded), of the signing (committed), or of each payment within the dates (disbursed).</summary>
    public (string, string[]) Years() => scope.Disbursed
        ? ($"SELECT extract(year FROM pay.d)::int::text AS k, m.grant_id, pay.a AS a, NULL::text AS d FROM money m, LATERAL {PaymentsWithin()}", ["paid_on", "paid"])
        : ($"SELECT extract(year FROM m.{DatedBy})::int::text AS k, m.grant_id, m.amount AS a, NULL::text AS d FROM money m", [DatedBy]);

    /// <summary>
    /// Budget years, the money split evenly in cents across them, the remainder to the first (as <see cref="Cents.Split"/>);
    /// the year of the decision (of the signing, committed) without any.
    /// </summary>
    public (string, string[]) FiscalYears() => ($"""
        SELECT y.y::text AS k, m.grant_id,
               round(CASE WHEN y.i = 1 THEN s.c - (div(s.c, s.n) * (s.n - 1)) ELSE div(s.c, s.n) END / 100, 2) AS a, NULL::text AS d
        FROM money m,
             LATERAL (SELECT CASE WHEN cardinality(m.fiscal_years) > 0 THEN m.fiscal_years ELSE ARRAY[extract(year FROM m.{DatedBy})::int] END AS ys) v,
             LATERAL (SELECT round(m.amount * 100) AS c, cardinality(v.ys) AS n) s,
             unnest(v.ys) WITH ORDINALITY AS y(y, i)
        """, ["fiscal_years", DatedBy]);

    /// <summary>Per recipient (and per <paramref name="key"/> when given): its money and its distinct funders.</summary>
    /// <param name="key">A column of <c>money</c>, or null.</param>
    public async Task<List<(string? Key, Guid Recipient, decimal Amount, int Funders)>> RecipientsAsync(IQuerySession session, string? key, CancellationToken ct)
    {
        var group = key is null ? "NULL::text" : $"m.{key}";
        string[] columns = key is null ? ["recipient_id", "funder_id"] : ["recipient_id", "funder_id", key];
        var sql = $"""
            WITH {MoneyCte(columns)}
            SELECT k, recipient_id, sum(amount), count(DISTINCT funder_id)::int
            FROM (SELECT {group} AS k, m.* FROM money m) x
            {(key is null ? "" : "WHERE k IS NOT NULL")}
            GROUP BY k, recipient_id
            """;
        var result = new List<(string?, Guid, decimal, int)>();
        await using var reader = await ReadAsync(session, sql, ct);
        while (await reader.ReadAsync(ct))
        {
            result.Add((reader.IsDBNull(0) ? null : reader.GetString(0), reader.GetGuid(1), reader.GetDecimal(2), reader.GetInt32(3)));
        }

        return result;
    }

    /// <summary>Money per commune (as recorded, with its vintage) under the scope's basis.</summary>
    public async Task<List<(Actors.Contracts.CommuneReference Commune, decimal Amount)>> CommunesAsync(IQuerySession session, CancellationToken ct)
    {
        var sql = $"WITH {MoneyCte("code", "vintage")} SELECT code, vintage, sum(amount) FROM money GROUP BY code, vintage";
        var result = new List<(Actors.Contracts.CommuneReference, decimal)>();
        await using var reader = await ReadAsync(session, sql, ct);
        while (await reader.ReadAsync(ct))
        {
            result.Add((new Actors.Contracts.CommuneReference(reader.GetString(0), reader.GetInt32(1)), reader.GetDecimal(2)));
        }

        return result;
    }
}
