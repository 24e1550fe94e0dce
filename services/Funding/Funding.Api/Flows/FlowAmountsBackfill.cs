using Marten;
using Npgsql;
using SocialTech.Funding.Flows.Caching;

namespace SocialTech.Funding.Flows;

/// <summary>
/// A database whose flow-row documents were written before <see cref="FlowAmounts"/> existed (ADR 0008) would answer
/// every flow query with nothing for its older grants: at start-up, once Marten has created the table, this writes the
/// rows of every document the table lacks (none, normally: the projection writes both in one transaction). Idempotent,
/// so replicas starting together do no harm.
/// </summary>
public sealed class FlowAmountsBackfill(IDocumentStore store, ILogger<FlowAmountsBackfill> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => RunAsync(store, logger, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <returns>The rows written; 0 when the table lacked none.</returns>
    public static async Task<int> RunAsync(IDocumentStore store, ILogger logger, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        var schema = store.Options.DatabaseSchemaName;
        // The tables exist by now: AddEventStore applies Marten's schema in a hosted service registered before this one.
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
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

        await transaction.CommitAsync(ct);
        return written;
    }
}
