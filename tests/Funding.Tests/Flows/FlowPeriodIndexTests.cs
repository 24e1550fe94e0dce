using Npgsql;

namespace SocialTech.Funding.Tests.Flows;

/// <summary>
/// A period of the current flow rows is read from an index, not from the whole table (ADR 0008; bench maze-whitezones:
/// France's money for a year read the 800 MB table at a million grants). The index is created at start-up with the
/// table's others, and it must serve the rows <c>FlowSql</c> reads outside regrant families (current, not cancelled,
/// no parent) from the index alone: the conditions below are those of its <c>counted</c> subquery.
/// </summary>
public sealed class FlowPeriodIndexTests : IAsyncLifetime
{
    private const string Index = "ix_flow_amounts_current_decision_date";

    private readonly FundingService funding = new();

    public async Task InitializeAsync()
    {
        await funding.InitializeAsync();
        var funder = await funding.SeedActorAsync("Département de la Dordogne", "24322", "local-authority");
        var recipient = await funding.SeedActorAsync("Recyclerie de Périgueux", "24322", "association");
        await funding.DeclareFunderAsync(funder, "departement", "departement:24");
        foreach (var (decision, amount) in new[] { ("2024-03-01", 1000m), ("2025-03-01", 250.50m) })
        {
            await funding.CreateAsync("/api/funding/grants", new
            {
                funders = new[] { new { funderId = funder, amount, funderType = "departement" } }, recipientId = recipient, purpose = "Projet", amount,
                plannedStart = decision, plannedEnd = decision, decisionDate = decision, fiscalYears = new[] { int.Parse(decision[..4], System.Globalization.CultureInfo.InvariantCulture) },
                beneficiaryCommuneCodes = new[] { "24322" },
            });
        }
    }

    public Task DisposeAsync() => funding.DisposeAsync();

    [Fact]
    public async Task ThePeriodsCurrentRows_AreReadFromTheDecisionDateIndexAlone()
    {
        await using var connection = new NpgsqlConnection(funding.DatabaseConnectionString);
        await connection.OpenAsync();
        // Two rows make a sequential scan the cheaper plan: forbid it (and the bitmap scan, which visits the table) to
        // ask whether the index can answer at all, as it does at a million rows where it is the cheaper plan.
        // VACUUM first (as autovacuum would): an index-only scan reads the table for pages not yet marked all-visible.
        foreach (var statement in new[] { "VACUUM funding.flow_amounts", "SET enable_seqscan = off", "SET enable_bitmapscan = off" })
        {
            await using var command = new NpgsqlCommand(statement, connection);
            await command.ExecuteNonQueryAsync();
        }

        await using var explain = new NpgsqlCommand("""
            EXPLAIN (ANALYZE, COSTS OFF)
            SELECT f.loc_region, f.loc_departement, f.loc_epci, f.loc_commune, f.grant_id, f.awarded
            FROM funding.flow_amounts f
            WHERE NOT f.cancelled AND f.known_until IS NULL AND f.parent_grant_id IS NULL
              AND f.decision_date >= DATE '2024-01-01' AND f.decision_date <= DATE '2024-12-31'
            """, connection);
        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                plan.Add(reader.GetString(0));
            }
        }

        var text = string.Join("\n", plan);
        Assert.Contains($"Index Only Scan using {Index} on flow_amounts", text, StringComparison.Ordinal);
        Assert.Contains("rows=1 loops=1", plan[0], StringComparison.Ordinal);
        Assert.Contains("Heap Fetches: 0", text, StringComparison.Ordinal);
    }
}
