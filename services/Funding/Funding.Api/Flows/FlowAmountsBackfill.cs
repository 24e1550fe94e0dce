using Marten;
using Npgsql;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;
using SocialTech.Funding.Flows.Caching;

namespace SocialTech.Funding.Flows;

/// <summary>
/// A database whose flow-row documents were written before <see cref="FlowAmounts"/> existed (ADR 0008) would answer
/// every flow query with nothing for its older grants: at start-up, once Marten has created the table, this writes the
/// rows of every document the table lacks, once per database. Idempotent, so replicas starting together do no harm.
/// Rows written before <see cref="GrantFlowRow.AgreementDate"/> existed get it the same way, once, from the
/// <c>AgreementSigned</c> events: the <c>committed</c> measure would otherwise count none of them.
/// </summary>
/// <remarks>
/// Once is enough: since the table exists, the projection writes a grant's documents and rows in one transaction.
/// The fill records that it ran (<see cref="MarkerTable"/>, one row per step) in its own commit, because its anti-join
/// reads every flow row and took 6.4 s at each start of a replica over a million grants, for nothing.
/// </remarks>
public sealed class FlowAmountsBackfill(IDocumentStore store, ILogger<FlowAmountsBackfill> logger) : IHostedService
{
    /// <summary>One row per step once it has run on this database: <see cref="RowsStep"/>, <see cref="AgreementDatesStep"/>.</summary>
    public const string MarkerTable = "flow_amounts_filled";

    /// <summary>The flat rows of the documents the table lacks.</summary>
    public const int RowsStep = 1;

    /// <summary>The agreement dates of rows written before they were recorded in flow rows.</summary>
    public const int AgreementDatesStep = 2;

    public static Table MarkerDefinition(string schema)
    {
        var table = new Table(new PostgresqlObjectName(schema, MarkerTable, SchemaUtils.IdentifierUsage.General));
        table.AddColumn("id", "integer").AsPrimaryKey();
        table.AddColumn("filled_at", "timestamp with time zone").NotNull();
        table.AddColumn("rows_written", "bigint").NotNull();
        return table;
    }

    public Task StartAsync(CancellationToken cancellationToken) => RunAsync(store, logger, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Every row version written at or after its grant's <c>AgreementSigned</c> event (the row's <c>Version</c> is the
    /// grant version that wrote it) gets the day the agreement was signed, in the documents; a grant signs once.
    /// </summary>
    public static string AgreementDatesSql(string schema) => $"""
        UPDATE {schema}.mt_doc_grantflowrow d
        SET data = jsonb_set(d.data, ARRAY['AgreementDate'], to_jsonb(s.signed_on))
        FROM (SELECT e.stream_id, e.version, e.data->>'SignedOn' AS signed_on FROM {schema}.mt_events e WHERE e.type = 'agreement_signed') s
        WHERE (d.data->>'GrantId')::uuid = s.stream_id AND (d.data->>'Version')::bigint >= s.version
          AND coalesce(d.data->>'AgreementDate', '') = ''
        """;

    /// <summary>The same dates, from the documents into the flat rows.</summary>
    public static string FlatAgreementDatesSql(string schema) => $"""
        UPDATE {schema}.{FlowAmounts.TableName} f SET agreement_date = (d.data->>'AgreementDate')::date
        FROM {schema}.mt_doc_grantflowrow d
        WHERE d.id = f.id AND f.agreement_date IS NULL AND coalesce(d.data->>'AgreementDate', '') <> ''
        """;

    /// <returns>The rows written or given their agreement date; 0 when none lacked anything, or when both steps had already run.</returns>
    public static async Task<int> RunAsync(IDocumentStore store, ILogger logger, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        var schema = store.Options.DatabaseSchemaName;
        // The tables exist by now: AddEventStore applies Marten's schema in a hosted service registered before this one.
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        var ran = new HashSet<int>();
        await using (var read = new NpgsqlCommand($"SELECT id FROM {schema}.{MarkerTable}", connection))
        await using (var reader = await read.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                ran.Add(reader.GetInt32(0));
            }
        }

        if (ran.Contains(RowsStep) && ran.Contains(AgreementDatesStep))
        {
            return 0;
        }

        await using var transaction = await connection.BeginTransactionAsync(ct);
        // A large database takes minutes: no command timeout, the service's start waits for it.
        async Task<int> ExecuteAsync(string sql)
        {
            await using var command = new NpgsqlCommand(sql, connection, transaction) { CommandTimeout = 0 };
            return await command.ExecuteNonQueryAsync(ct);
        }

        async Task MarkAsync(int step, long written)
        {
            await using var mark = new NpgsqlCommand(
                $"INSERT INTO {schema}.{MarkerTable} (id, filled_at, rows_written) VALUES (@step, now(), @written) ON CONFLICT (id) DO NOTHING",
                connection, transaction);
            mark.Parameters.AddWithValue("step", step);
            mark.Parameters.AddWithValue("written", written);
            await mark.ExecuteNonQueryAsync(ct);
        }

        // Documents first, so that flat rows the fill writes from them have their dates already.
        var dated = ran.Contains(AgreementDatesStep) ? 0 : await ExecuteAsync(AgreementDatesSql(schema));
        var written = ran.Contains(RowsStep) ? 0 : await ExecuteAsync(FlowAmounts.BackfillSql(schema));
        var flatDated = ran.Contains(AgreementDatesStep) ? 0 : await ExecuteAsync(FlatAgreementDatesSql(schema));
        if (written + flatDated > 0)
        {
            // Rows written without an event: the rewrite counter moves with them, in the same commit, so that every
            // replica's answer cache (not only this process's) stops serving answers computed without them (ADR 0009).
            await ExecuteAsync(FlowRewrites.BumpSql(schema));
            logger.LogInformation("Filled {Table} with {Rows} rows from the flow-row documents written before it existed, and {Dated} agreement dates ({Documents} documents)",
                FlowAmounts.TableName, written, flatDated, dated);
        }

        await MarkAsync(RowsStep, written);
        await MarkAsync(AgreementDatesStep, flatDated);
        await transaction.CommitAsync(ct);
        return written + flatDated;
    }
}
