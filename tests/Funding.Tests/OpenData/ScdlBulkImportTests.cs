using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SocialTech.Actors.Contracts;
using SocialTech.Actors.Directory;
using SocialTech.Funding.OpenData.Importing;
using Xunit.Abstractions;
using static SocialTech.Testing.ScdlReports;

namespace SocialTech.Funding.Tests.OpenData;

/// <summary>
/// The SCDL import across its write batches (<see cref="ImportScdl.BatchSize"/> grants a transaction): a file larger
/// than one batch still reports row by row, creates each grant once with its event, document and flow row, and
/// creates nothing when sent again.
/// </summary>
public sealed class ScdlBulkImportTests(ScdlBulkImportTests.Service service, ITestOutputHelper output) : IClassFixture<ScdlBulkImportTests.Service>
{
    private const string Header = "nomAttribuant;idAttribuant;dateConvention;referenceDecision;nomBeneficiaire;idBeneficiaire;objet;montant\r\n";

    [Fact]
    public async Task ScdlImport_OfMoreThanOneBatch_WithADuplicateAndAnInvalidRowInTheSecondBatch_ReportsEachRow_AndAgainCreatesNothing()
    {
        var before = await service.CountsAsync();
        var earlier = await ImportAsync(Header + Row("B-0", 100m));
        Assert.Equal(1, earlier.GetProperty("totals").GetProperty("created").GetInt32());

        // BatchSize + 1 new grants, so that a second batch holds one, then in that batch a row already imported by the
        // earlier file, a row repeating one of this file, and an invalid amount.
        var rows = Enumerable.Range(1, ImportScdl.BatchSize + 1).Select(i => Row($"B-{i}", 1000m + i)).ToList();
        rows.Add(Row("B-0", 100m));
        rows.Add(Row("B-7", 1007m));
        rows.Add(Row("B-bad", 0m).Replace(";0\r\n", ";douze euros\r\n", StringComparison.Ordinal));
        var file = Header + string.Concat(rows);

        var report = await ImportAsync(file);

        var created = ImportScdl.BatchSize + 1;
        Assert.Equal((created + 3, created, 2, 1, 0), Totals(report));
        var reported = report.GetProperty("rows").EnumerateArray().ToArray();
        Assert.Equal(Enumerable.Range(2, created + 3), reported.Select(r => r.GetProperty("row").GetInt32()));
        Assert.All(reported[..created], r => Assert.Equal("created", r.GetProperty("status").GetString()));
        Assert.Equal(created, reported[..created].Select(r => r.GetProperty("grantId").GetGuid()).Distinct().Count());
        Assert.Equal(("duplicate", $"/api/funding/grants/{earlier.GetProperty("rows")[0].GetProperty("grantId").GetGuid()}"),
            (reported[created].GetProperty("status").GetString(), reported[created].GetProperty("existing").GetString()));
        Assert.Equal(("duplicate", $"/api/funding/grants/{reported[6].GetProperty("grantId").GetGuid()}"),
            (reported[created + 1].GetProperty("status").GetString(), reported[created + 1].GetProperty("existing").GetString()));
        Assert.Equal("invalid", reported[created + 2].GetProperty("status").GetString());
        Assert.True(reported[created + 2].GetProperty("errors").TryGetProperty("montant", out _), reported[created + 2].ToString());

        // Each created row is one stream, one GrantAwarded in the event log (for the outbox), one grant and one
        // current flow row, whichever batch wrote it; the last batch's grant is readable like the first's.
        var afterFirst = await service.CountsAsync();
        Assert.Equal(before with
        {
            Streams = before.Streams + created + 1, Events = before.Events + created + 1, Grants = before.Grants + created + 1,
            FlowRows = before.FlowRows + created + 1, FlowAwarded = before.FlowAwarded + 100m + Enumerable.Range(1, created).Sum(i => 1000m + i),
        }, afterFirst);
        var last = await service.Client.GetFromJsonAsync<JsonElement>(new Uri($"/api/funding/grants/{reported[created - 1].GetProperty("grantId").GetGuid()}", UriKind.Relative));
        Assert.Equal(1000m + created, last.GetProperty("awarded").GetDecimal());

        var again = await ImportAsync(file);

        Assert.Equal((created + 3, 0, created + 2, 1, 0), Totals(again));
        Assert.Equal(afterFirst, await service.CountsAsync());
    }

