using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.Actors.Territories;
using SocialTech.BuildingBlocks.Http;
using SocialTech.Funding.Grants;

namespace SocialTech.Funding.Flows.Querying;

/// <summary>A node of the flow graph.</summary>
/// <param name="Id"><c>funder:{actor id}</c>, <c>intermediary:{actor id}</c>, <c>territory:{level:code}</c> or <c>kind:{recipient kind}</c>.</param>
/// <param name="Label">What to print: the actor's or territory's name, the kind.</param>
/// <param name="Column"><c>funder</c>, <c>intermediary</c>, <c>territory</c> or <c>recipient-kind</c>.</param>
public sealed record SankeyNode(string Id, string Label, string Column);

/// <summary>Money from one node to another, in euros.</summary>
public sealed record SankeyLink(string Source, string Target, decimal Amount);

/// <summary>A flow graph for a Sankey diagram.</summary>
/// <param name="Total">The money entering from funders, each euro once: the sum of the links leaving the funder column.</param>
public sealed record SankeyGraph(FlowScope Scope, decimal Total, IReadOnlyList<SankeyNode> Nodes, IReadOnlyList<SankeyLink> Links);

/// <summary>
/// Funders → intermediaries → territories → recipient kinds, from the same flow rows as every table, with regranted
/// money counted once.
/// </summary>
/// <remarks>
/// A grant some other grant names as its parent was given to an intermediary that regrants it: its money goes from its
/// funders to <c>intermediary:{its recipient}</c> and stops there. A child grant's part paid by that intermediary
/// leaves from the intermediary node, not from a funder; its other co-funders' parts leave from their funder nodes.
/// Money that reaches a recipient goes to its territory (the child level of the scope's territory, as in by-territory),
/// then to the recipient's first kind, so that each euro takes one path. An intermediary's node may receive more than
/// it passes on (what it has not regranted yet) or, when the parent grant lies outside the scope, pass on more than
/// it receives.
/// </remarks>
public static class FlowSankey
{
    public const string FunderColumn = "funder";
    public const string IntermediaryColumn = "intermediary";
    public const string TerritoryColumn = "territory";
    public const string KindColumn = "recipient-kind";

    public static async Task<Ok<SankeyGraph>> Handle(
        IQuerySession session, TerritoryReferential referential, [AsParameters] FlowFilters filters, CancellationToken ct, string? level = null)
    {
        var validation = new Validation();
        var scope = filters.Parse(validation, referential);
        // A regranted grant's money reaches its territory through child grants of another funder and maybe outside the
        // programme: one funder's or programme's graph would stop at its intermediaries. Refused rather than half drawn.
        validation
            .Check(filters.Funder is null, "funder", "is not a filter of the Sankey graph; use by-funder or by-territory.")
            .Check(filters.Programme is null, "programme", "is not a filter of the Sankey graph; use by-programme or by-territory.")
            // The same for a kind: a regranted euro reaches recipients of other kinds than its intermediary's.
            .Check(filters.RecipientKind is null, "recipientKind", "is not a filter of the Sankey graph, whose last column splits the money by kind; use by-recipient-kind.");
        var childLevel = FlowQueries.ChildLevel(validation, scope, level, communeItself: true);
        validation.ThrowIfInvalid();

        var money = await MoneyAsync(session, scope, childLevel, ct);
        var childParents = money.Select(m => m.ParentGrantId).OfType<Guid>().Distinct().ToArray();
        var intermediaryOf = childParents.Length == 0 ? []
            : (await session.LoadManyAsync<Grant>(ct, childParents)).ToDictionary(g => g.Id, g => g.Terms.Recipient.ActorId);

        var links = new Dictionary<(string Source, string Target), decimal>();
        void Add(string source, string target, decimal amount) =>
            links[(source, target)] = links.GetValueOrDefault((source, target)) + amount;

        foreach (var m in money)
        {
            var fromIntermediary = m.ParentGrantId is { } parent && intermediaryOf.TryGetValue(parent, out var intermediary) && intermediary == m.FunderId;
            var source = fromIntermediary ? $"intermediary:{m.FunderId}" : $"funder:{m.FunderId}";
            if (m.IntermediaryRecipient is { } recipient)
            {
                Add(source, $"intermediary:{recipient}", m.Amount);
                continue;
            }

            Add(source, $"territory:{m.Place}", m.Amount);
            Add($"territory:{m.Place}", $"kind:{m.Kind}", m.Amount);
        }

        var kept = links.Where(l => l.Value != 0).ToArray();
        var ids = kept.SelectMany(l => new[] { l.Key.Source, l.Key.Target }).Distinct(StringComparer.Ordinal).ToArray();
        var actorIds = ids.Select(ActorOf).OfType<Guid>();
        var names = await FlowQueries.NamesAsync(session, actorIds, ct);
        var nodes = ids.Select(id => Node(id, names, referential))
            .OrderBy(n => Array.IndexOf([FunderColumn, IntermediaryColumn, TerritoryColumn, KindColumn], n.Column))
            .ThenBy(n => n.Label, StringComparer.Ordinal).ThenBy(n => n.Id, StringComparer.Ordinal).ToArray();
        var total = kept.Where(l => l.Key.Source.StartsWith("funder:", StringComparison.Ordinal)).Sum(l => l.Value);
        return TypedResults.Ok(new SankeyGraph(scope, total, nodes,
            kept.OrderByDescending(l => l.Value).ThenBy(l => l.Key.Source, StringComparer.Ordinal).ThenBy(l => l.Key.Target, StringComparer.Ordinal)
                .Select(l => new SankeyLink(l.Key.Source, l.Key.Target, l.Value)).ToArray()));
    }

