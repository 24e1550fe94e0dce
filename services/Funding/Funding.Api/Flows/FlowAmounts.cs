using Marten;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace SocialTech.Funding.Flows;

/// <summary>
/// <c>flow_amounts</c>: every <see cref="GrantFlowRow"/> (every version) as plain columns, written by
/// <see cref="GrantFlowProjection"/> in the same transaction as the documents, so that the flow queries sum and group
/// inside PostgreSQL instead of loading documents (docs/adr/0008-flows-summed-in-sql.md).
/// </summary>
/// <remarks>
/// Each row is derived from the document's own JSON by <see cref="Columns"/>, the one definition of the mapping: the
/// projection passes the rows it stores, and <see cref="BackfillSql"/> reads the stored documents, so that both give
/// the same columns. Territory keys get one column per level for each basis (<c>loc_</c>: where the money is used,
/// <c>ho_</c>: the recipient's head office): a level has one key at most, so a column equals "the keys contain it".
/// </remarks>
public static class FlowAmounts
{
    public const string TableName = "flow_amounts";

    /// <summary>The levels that get a column per basis, in <c>TerritoryLevel</c>'s names.</summary>
    public static readonly string[] Levels = ["region", "departement", "epci", "commune"];

    /// <summary>Every column and how it is read from a flow row's JSON (<c>data</c>), in table order.</summary>
    private static readonly (string Name, string Type, string Expression)[] Columns =
    [
        ("id", "text", "data->>'Id'"),
        ("grant_id", "uuid", "(data->>'GrantId')::uuid"),
        ("funder_id", "uuid", "(data->>'FunderId')::uuid"),
        ("funder_type", "text", "data->>'FunderType'"),
        ("recipient_id", "uuid", "(data->>'RecipientId')::uuid"),
        ("recipient_kinds", "text[]", "ARRAY(SELECT e FROM jsonb_array_elements_text(data->'RecipientKinds') WITH ORDINALITY AS x(e, i) ORDER BY i)"),
        ("programme_id", "uuid", "(data->>'ProgrammeId')::uuid"),
        ("themes", "text[]", "ARRAY(SELECT e FROM jsonb_array_elements_text(data->'Themes') WITH ORDINALITY AS x(e, i) ORDER BY i)"),
        ("parent_grant_id", "uuid", "(data->>'ParentGrantId')::uuid"),
        .. Place("loc", "Location"),
        .. Place("ho", "HeadOffice"),
        ("decision_date", "date", "(data->>'DecisionDate')::date"),
        ("fiscal_years", "integer[]", "ARRAY(SELECT e::int FROM jsonb_array_elements_text(data->'FiscalYears') WITH ORDINALITY AS x(e, i) ORDER BY i)"),
        ("awarded", "numeric", "(data->>'Awarded')::numeric"),
        ("disbursed", "numeric", "(data->>'Disbursed')::numeric"),
        ("paid_on", "date[]", "ARRAY(SELECT (p->>'PaidOn')::date FROM jsonb_array_elements(data->'Payments') WITH ORDINALITY AS x(p, i) ORDER BY i)"),
        ("paid", "numeric[]", "ARRAY(SELECT (p->>'Amount')::numeric FROM jsonb_array_elements(data->'Payments') WITH ORDINALITY AS x(p, i) ORDER BY i)"),
        ("cancelled", "boolean", "(data->>'Cancelled')::boolean"),
        ("known_from", "timestamptz", "(data->>'KnownFrom')::timestamptz"),
        ("known_until", "timestamptz", "(data->>'KnownUntil')::timestamptz"),
        // Added with the committed measure: Marten adds the column to an existing table, FlowAmountsBackfill fills it.
        ("agreement_date", "date", "(data->>'AgreementDate')::date"),
    ];

    /// <summary>Every column's name, in table order: the flow queries list them by name (never <c>f.*</c>, whose order a
    /// migration that adds a column would not keep).</summary>
    public static IReadOnlyList<string> ColumnNames => [.. Columns.Select(c => c.Name)];

    private static IEnumerable<(string, string, string)> Place(string prefix, string property) =>
    [
        ($"{prefix}_code", "text", $"data->'{property}'->>'Code'"),
        ($"{prefix}_vintage", "integer", $"(data->'{property}'->>'Vintage')::int"),
        ($"{prefix}_keys", "text[]", $"ARRAY(SELECT e FROM jsonb_array_elements_text(data->'{property}Keys') WITH ORDINALITY AS x(e, i) ORDER BY i)"),
        .. Levels.Select(level => ($"{prefix}_{level}", "text",
            $"(SELECT e FROM jsonb_array_elements_text(data->'{property}Keys') WITH ORDINALITY AS x(e, i) WHERE e LIKE '{level}:%' ORDER BY i LIMIT 1)")),
    ];

