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
    /// <c>money</c>: the rows in scope with their money (<c>amount</c>), the same rows and amounts as
    /// <see cref="FlowScope.RowsAsync"/> and <see cref="FlowScope.AmountOf"/>; territory columns (<c>code</c>,
    /// <c>vintage</c>, <c>keys</c>, one per level) are the basis' own.
    /// </summary>
    /// <param name="columns">The columns the query reads besides <c>amount</c>: the CTE is materialized when read
    /// twice, and a département's rows with every array (400 bytes each) spilled to disk where the few columns a
    /// query needs stay in memory.</param>
    public string MoneyCte(params string[] columns)
    {
        var where = new List<string> { "NOT f.cancelled", Known("f") };
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
        return $"""
            money AS (
                SELECT * FROM (
                    SELECT {string.Join(", ", selected)}
                    FROM {schema}.{FlowAmounts.TableName} f
                    WHERE {string.Join(" AND ", where)}) s
                WHERE s.amount <> 0)
            """;
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
        IReadOnlyList<string>? everyKey = null)
    {
        ArgumentNullException.ThrowIfNull(describe);
        // Every key the table must list, at zero where nothing counts: a territory that received nothing is an answer,
        // not an absence. Groups outside the list (a key of an older vintage) are kept: no money is dropped.
        var listed = everyKey is null ? "SELECT * FROM summed"
            : $"""
              SELECT coalesce(s.k, e.k) AS k, coalesce(s.total, 0) AS total, coalesce(s.grants, 0) AS grants, s.amounts, s.d
              FROM summed s FULL JOIN unnest({Parameter(everyKey.ToArray())}::text[]) AS e(k) ON e.k = s.k
              """;
        var sql = new StringBuilder($"""
            WITH {MoneyCte([.. pairs.Columns, "grant_id"])},
            pairs AS ({pairs.Sql}),
            per_grant AS (SELECT k, grant_id, sum(a) AS a, min(d) AS d FROM pairs WHERE k IS NOT NULL GROUP BY k, grant_id),
            summed AS (SELECT k, sum(a) AS total, count(*)::int AS grants, array_agg(a ORDER BY a) AS amounts, min(d) AS d FROM per_grant GROUP BY k),
            groups AS ({listed})
            SELECT (SELECT sum(amount) FROM money), (SELECT count(DISTINCT grant_id) FROM money)::int, (SELECT count(*) FROM groups)::int,
                   g.k, g.total, g.grants, g.amounts[(g.grants + 1) / 2], g.amounts[g.grants / 2 + 1], g.d
            FROM (SELECT 1) one LEFT JOIN (
                SELECT * FROM groups ORDER BY total DESC, k COLLATE "C" LIMIT {Parameter(paging.PageSize)} OFFSET {Parameter((long)(paging.Page - 1) * paging.PageSize)}) g ON true
            ORDER BY g.total DESC, g.k COLLATE "C"
            """);
        decimal total = 0;
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
                if (reader.IsDBNull(3))
                {
                    continue;
                }

                // A listed group with nothing in it has no middle values: its median grant is 0, as its total.
                var n = reader.GetInt32(5);
                var (low, high) = n == 0 ? (0m, 0m) : (reader.GetDecimal(6), reader.GetDecimal(7));
                var key = reader.GetString(3);
                rows.Add((key, reader.GetDecimal(4), n, n % 2 == 1 ? low : (low + high) / 2m));
                details[key] = reader.IsDBNull(8) ? null : reader.GetString(8);
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
        return new FlowTable(scope, total, grants, new Page<FlowGroup>(page, paging.Page, paging.PageSize, count, pages, paging.Page < pages));
    }

    /// <summary>Pairs keyed by one column of <c>money m</c>, with the row's whole money; <paramref name="detail"/> another column.</summary>
    public static (string, string[]) KeyedBy(string column, string? detail = null) =>
        ($"SELECT m.{column}::text AS k, m.grant_id, m.amount AS a, {(detail is null ? "NULL::text" : $"m.{detail}")} AS d FROM money m",
            detail is null ? [column] : [column, detail]);

    /// <summary>Pairs for each element of an array expression over <c>money m</c>, or <paramref name="otherwise"/> when empty.</summary>
    public (string, string[]) EachOf(string array, string otherwise) =>
        ($"SELECT e AS k, m.grant_id, m.amount AS a, NULL::text AS d FROM money m, unnest(CASE WHEN cardinality(m.{array}) > 0 THEN m.{array} ELSE ARRAY[{Parameter(otherwise)}]::text[] END) AS e",
            [array]);

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