    /// <summary>One path's money, summed in SQL over the rows that take it.</summary>
    /// <param name="IntermediaryRecipient">The recipient, when the grant is a parent that some known grant names
    /// (its money stops at that intermediary); null otherwise.</param>
    private sealed record PathMoney(Guid FunderId, Guid? ParentGrantId, Guid? IntermediaryRecipient, string? Place, string? Kind, decimal Amount);

    /// <summary>
    /// The rows in scope summed per path. Parents are found among every grant known at the scope's time, wherever and
    /// whenever its children were decided; a row's place is its territory at the child level, else its first key.
    /// </summary>
    private static async Task<List<PathMoney>> MoneyAsync(IQuerySession session, FlowScope scope, TerritoryLevel childLevel, CancellationToken ct)
    {
        var sql = FlowSql.For(session, scope);
        var text = $"""
            WITH {sql.MoneyCte("grant_id", "funder_id", "parent_grant_id", "recipient_id", FlowSql.LevelColumn(childLevel), "keys", "recipient_kinds")},
            paths AS (
                SELECT m.funder_id, m.parent_grant_id,
                       EXISTS (SELECT 1 FROM {session.DocumentStore.Options.DatabaseSchemaName}.{FlowAmounts.TableName} c
                               WHERE c.parent_grant_id = m.grant_id AND NOT c.cancelled AND {sql.Known("c")}) AS parent,
                       m.recipient_id, coalesce(m.{FlowSql.LevelColumn(childLevel)}, m.keys[1], 'unknown') AS place,
                       coalesce(m.recipient_kinds[1], 'unknown') AS kind, m.amount
                FROM money m)
            SELECT funder_id, parent_grant_id, CASE WHEN parent THEN recipient_id END, CASE WHEN NOT parent THEN place END,
                   CASE WHEN NOT parent THEN kind END, sum(amount)
            FROM paths GROUP BY 1, 2, 3, 4, 5
            """;
        var result = new List<PathMoney>();
        await using var reader = await sql.ReadAsync(session, text, ct);
        while (await reader.ReadAsync(ct))
        {
            result.Add(new PathMoney(reader.GetGuid(0), reader.IsDBNull(1) ? null : reader.GetGuid(1), reader.IsDBNull(2) ? null : reader.GetGuid(2),
                reader.IsDBNull(3) ? null : reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetDecimal(5)));
        }

        return result;
    }

    private static Guid? ActorOf(string id) =>
        (id.StartsWith("funder:", StringComparison.Ordinal) || id.StartsWith("intermediary:", StringComparison.Ordinal))
        && Guid.TryParse(id[(id.IndexOf(':', StringComparison.Ordinal) + 1)..], out var actor) ? actor : null;

    private static SankeyNode Node(string id, IReadOnlyDictionary<string, string> names, TerritoryReferential referential)
    {
        var colon = id.IndexOf(':', StringComparison.Ordinal);
        var (prefix, rest) = (id[..colon], id[(colon + 1)..]);
        return prefix switch
        {
            "funder" => new SankeyNode(id, names.GetValueOrDefault(rest) ?? rest, FunderColumn),
            "intermediary" => new SankeyNode(id, names.GetValueOrDefault(rest) ?? rest, IntermediaryColumn),
            "territory" => new SankeyNode(id, FlowQueries.NameOf(referential, rest) ?? rest, TerritoryColumn),
            _ => new SankeyNode(id, rest, KindColumn),
        };
    }
}