    /// <summary>The table and its indexes, created and migrated by Marten with the rest of the schema.</summary>
    public static Table Definition(string schema)
    {
        var table = new Table(new PostgresqlObjectName(schema, TableName, SchemaUtils.IdentifierUsage.General));
        foreach (var (name, type, _) in Columns)
        {
            var column = table.AddColumn(name, type);
            if (name == "id")
            {
                column.AsPrimaryKey();
            }
        }

        // The beneficiary basis is what almost every query filters on: one B-tree per level, as a DBA would index
        // the flat table. The head-office basis is rarer: one GIN over its keys serves every level.
        foreach (var level in Levels)
        {
            table.Indexes.Add(new IndexDefinition($"ix_flow_amounts_loc_{level}") { Columns = [$"loc_{level}"] });
        }

        table.Indexes.Add(new IndexDefinition("ix_flow_amounts_ho_keys") { Columns = ["ho_keys"], Method = IndexMethod.gin });
        table.Indexes.Add(new IndexDefinition("ix_flow_amounts_grant_id") { Columns = ["grant_id"] });
        table.Indexes.Add(new IndexDefinition("ix_flow_amounts_recipient_id") { Columns = ["recipient_id"] });
        table.Indexes.Add(new IndexDefinition("ix_flow_amounts_parent_grant_id") { Columns = ["parent_grant_id"], Predicate = "parent_grant_id is not null" });

        // A period of the current rows outside any regrant family (FlowSql.Counted's direct rows, nearly all of them), read
        // from the index alone: France's money for a year read the whole table (800 MB at a million grants) for want of
        // an index on the decision date; the included columns are what the by-territory sums read (ADR 0008).
        table.Indexes.Add(new IndexDefinition("ix_flow_amounts_current_decision_date")
        {
            Columns = ["decision_date"],
            IncludeColumns = ["grant_id", "awarded", .. Levels.Select(level => $"loc_{level}")],
            Predicate = "known_until is null and not cancelled and parent_grant_id is null",
        });
        return table;
    }

    /// <summary>
    /// Inserts (or, for a version being closed, updates) the rows given as a JSON array of flow-row documents: one
    /// statement for all of them, idempotent, so that a replay writes the same table.
    /// </summary>
    public static string UpsertSql(string schema) => $"""
        INSERT INTO {schema}.{TableName} ({string.Join(", ", Columns.Select(c => c.Name))})
        SELECT {string.Join(", ", Columns.Select(c => c.Expression))} FROM jsonb_array_elements(?::jsonb) AS r(data)
        ON CONFLICT (id) DO UPDATE SET {string.Join(", ", Columns.Skip(1).Select(c => $"{c.Name} = excluded.{c.Name}"))}
        """;

    /// <summary>
    /// Writes the rows of the stored documents that the table lacks: for a database whose documents were written without
    /// it. Only the missing ones are computed, so that it costs one anti-join when nothing is missing.
    /// </summary>
    public static string BackfillSql(string schema) => $"""
        INSERT INTO {schema}.{TableName} ({string.Join(", ", Columns.Select(c => c.Name))})
        SELECT {string.Join(", ", Columns.Select(c => c.Expression))} FROM {schema}.mt_doc_grantflowrow d
        WHERE NOT EXISTS (SELECT 1 FROM {schema}.{TableName} f WHERE f.id = d.id)
        ON CONFLICT (id) DO NOTHING
        """;

    internal static void QueueUpsert(IDocumentOperations operations, IReadOnlyCollection<GrantFlowRow> rows)
    {
        if (rows.Count == 0)
        {
            return;
        }

        var options = operations.DocumentStore.Options;
        operations.QueueSqlCommand(UpsertSql(options.DatabaseSchemaName), options.Serializer().ToJson(rows.ToArray()));
    }

    internal static void QueueDelete(IDocumentOperations operations, string id) =>
        operations.QueueSqlCommand($"DELETE FROM {operations.DocumentStore.Options.DatabaseSchemaName}.{TableName} WHERE id = ?", id);

    internal static void QueueDeleteGrants(IDocumentOperations operations, Guid[] grantIds) =>
        operations.QueueSqlCommand($"DELETE FROM {operations.DocumentStore.Options.DatabaseSchemaName}.{TableName} WHERE grant_id = ANY(?)", grantIds);
}
