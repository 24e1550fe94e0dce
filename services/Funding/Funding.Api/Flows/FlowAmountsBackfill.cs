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
/// </summary>
/// <remarks>
/// Once is enough: since the table exists, the projection writes a grant's documents and rows in one transaction.
/// The fill records that it ran (<see cref="MarkerTable"/>) in its own commit, because its anti-join reads every
/// flow row and took 6.4 s at each start of a replica over a million grants, for nothing.
/// </remarks>
public sealed class FlowAmountsBackfill(IDocumentStore store, ILogger<FlowAmountsBackfill> logger) : IHostedService
{
    /// <summary>One row once the fill has run on this database.</summary>
    public const string MarkerTable = "flow_amounts_filled";

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

    /// <returns>The rows written; 0 when the table lacked none, or when the fill had already run on this database.</returns>
    public static async Task<int> RunAsync(IDocumentStore store, ILogger logger, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        var schema = store.Options.DatabaseSchemaName;
        // The tables exist by now: AddEventStore applies Marten's schema in a hosted service registered before this one.
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using (var ran = new NpgsqlCommand($"SELECT EXISTS (SELECT 1 FROM {schema}.{MarkerTable})", connection))
        {
            if ((bool)(await ran.ExecuteScalarAsync(ct))!)
            {
                return 0;
            }
        }

        await using var transaction = await connection.BeginTransactionAsync(ct);
        // A large database takes minutes: no command timeout, the service's start waits for it.
        await using var fill = new NpgsqlCommand(FlowAmounts.BackfillSql(schema), connection, transaction) { CommandTimeout = 0 };
        var written = await fill.ExecuteNonQueryAsync(ct);
        if (written > 0)
        {
            // Rows written without an event: the rewrite counter moves with them, in the same commit, so that every
            // replica's answer cache (not only this process's) stops serving answers computed without them (ADR 0009).
            await using var bump = new NpgsqlCommand(FlowRewrites.BumpSql(schema), connection, transaction);
            await bump.ExecuteNonQueryAsync(ct);
            logger.LogInformation("Filled {Table} with {Rows} rows from the flow-row documents written before it existed", FlowAmounts.TableName, written);
        }

        await using var mark = new NpgsqlCommand(
            $"INSERT INTO {schema}.{MarkerTable} (id, filled_at, rows_written) VALUES (1, now(), @written) ON CONFLICT (id) DO NOTHING",
            connection, transaction);
        mark.Parameters.AddWithValue("written", (long)written);
        await mark.ExecuteNonQueryAsync(ct);
        await transaction.CommitAsync(ct);
        return written;
    }
}