    [Fact]
    public async Task ScdlImport_WritesBatchByBatch_NotRowByRow()
    {
        var rows = Enumerable.Range(1, ImportScdl.BatchSize + 1).Select(i => Row($"R-{i}", 2000m + i));
        var database = new NpgsqlConnectionStringBuilder(service.Host.Services.GetRequiredService<IConfiguration>().GetConnectionString(FundingEventStore.ConnectionName)).Database!;
        var commands = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.Tags.Any(t => t.Value == database))
                {
                    lock (commands)
                    {
                        commands.Add(activity);
                    }
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        var report = await ImportAsync(Header + string.Concat(rows));

        Assert.Equal(ImportScdl.BatchSize + 1, report.GetProperty("totals").GetProperty("created").GetInt32());
        lock (commands)
        {
            // The import's writes: stream appends, grant and flow-row upserts, the flow rows' delete. Marten sends a
            // session's commands in batches, each one round-trip traced under its first statement. Row by row would
            // be at least one per row; the daemon's own reads and progress updates (same database) are left out.
            var writes = commands.Where(c => Statement(c) is var text && (text.Contains("mt_quick_append_events", StringComparison.Ordinal)
                || text.Contains("mt_upsert_grant", StringComparison.Ordinal) || text.StartsWith("delete from funding.mt_doc_grantflowrow", StringComparison.Ordinal))).ToArray();
            foreach (var group in commands.GroupBy(Statement).OrderByDescending(g => g.Sum(c => c.Duration.TotalMilliseconds)))
            {
                output.WriteLine($"{group.Count(),4} × {group.Sum(c => c.Duration.TotalMilliseconds),8:F1} ms  {group.Key[..Math.Min(100, group.Key.Length)].ReplaceLineEndings(" ")}");
            }

            Assert.InRange(writes.Length, 1, (ImportScdl.BatchSize + 1) / 20);
        }
    }

    private static string Statement(Activity activity) =>
        activity.Tags.FirstOrDefault(t => t.Key is "db.query.text" or "db.statement").Value?.TrimStart() ?? "";

    private static string Row(string reference, decimal amount) =>
        $"Commune de Roques;21310458100011;2023-05-04;{reference};Tennis Roques Olympic Club;44137080600016;Saison {reference};{amount.ToString(CultureInfo.InvariantCulture)}\r\n";

    private async Task<JsonElement> ImportAsync(string csv)
    {
        using var content = new StringContent(csv, Encoding.UTF8, "text/csv");
        using var response = await service.Client.PostAsync(new Uri("/api/funding/imports/scdl", UriKind.Relative), content);
        var report = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.OK, report.ToString());
        return report;
    }

    public sealed record Counts(long Streams, long Events, long Grants, long FlowRows, decimal FlowAwarded);

    /// <summary>Funding with the two organisations of the files in its directory, so that no row needs Actors.</summary>
    public sealed class Service : FundingService
    {
        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            await using var session = Host.Services.GetRequiredService<IDocumentStore>().LightweightSession();
            foreach (var (name, siret, kind) in new[] { ("Commune de Roques", "21310458100011", "local-authority"), ("Tennis Roques Olympic Club", "44137080600016", "association") })
            {
                session.Store(new DirectoryActor(Guid.CreateVersion7(), name, [kind], new ActorIdentifiers(siret[..9], siret, null), true,
                    new CommuneReference("31458", 2025), [], DirectoryActor.Active, null, 1, DateTimeOffset.UtcNow));
            }

            await session.SaveChangesAsync();
        }

        /// <summary>What the imports wrote, counted in the tables themselves.</summary>
        public async Task<Counts> CountsAsync()
        {
            await using var connection = new NpgsqlConnection(Host.Services.GetRequiredService<IConfiguration>().GetConnectionString(FundingEventStore.ConnectionName));
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"""
                SELECT (SELECT count(*) FROM {FundingEventStore.Schema}.mt_streams WHERE type = 'grant'),
                       (SELECT count(*) FROM {FundingEventStore.Schema}.mt_events WHERE type = 'grant_awarded'),
                       (SELECT count(*) FROM {FundingEventStore.Schema}.mt_doc_grant),
                       (SELECT count(*) FROM {FundingEventStore.Schema}.mt_doc_grantflowrow WHERE known_until IS NULL),
                       (SELECT coalesce(sum((data ->> 'Awarded')::numeric), 0) FROM {FundingEventStore.Schema}.mt_doc_grantflowrow WHERE known_until IS NULL)
                """, connection);
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            return new Counts(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetDecimal(4));
        }
    }
}
