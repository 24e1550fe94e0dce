using System.Text.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using SocialTech.Funding.Flows;
using SocialTech.Funding.Grants;
using SocialTech.Funding.Grants.GettingDetails;

namespace SocialTech.Funding.Tests.Flows;

/// <summary>
/// The flow rows equal a rebuild from scratch (docs/adr/0006-flows-as-known-on.md): written one append at a time by
/// the inline projection, then replayed by Marten's daemon with each grant's whole stream in one slice, on real
/// PostgreSQL, they must keep the same versions, intervals and ids, and every as-of answer must stay the same.
/// </summary>
public sealed class RebuildTests(ClockedFundingService funding) : IClassFixture<ClockedFundingService>
{
    private const string Flows = "/api/funding/flows";

    private static readonly DateTimeOffset Day1 = new(2025, 3, 3, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Day2 = new(2025, 4, 10, 14, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Day3 = new(2025, 5, 20, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Day4 = new(2025, 6, 2, 17, 45, 0, TimeSpan.Zero);

    [Fact]
    public async Task RebuildFromScratch_KeepsEveryRowVersionAndAsOfAnswer()
    {
        var departement = await funding.SeedActorAsync("Département (rebuild)", "24322", "local-authority");
        await funding.DeclareFunderAsync(departement, "state");
        var region = await funding.SeedActorAsync("Région (rebuild)", "33063", "local-authority");
        await funding.DeclareFunderAsync(region, "state");
        var recipient = await funding.SeedActorAsync("Tiers-lieu de Ribérac (rebuild)", "24352", "association");

        funding.Clock.SetUtcNow(Day1);
        var (a, aTag) = await AwardAsync(departement, recipient, 12000m);
        var (b, bTag) = await AwardAsync(region, recipient, 6000m);
        var (c, cTag) = await AwardAsync(departement, recipient, 3000m);

        // Two appends at the same instant (the test clock does not move): a replay cannot tell them apart, so neither may the rows.
        funding.Clock.SetUtcNow(Day2);
        aTag = await funding.SendAsync(HttpMethod.Post, $"/api/funding/grants/{a}/agreement", new { signedOn = "2025-04-09" }, aTag);
        aTag = await funding.SendAsync(HttpMethod.Post, $"/api/funding/grants/{a}/disbursements", new { amount = 4000m, paidOn = "2025-04-10" }, aTag);
        bTag = await funding.SendAsync(HttpMethod.Post, $"/api/funding/grants/{b}/amendments", new { amount = 7500m, reason = "Avenant", amendedOn = "2025-04-10" }, bTag);

        funding.Clock.SetUtcNow(Day3);
        aTag = await funding.SendAsync(HttpMethod.Post, $"/api/funding/grants/{a}/disbursements", new { amount = 3000m, paidOn = "2025-05-19" }, aTag);
        await funding.SendAsync(HttpMethod.Post, $"/api/funding/grants/{c}/cancellation", new { cancelledOn = "2025-05-20", reason = "Projet abandonné" }, cTag);

        funding.Clock.SetUtcNow(Day4);
        await funding.SendAsync(HttpMethod.Post, $"/api/funding/grants/{a}/amendments", new { amount = 10000m, reason = "Réduction", amendedOn = "2025-06-01" }, aTag);
        await funding.SendAsync(HttpMethod.Post, $"/api/funding/grants/{b}/agreement", new { signedOn = "2025-06-02" }, bTag);

        var grants = new[] { a, b, c };
        var rowsAsAppended = await RowsAsync(grants);
        var answersAsAppended = await AnswersAsync();
        // The flat table the queries sum (ADR 0008) holds the same rows, every version, as the documents.
        var flatAsAppended = await FlatAsync(grants);
        Assert.Equal(rowsAsAppended.Select(r => r.Id), flatAsAppended.Select(f => f.Id));
        // Grant a was recorded at four instants, two appends sharing one: four versions of its one row, the last open.
        var aRows = rowsAsAppended.Where(r => r.GrantId == a).ToArray();
        Assert.Equal([Day1, Day2, Day3, Day4], aRows.Select(r => r.KnownFrom).Order());
        Assert.Equal([Day2, Day3, Day4, null], aRows.OrderBy(r => r.KnownFrom).Select(r => r.KnownUntil));

        // Over the rows as they are, then from empty tables: both must give back what the appends wrote.
        await RebuildAsync();
        Assert.Equal(Json(rowsAsAppended), Json(await RowsAsync(grants)));
        Assert.Equal(flatAsAppended, await FlatAsync(grants));
        Assert.Equal(answersAsAppended, await AnswersAsync());

        await using (var session = Store.LightweightSession())
        {
            session.DeleteWhere<GrantFlowRow>(_ => true);
            session.DeleteWhere<Grant>(_ => true);
            session.QueueSqlCommand($"DELETE FROM {Store.Options.DatabaseSchemaName}.{FlowAmounts.TableName}");
            await session.SaveChangesAsync();
        }

        Assert.Empty(await RowsAsync(grants));
        Assert.Empty(await FlatAsync(grants));
        await RebuildAsync();
        Assert.Equal(Json(rowsAsAppended), Json(await RowsAsync(grants)));
        Assert.Equal(flatAsAppended, await FlatAsync(grants));
        Assert.Equal(answersAsAppended, await AnswersAsync());
    }

    [Fact]
    public async Task ADatabaseWrittenBeforeTheFlatTable_GetsTheRowsItLacksAtStartUp_AndAnswersAsBefore()
    {
        var departement = await funding.SeedActorAsync("Département (backfill)", "24322", "local-authority");
        await funding.DeclareFunderAsync(departement, "state");
        var recipient = await funding.SeedActorAsync("Recyclerie (backfill)", "24352", "association");
        var (a, _) = await AwardAsync(departement, recipient, 5000m);
        var (b, _) = await AwardAsync(departement, recipient, 2500m);
        var flat = await FlatAsync([a, b]);
        var answers = await AnswersAsync();
        Assert.NotEmpty(flat);

        // As a database upgraded from before ADR 0008 and written to since: documents, flat rows for the newer grant
        // only, and no record of a fill (the fill's own table did not exist either).
        Assert.Equal(1, await funding.ExecuteSqlAsync($"DELETE FROM {Schema}.{FlowAmountsBackfill.MarkerTable} WHERE id = {FlowAmountsBackfill.RowsStep}"));
        await funding.ForgetFlatRowsAsync(a);

        Assert.Empty(await FlatAsync([a]));
        Assert.NotEmpty(await FlatAsync([b]));
        var rewrites = await RewritesAsync();
        await funding.RestartAsync();

        Assert.Equal(flat, await FlatAsync([a, b]));
        Assert.Equal(answers, await AnswersAsync());

        // In the database, not only in the process that filled: every replica's answer cache sees the new version.
        Assert.Equal(rewrites + 1, await RewritesAsync());
        await funding.RestartAsync();
        Assert.Equal(rewrites + 1, await RewritesAsync());

        // Once per database: later starts do not read every flow row again. Rows lost behind the service's back
        // (no such write path exists) would stay lost, which is how this shows the fill did not run.
        await funding.ForgetFlatRowsAsync(b);
        try
        {
            await funding.RestartAsync();
            Assert.Empty(await FlatAsync([b]));
            Assert.Equal(rewrites + 1, await RewritesAsync());
        }
        finally
        {
            // The other test of this class sums the same commune: put them back, as a database never filled would
            // get them, whatever the checks above found.
            await funding.ExecuteSqlAsync($"DELETE FROM {Schema}.{FlowAmountsBackfill.MarkerTable} WHERE id = {FlowAmountsBackfill.RowsStep}");
            await FlowAmountsBackfill.RunAsync(Store, NullLogger.Instance, CancellationToken.None);
        }

        Assert.Equal(flat, await FlatAsync([a, b]));
    }

    private string Schema => Store.Options.DatabaseSchemaName;

    private async Task<long> RewritesAsync()
    {
        await using var connection = new Npgsql.NpgsqlConnection(funding.DatabaseConnectionString);
        await connection.OpenAsync();
        await using var read = new Npgsql.NpgsqlCommand(
            $"SELECT coalesce(max(generation), 0) FROM {Store.Options.DatabaseSchemaName}.{FlowRewrites.TableName}", connection);
        return (long)(await read.ExecuteScalarAsync())!;
    }

    private IDocumentStore Store => funding.Host.Services.GetRequiredService<IDocumentStore>();

    /// <summary>What an operator runs: Marten's daemon replays every grant stream into both projections.</summary>
    private async Task RebuildAsync()
    {
        using var daemon = await Store.BuildProjectionDaemonAsync();
        await daemon.RebuildProjectionAsync<GrantProjection>(TimeSpan.FromMinutes(1), CancellationToken.None);
        await daemon.RebuildProjectionAsync(GrantFlowProjection.Name, TimeSpan.FromMinutes(1), CancellationToken.None);
    }

    /// <summary>Every row of the grants, every version, in id order.</summary>
    private async Task<IReadOnlyList<GrantFlowRow>> RowsAsync(Guid[] grants)
    {
        await using var session = Store.QuerySession();
        var rows = await session.Query<GrantFlowRow>().Where(r => r.GrantId.IsOneOf(grants)).ToListAsync();
        return rows.OrderBy(r => r.Id, StringComparer.Ordinal).ToArray();
    }

    /// <summary>Every flat row of the grants (<see cref="FlowAmounts"/>), every column as JSON, in id order.</summary>
    private async Task<IReadOnlyList<(string Id, string Json)>> FlatAsync(Guid[] grants)
    {
        await using var session = Store.QuerySession();
        await using var connection = session.Database.CreateConnection();
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            $"SELECT f.id, row_to_json(f)::text FROM {Store.Options.DatabaseSchemaName}.{FlowAmounts.TableName} f WHERE f.grant_id = ANY(@grants)", connection);
        command.Parameters.AddWithValue("grants", grants);
        var rows = new List<(string, string)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetString(1)));
        }

