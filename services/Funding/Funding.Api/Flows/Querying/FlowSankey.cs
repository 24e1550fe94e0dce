using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.Actors.Territories;
using SocialTech.BuildingBlocks.Http;

namespace SocialTech.Funding.Flows.Querying;

/// <summary>A node of the flow graph.</summary>
/// <param name="Id"><c>funder:{actor id}</c>, <c>intermediary:{actor id}</c>, <c>territory:{level:code}</c>,
/// <c>kind:{recipient kind}</c>, or <c>kind:undistributed</c> for what intermediaries hold and have not regranted yet.</param>
/// <param name="Label">What to print: the actor's or territory's name, the kind, <c>non redistribué</c>.</param>
/// <param name="Column"><c>funder</c>, <c>intermediary</c>, <c>territory</c> or <c>recipient-kind</c>.</param>
public sealed record SankeyNode(string Id, string Label, string Column);

/// <summary>Money from one node to another, in euros.</summary>
public sealed record SankeyLink(string Source, string Target, decimal Amount);

/// <summary>A child territory of the scope and the money landing there (0 included), as in by-territory.</summary>
public sealed record SankeyTerritory(string Key, string? Name, decimal Amount);

/// <summary>A flow graph for a Sankey diagram.</summary>
/// <param name="Total">The money entering from funders, each euro once: the sum of the links leaving the funder column,
/// and the total of every flow table with the same filters.</param>
/// <param name="Undistributed">Of the total, what intermediaries hold and have not regranted yet (node <c>kind:undistributed</c>).</param>
/// <param name="Territories">Every child territory of the scope with the money landing there, at 0 where nothing lands
/// (a territory without money has no link, so it is listed here), largest first.</param>
public sealed record SankeyGraph(
    FlowScope Scope, decimal Total, decimal Undistributed, IReadOnlyList<SankeyNode> Nodes, IReadOnlyList<SankeyLink> Links,
    IReadOnlyList<SankeyTerritory> Territories);

/// <summary>
/// Funders → intermediaries → territories → recipient kinds, from the same legs as every table
/// (docs/adr/0012-regrants-counted-once.md), so that each euro is counted once and the graph's total is the tables'.
/// </summary>
/// <remarks>
/// A regranted euro leaves from the funder of its origin grant, passes through each intermediary that regranted it,
/// and lands in the territory of the grant that holds it, then at the recipient's first kind. What an intermediary
/// holds and has not regranted yet goes from the funder to that intermediary, to the intermediary's own place, then
/// to <c>kind:undistributed</c> ("non redistribué"): an intermediary's node receives exactly what it passes on.
/// </remarks>
public static class FlowSankey
{
    public const string FunderColumn = "funder";
    public const string IntermediaryColumn = "intermediary";
    public const string TerritoryColumn = "territory";
    public const string KindColumn = "recipient-kind";

    /// <summary>The stable code of what intermediaries hold and have not regranted yet: node <c>kind:undistributed</c>,
    /// as the by-recipient-kind table's row of the same key (docs/adr/0012-regrants-counted-once.md).</summary>
    public const string Undistributed = "undistributed";

    public const string UndistributedLabel = "non redistribué";

