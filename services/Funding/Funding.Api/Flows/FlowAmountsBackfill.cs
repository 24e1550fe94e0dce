using Marten;
using Npgsql;

namespace SocialTech.Funding.Flows;

/// <summary>
/// A database whose flow-row documents were written before <see cref="FlowAmounts"/> existed (ADR 0008) would answer
/// every flow query with nothing for its older grants: at start-up, once Marten has created the table, this fills it
/// from the documents when it is empty and they are not. Idempotent, so replicas starting together do no harm.
/// </summary>
public sealed class FlowAmountsBackfill(IDocumentStore store, ILogger<FlowAmountsBackfill> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken) => await RunAsync(store, logger, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <returns>The rows written; 0 when the table already had rows or there was nothing to copy.</returns>
    public static async Task<int> RunAsync(IDocumentStore store, ILogger logger, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        var schema = store.Options.DatabaseSchemaName;
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        await store.Storage.Database.EnsureStorageExistsAsync(typeof(GrantFlowRow), ct);
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var check = new NpgsqlCommand(
            $"SELECT NOT EXISTS (SELECT 1 FROM {schema}.{FlowAmounts.TableName}) AND EXISTS (SELECT 1 FROM {schema}.mt_doc_grantflowrow)", connection);
        if (await check.ExecuteScalarAsync(ct) is not true)
        {
            return 0;
        }

        // A large database takes minutes: no command timeout, the service's start waits for it.
        await using var fill = new NpgsqlCommand(FlowAmounts.BackfillSql(schema), connection) { CommandTimeout = 0 };
        var written = await fill.ExecuteNonQueryAsync(ct);
        logger.LogInformation("Filled {Table} with {Rows} rows from the flow-row documents written before it existed", FlowAmounts.TableName, written);
        return written;
    }
}
