using Npgsql;
using NpgsqlTypes;
using SocialTech.Actors.Territories;
using SocialTech.Benchmarks.Harness;

namespace SocialTech.Benchmarks.Scenarios.FundingFlows;

/// <summary>
/// The physical baseline: the same flow rows as plain columns in one indexed table (<c>flat.flow_rows</c>), copied
/// from the Funding read model itself so that both sides sum exactly the same rows, and the communes' QPV, density
/// and population in <c>flat.communes</c>. Its queries are what a DBA would write by hand for each aggregate.
/// </summary>
public static class FlatBaseline
{
    public static async Task BuildAsync(string connectionString, TerritoryReferential referential, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(referential);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await ExecuteAsync(connection, """
            DROP SCHEMA IF EXISTS flat CASCADE;
            CREATE SCHEMA flat;
            CREATE TABLE flat.flow_rows AS
            SELECT (data->>'GrantId')::uuid AS grant_id,
                   (data->>'FunderId')::uuid AS funder_id,
                   data->>'FunderType' AS funder_type,
                   (data->>'RecipientId')::uuid AS recipient_id,
                   (data->>'ProgrammeId')::uuid AS programme_id,
                   data->'Location'->>'Code' AS loc_commune,
                   (SELECT substr(k, 6) FROM jsonb_array_elements_text(data->'LocationKeys') k WHERE k LIKE 'epci:%' LIMIT 1) AS loc_epci,
                   (SELECT substr(k, 13) FROM jsonb_array_elements_text(data->'LocationKeys') k WHERE k LIKE 'departement:%' LIMIT 1) AS loc_dep,
                   (SELECT substr(k, 8) FROM jsonb_array_elements_text(data->'LocationKeys') k WHERE k LIKE 'region:%' LIMIT 1) AS loc_reg,
                   (data->>'DecisionDate')::date AS decision_date,
                   ARRAY(SELECT jsonb_array_elements_text(data->'FiscalYears')::int) AS fiscal_years,
                   (data->>'Awarded')::numeric AS awarded,
                   (data->>'Disbursed')::numeric AS disbursed,
                   (data->>'Cancelled')::boolean AS cancelled,
                   ARRAY(SELECT jsonb_array_elements_text(data->'RecipientKinds')) AS recipient_kinds
            FROM funding.mt_doc_grantflowrow;
            CREATE INDEX ON flat.flow_rows (loc_dep);
            CREATE INDEX ON flat.flow_rows (loc_reg);
            CREATE INDEX ON flat.flow_rows (loc_epci);
            CREATE INDEX ON flat.flow_rows (loc_commune);
            CREATE TABLE flat.communes (code text PRIMARY KEY, epci text, departement text, region text, population bigint, qpv boolean, rural boolean);
            """, ct);

        var current = referential.Current;
        var codes = GrantDataset.RegionCodes.SelectMany(r => current.CommuneCodesUnder(TerritoryLevel.Region, r));
        await using (var import = await connection.BeginBinaryImportAsync("COPY flat.communes FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var code in codes)
            {
                if (!current.TryGetCommune(code, out var c))
                {
                    continue;
                }

                await import.StartRowAsync(ct);
                await import.WriteAsync(c.Code, NpgsqlDbType.Text, ct);
                await import.WriteAsync((object?)c.EpciSiren ?? DBNull.Value, NpgsqlDbType.Text, ct);
                await import.WriteAsync(c.DepartementCode, NpgsqlDbType.Text, ct);
                await import.WriteAsync(c.RegionCode, NpgsqlDbType.Text, ct);
                await import.WriteAsync(c.Population.Municipal, NpgsqlDbType.Bigint, ct);
                await import.WriteAsync(c.Qpvs.Count > 0, NpgsqlDbType.Boolean, ct);
                await import.WriteAsync((object?)c.Rural ?? DBNull.Value, NpgsqlDbType.Boolean, ct);
            }

            await import.CompleteAsync(ct);
        }

        await ExecuteAsync(connection, "ANALYZE flat.flow_rows; ANALYZE flat.communes;", ct);
    }

    /// <summary>The column a territory level reads in <c>flat.flow_rows</c> (beneficiary basis).</summary>
    public static string Column(TerritoryLevel level) => level switch
    {
        TerritoryLevel.Commune => "loc_commune",
        TerritoryLevel.Epci => "loc_epci",
        TerritoryLevel.Departement => "loc_dep",
        _ => "loc_reg",
    };

    /// <summary>
    /// A flow table (<c>FlowQueries.Table</c>'s figures): per group the total, the grants and the median grant, largest
    /// first, one page of 50, with the overall total and grant count; one round trip. Returns the overall total.
    /// </summary>
    public static async Task<decimal> TableAsync(NpgsqlDataSource source, string groupKey, string filter, object? parameter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(source);
        var where = $"NOT cancelled AND awarded <> 0 AND {filter}";
        await using var batch = source.CreateBatch();
        batch.BatchCommands.Add(Command($"""
            WITH g AS (SELECT {groupKey} AS k, grant_id, sum(awarded) AS a FROM flat.flow_rows WHERE {where} GROUP BY 1, 2)
            SELECT k, sum(a) AS total, count(*) AS grants, percentile_cont(0.5) WITHIN GROUP (ORDER BY a) AS median, count(*) OVER () AS groups
            FROM g GROUP BY k ORDER BY total DESC, k LIMIT 50
            """, parameter));
        batch.BatchCommands.Add(Command($"SELECT sum(awarded), count(DISTINCT grant_id) FROM flat.flow_rows WHERE {where}", parameter));
        return await LastTotalAsync(batch, ct);
    }

    /// <summary>Money to communes with a QPV and to rural communes, and their populations; returns the total.</summary>
    public static async Task<decimal> QpvRuralAsync(NpgsqlDataSource source, string column, string code, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(source);
        var communeColumn = column switch { "loc_dep" => "departement", "loc_reg" => "region", "loc_epci" => "epci", _ => "code" };
        await using var batch = source.CreateBatch();
        batch.BatchCommands.Add(Command(
            $"SELECT sum(population), sum(population) FILTER (WHERE qpv), sum(population) FILTER (WHERE rural) FROM flat.communes WHERE {communeColumn} = $1", code));
        batch.BatchCommands.Add(Command($"""
            SELECT sum(r.awarded) FILTER (WHERE c.qpv), sum(r.awarded) FILTER (WHERE c.rural), sum(r.awarded) FILTER (WHERE c.rural IS NULL), sum(r.awarded)
            FROM flat.flow_rows r LEFT JOIN flat.communes c ON c.code = r.loc_commune
            WHERE NOT r.cancelled AND r.{column} = $1
            """, code));
        return await LastTotalAsync(batch, ct, column: 3);
    }

    /// <summary>Funders per recipient, top-10 share, Herfindahl index; returns the total.</summary>
    public static async Task<decimal> ConcentrationAsync(NpgsqlDataSource source, string column, string code, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(source);
        await using var batch = source.CreateBatch();
        batch.BatchCommands.Add(Command($"""
            WITH r AS (SELECT recipient_id, sum(awarded) AS a, count(DISTINCT funder_id) AS f
                       FROM flat.flow_rows WHERE NOT cancelled AND awarded <> 0 AND {column} = $1 GROUP BY 1),
                 t AS (SELECT sum(a) AS total, count(*) AS n, avg(f) AS funders, sum(a * a) AS squares FROM r),
                 top10 AS (SELECT recipient_id, a, f FROM r ORDER BY a DESC, recipient_id LIMIT 10),
                 spread AS (SELECT f, count(*) AS recipients FROM r GROUP BY f)
            SELECT t.total, t.n, t.funders, t.squares / nullif(t.total * t.total, 0),
                   (SELECT sum(a) FROM top10) / nullif(t.total, 0),
                   (SELECT json_agg(top10) FROM top10), (SELECT json_agg(spread) FROM spread)
            FROM t
            """, code));
        return await LastTotalAsync(batch, ct);
    }

    private static NpgsqlBatchCommand Command(string sql, object? parameter)
    {
        var command = new NpgsqlBatchCommand(sql);
        if (parameter is not null)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        return command;
    }

    /// <summary>Reads every result (so that the server's whole answer crosses the wire) and returns the last one's total.</summary>
    private static async Task<decimal> LastTotalAsync(NpgsqlBatch batch, CancellationToken ct, int column = 0)
    {
        await using var reader = await batch.ExecuteReaderAsync(ct);
        decimal total = 0;
        do
        {
            while (await reader.ReadAsync(ct))
            {
                var values = new object[reader.FieldCount];
                reader.GetValues(values);
                total = values[Math.Min(column, values.Length - 1)] is decimal d ? d : 0m;
            }
        }
        while (await reader.NextResultAsync(ct));
        return total;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(ct);
    }
}