    public static async Task<Ok<SankeyGraph>> Handle(
        IQuerySession session, TerritoryReferential referential, [AsParameters] FlowFilters filters, CancellationToken ct, string? level = null)
    {
        var validation = new Validation();
        var scope = filters.Parse(validation, referential);
        // funder, programme and recipientKind select legs, as in every table (ADR 0012): a leg carries its origin's funder
        // and programme and lands with its recipient's kinds, so one funder's graph follows its money through the
        // intermediaries that regranted it down to where it lands.
        var childLevel = FlowQueries.ChildLevel(validation, scope, level, communeItself: true);
        validation.ThrowIfInvalid();

        var money = await MoneyAsync(session, scope, childLevel, ct);
        var links = new Dictionary<(string Source, string Target), decimal>();
        void Add(string source, string target, decimal amount) =>
            links[(source, target)] = links.GetValueOrDefault((source, target)) + amount;

        // Each leg takes one path: its origin funder, the intermediaries it passed through (and the one holding it, for
        // what is not regranted yet), the territory where it lands, the recipient's first kind or "undistributed".
        foreach (var m in money)
        {
            var path = new List<string> { $"funder:{m.FunderId}" };
            path.AddRange(m.Via.Select(v => $"intermediary:{v}"));
            if (m.Undistributed)
            {
                path.Add($"intermediary:{m.RecipientId}");
            }

            path.Add($"territory:{m.Place}");
            path.Add($"kind:{(m.Undistributed ? Undistributed : scope.RecipientKind ?? m.Kind)}");
            for (var i = 1; i < path.Count; i++)
            {
                Add(path[i - 1], path[i], m.Amount);
            }
        }

        // Every child territory of the scope, at 0 where nothing lands: the same list as by-territory (issue 17).
        var parent = TerritoryKey.TryParse(scope.Territory, out var parentLevel, out var parentCode) ? (parentLevel, parentCode) : ((TerritoryLevel, string)?)null;
        var landed = money.GroupBy(m => m.Place).ToDictionary(g => g.Key, g => g.Sum(m => m.Amount), StringComparer.Ordinal);
        var children = childLevel == parent?.Item1 ? [scope.Territory!]
            : referential.Current.CodesAt(childLevel, parent?.Item1, parent?.Item2).Select(c => TerritoryKey.Of(childLevel, c)).ToArray();
        var territories = children.Union(landed.Keys, StringComparer.Ordinal)
            .Select(k => new SankeyTerritory(k, FlowQueries.NameOf(referential, k), landed.GetValueOrDefault(k)))
            .OrderByDescending(t => t.Amount).ThenBy(t => t.Key, StringComparer.Ordinal).ToArray();

        var kept = links.Where(l => l.Value != 0).ToArray();
        var ids = kept.SelectMany(l => new[] { l.Key.Source, l.Key.Target }).Distinct(StringComparer.Ordinal).ToArray();
        var actorIds = ids.Select(ActorOf).OfType<Guid>();
        var names = await FlowQueries.NamesAsync(session, actorIds, ct);
        var nodes = ids.Select(id => Node(id, names, referential))
            .OrderBy(n => Array.IndexOf([FunderColumn, IntermediaryColumn, TerritoryColumn, KindColumn], n.Column))
            .ThenBy(n => n.Label, StringComparer.Ordinal).ThenBy(n => n.Id, StringComparer.Ordinal).ToArray();
        var total = kept.Where(l => l.Key.Source.StartsWith("funder:", StringComparison.Ordinal)).Sum(l => l.Value);
        return TypedResults.Ok(new SankeyGraph(scope, total, money.Where(m => m.Undistributed).Sum(m => m.Amount), nodes,
            kept.OrderByDescending(l => l.Value).ThenBy(l => l.Key.Source, StringComparer.Ordinal).ThenBy(l => l.Key.Target, StringComparer.Ordinal)
                .Select(l => new SankeyLink(l.Key.Source, l.Key.Target, l.Value)).ToArray(), territories));
    }

    /// <summary>One path's money, summed in SQL over the legs that take it.</summary>
    /// <param name="Via">The intermediaries the money passed through, first to last.</param>
    /// <param name="Undistributed">Held by <paramref name="RecipientId"/>, an intermediary, and not regranted yet.</param>
    private sealed record PathMoney(Guid FunderId, Guid[] Via, bool Undistributed, Guid RecipientId, string Place, string Kind, decimal Amount);

    /// <summary>The money in scope (the same legs as every table), summed per path; a leg's place is its territory at the
    /// child level, else its first key.</summary>
    private static async Task<List<PathMoney>> MoneyAsync(IQuerySession session, FlowScope scope, TerritoryLevel childLevel, CancellationToken ct)
    {
        var sql = FlowSql.For(session, scope);
        var level = FlowSql.LevelColumn(childLevel);
        var text = $"""
            WITH {sql.MoneyCte("funder_id", "via", "undistributed", "recipient_id", level, "keys", "recipient_kinds")}
            SELECT funder_id, via, undistributed, recipient_id, coalesce({level}, keys[1], 'unknown'), coalesce(recipient_kinds[1], 'unknown'), sum(amount)
            FROM money GROUP BY 1, 2, 3, 4, 5, 6
            """;
        var result = new List<PathMoney>();
        await using var reader = await sql.ReadAsync(session, text, ct);
        while (await reader.ReadAsync(ct))
        {
            result.Add(new PathMoney(reader.GetGuid(0), reader.GetFieldValue<Guid[]>(1), reader.GetBoolean(2), reader.GetGuid(3),
                reader.GetString(4), reader.GetString(5), reader.GetDecimal(6)));
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
            _ => new SankeyNode(id, rest == Undistributed ? UndistributedLabel : rest, KindColumn),
        };
    }
}
