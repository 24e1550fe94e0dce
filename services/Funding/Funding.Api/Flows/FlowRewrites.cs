using Marten;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace SocialTech.Funding.Flows;

/// <summary>
/// <c>flow_rewrites</c>: one row counting the times the flow rows were rewritten without new events, by a rebuild of
/// <see cref="GrantFlowProjection"/> or by <see cref="FlowAmountsBackfill"/>. Bumped in the transaction that writes the
/// rows, so that the answer cache's data version (docs/adr/0009-flow-answer-cache.md) moves exactly when the rewritten
/// rows become visible, on every replica.
/// </summary>
/// <remarks>
/// Appends do not bump it (their events move the version already): one row that every grant append updated would
/// serialize them all.
/// </remarks>
public static class FlowRewrites
{
    public const string TableName = "flow_rewrites";

    public static Table Definition(string schema)
    {
        var table = new Table(new PostgresqlObjectName(schema, TableName, SchemaUtils.IdentifierUsage.General));
        table.AddColumn("id", "integer").AsPrimaryKey();
        table.AddColumn("generation", "bigint").NotNull();
        return table;
    }

    internal static void QueueBump(IDocumentOperations operations) =>
        operations.QueueSqlCommand(BumpSql(operations.DocumentStore.Options.DatabaseSchemaName));

    internal static string BumpSql(string schema) =>
        $"INSERT INTO {schema}.{TableName} (id, generation) VALUES (1, 1) ON CONFLICT (id) DO UPDATE SET generation = {schema}.{TableName}.generation + 1";
}