        return rows.OrderBy(r => r.Item1, StringComparer.Ordinal).ToArray();
    }

    /// <summary>The flow tables as of the days around each append, and now, as the API writes them.</summary>
    private async Task<IReadOnlyList<string>> AnswersAsync()
    {
        var answers = new List<string>();
        // Days after the test clock's are left out: a question about the future is a 400 (FlowFilterSqlTests), and the
        // tests of this class share one clock, which only moves forward, in whichever order they run.
        var today = DateOnly.FromDateTime(funding.Clock.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        foreach (var asOf in new[] { "2025-03-02", "2025-03-03", "2025-04-10", "2025-05-19", "2025-05-20", "2025-06-02", null }
                     .Where(d => d is null || string.CompareOrdinal(d, today) <= 0))
        {
            var query = asOf is null ? "" : $"&asOf={asOf}";
            foreach (var measure in new[] { "awarded", "disbursed" })
            {
                answers.Add((await funding.GetAsync($"{Flows}/by-funder?territory=commune:24352&measure={measure}{query}")).GetRawText());
            }

            answers.Add((await funding.GetAsync($"{Flows}/sankey?territory=commune:24352{query}")).GetRawText());
        }

        return answers;
    }

    private static string Json(IReadOnlyList<GrantFlowRow> rows) => string.Join('\n', rows.Select(r => JsonSerializer.Serialize(r)));

    private async Task<(Guid Id, string ETag)> AwardAsync(Guid funder, Guid recipient, decimal amount)
    {
        var (id, etag, _) = await funding.CreateAsync("/api/funding/grants", new
        {
            funders = new[] { new { funderId = funder } }, recipientId = recipient, purpose = "Tiers-lieu", amount,
            plannedStart = "2025-01-01", plannedEnd = "2025-12-31", decisionDate = "2025-03-01",
        });
        return (id, etag);
    }
}
