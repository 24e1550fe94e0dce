using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using SocialTech.Actors.Directory;
using SocialTech.Funding.Flows;
using SocialTech.Funding.Flows.Caching;
using SocialTech.Testing;

namespace SocialTech.Funding.Tests.Flows;

/// <summary>
/// The flow answer cache (docs/adr/0009-flow-answer-cache.md) on real PostgreSQL. Whether an answer came from memory
/// is seen by changing the flat table behind the service's back (plain SQL, no event, no version change): a kept
/// answer still shows the old figures, a computed one the new.
/// </summary>
public sealed class FlowAnswerCacheTests(FundingService funding) : IClassFixture<FundingService>
{
    [Fact]
    public async Task Repeated_OverUnchangedData_IsTheSameAnswerFromMemory_AndNoCacheRecomputesIt()
    {
        var (funder, recipient) = await ActorsAsync("repeated");
        var byCommune = Scoped(recipient);
        var a = await AwardAsync(funder, recipient, 4000m);
        await AwardAsync(funder, recipient, 1000m);
        await SettledAsync();
        var first = await GetAsync(byCommune);
        var second = await GetAsync(byCommune);
        Assert.Equal(first.Body, second.Body);
        Assert.Equal(first.ETag, second.ETag);
        Assert.StartsWith("W/\"", first.ETag, StringComparison.Ordinal);

        await funding.ForgetFlatRowsAsync(a);
        Assert.Equal(first.Body, (await GetAsync(byCommune)).Body);
        var recomputed = await GetAsync(byCommune, noCache: true);
        Assert.Equal(Total(first.Body) - 4000m, Total(recomputed.Body));
        // Recomputing keeps the new answer: the next plain request gets it.
        Assert.Equal(recomputed.Body, (await GetAsync(byCommune)).Body);
    }

    [Fact]
    public async Task AfterAGrantIsAwardedOrPaidInScope_TheSameQuery_GivesTheNewFiguresAndANewETag()
    {
        var (funder, recipient) = await ActorsAsync("new grant");
        var byCommune = Scoped(recipient);
        await AwardAsync(funder, recipient, 3000m);
        await SettledAsync();
        var before = await GetAsync(byCommune);
        Assert.Equal(before.Body, (await GetAsync(byCommune)).Body);

        var (grant, etag) = await AwardWithETagAsync(funder, recipient, 2000m);
        etag = await funding.SendAsync(HttpMethod.Post, $"/api/funding/grants/{grant}/agreement", new { signedOn = "2025-04-09" }, etag);
        await SettledAsync();
        var after = await GetAsync(byCommune);
        Assert.Equal(Total(before.Body) + 2000m, Total(after.Body));
        Assert.NotEqual(before.ETag, after.ETag);

        var disbursed = byCommune + "&measure=disbursed";
        var unpaid = await GetAsync(disbursed);
        await funding.SendAsync(HttpMethod.Post, $"/api/funding/grants/{grant}/disbursements", new { amount = 500m, paidOn = "2025-04-10" }, etag);
        await SettledAsync();
        var paid = await GetAsync(disbursed);
        Assert.Equal(Total(unpaid.Body) + 500m, Total(paid.Body));
        Assert.NotEqual(unpaid.ETag, paid.ETag);
    }

    [Fact]
    public async Task IfNoneMatch_WithTheCurrentETag_Is304WithoutABody_AndWithAnOlderOne_TheNewAnswer()
    {
        var (funder, recipient) = await ActorsAsync("etag");
        var byCommune = Scoped(recipient);
        await AwardAsync(funder, recipient, 1500m);
        await SettledAsync();
        var answer = await GetAsync(byCommune);

        using (var response = await SendAsync(byCommune, ifNoneMatch: answer.ETag))
        {
            Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
            Assert.Empty(await response.Content.ReadAsByteArrayAsync());
            Assert.Equal(answer.ETag, response.Headers.ETag?.ToString());
        }

        await AwardAsync(funder, recipient, 700m);
        await SettledAsync();
        using (var response = await SendAsync(byCommune, ifNoneMatch: answer.ETag))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(Total(answer.Body) + 700m, Total(await response.Content.ReadAsStringAsync()));
        }
    }

    [Fact]
    public async Task ARebuild_CannotLeaveAStaleAnswerBehind()
    {
        var (funder, recipient) = await ActorsAsync("rebuild");
        var byCommune = Scoped(recipient);
        var a = await AwardAsync(funder, recipient, 6000m);
        await SettledAsync();
        var full = await GetAsync(byCommune);

        // A table that lost rows, answered and kept as such; the rebuild writes them back without a new event.
        await funding.ForgetFlatRowsAsync(a);
        var lacking = await GetAsync(byCommune, noCache: true);
        Assert.Equal(Total(full.Body) - 6000m, Total(lacking.Body));
        using (var daemon = await Store.BuildProjectionDaemonAsync())
        {
            await daemon.RebuildProjectionAsync(GrantFlowProjection.Name, TimeSpan.FromMinutes(1), CancellationToken.None);
        }

        await SettledAsync();
        Assert.Equal(Total(full.Body), Total((await GetAsync(byCommune, noCache: true)).Body));
        var rebuilt = await GetAsync(byCommune);
        Assert.Equal(Total(full.Body), Total(rebuilt.Body));
        Assert.NotEqual(lacking.ETag, rebuilt.ETag);
    }

    [Fact]
    public async Task TheStartUpFill_CannotLeaveAStaleAnswerBehind()
    {
        var (funder, recipient) = await ActorsAsync("fill");
        var byCommune = Scoped(recipient);
        var a = await AwardAsync(funder, recipient, 8000m);
        await SettledAsync();
        var full = await GetAsync(byCommune);

        await funding.ForgetFlatRowsAsync(a);
        var lacking = await GetAsync(byCommune, noCache: true);
        Assert.Equal(Total(full.Body) - 8000m, Total(lacking.Body));
        // The fill as it runs at start-up on a database it has not filled yet, in this very process (a restart would
        // also empty the cache).
        Assert.Equal(1, await funding.ExecuteSqlAsync($"DELETE FROM {Schema}.{FlowAmountsBackfill.MarkerTable} WHERE id = {FlowAmountsBackfill.RowsStep}"));
        await funding.Host.Services.GetServices<IHostedService>().OfType<FlowAmountsBackfill>().Single().StartAsync(CancellationToken.None);
        await SettledAsync();

        var filled = await GetAsync(byCommune);
        Assert.Equal(Total(full.Body), Total(filled.Body));
        Assert.NotEqual(lacking.ETag, filled.ETag);
    }

    [Fact]
    public async Task TheOutboxMovingOn_KeepsTheAnswer_WhileAnAsyncProjectionMovingOn_ChangesIt()
    {
        var (funder, recipient) = await ActorsAsync("progression");
        var byCommune = Scoped(recipient);
        await AwardAsync(funder, recipient, 1200m);
        await SettledAsync();
        var first = await GetAsync(byCommune);

        // As the outbox does after each published page: its row moves, nothing an answer reads does.
        Assert.Equal(1, await funding.ExecuteSqlAsync($"UPDATE {Schema}.mt_event_progression SET last_updated = last_updated + interval '1 second' WHERE name LIKE 'contracts-outbox%'"));
        Assert.Equal(first.ETag, (await GetAsync(byCommune)).ETag);

        // An async projection's progression (Funding has none today) still counts: its documents move with it.
        const string Progression = "SomeAsyncProjection:All";
        try
        {
            Assert.Equal(1, await funding.ExecuteSqlAsync($"INSERT INTO {Schema}.mt_event_progression (name, last_seq_id, last_updated) VALUES ('{Progression}', 1, now())"));
            Assert.NotEqual(first.ETag, (await GetAsync(byCommune)).ETag);
        }
        finally
        {
            await funding.ExecuteSqlAsync($"DELETE FROM {Schema}.mt_event_progression WHERE name = '{Progression}'");
        }
    }

    /// <summary>
    /// What another open transaction does to an answer (FlowDataVersion): a daemon's progression write leaves it
    /// tagged, any other write or an append taking its sequence number (before it has written anything) untags it.
    /// </summary>
    [Theory]
    [InlineData("UPDATE {0}.mt_event_progression SET last_updated = now() WHERE name LIKE 'contracts-outbox%'", true)]
    [InlineData("CREATE TEMP TABLE elsewhere (x int)", false)]
    [InlineData("SELECT nextval('{0}.mt_events_sequence')", false)]
    public async Task WhileAnotherTransactionIsOpen_TheAnswerIsTaggedOnlyIfItWritesNothingAnAnswerReads(string statement, bool tagged)
    {
        var (funder, recipient) = await ActorsAsync("open transaction");
        await AwardAsync(funder, recipient, 700m);
        await SettledAsync();

        await using var connection = new NpgsqlConnection(funding.DatabaseConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var command = new NpgsqlCommand(string.Format(CultureInfo.InvariantCulture, statement, Schema), connection, transaction))
        {
            await command.ExecuteNonQueryAsync();
        }

        using var response = await SendAsync(Scoped(recipient));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(tagged, response.Headers.ETag is not null);
        await transaction.RollbackAsync();
    }

    [Fact]
    public async Task ARenamedFunder_IsNamedAnew_ThoughNoGrantChanged()
    {
        var (funder, recipient) = await ActorsAsync("renamed");
        await AwardAsync(funder, recipient, 900m);
        await SettledAsync();
        var byFunder = $"/api/funding/flows/by-funder?recipient={recipient}";
        Assert.Contains("Département (renamed)", (await GetAsync(byFunder)).Body, StringComparison.Ordinal);

        // As the actors' contracts would: the directory copy changes, no event is appended here.
        await using (var session = Store.LightweightSession())
        {
            var actor = await session.LoadAsync<DirectoryActor>(funder);
            session.Store(actor! with { Name = "Conseil départemental (renamed)", SourceVersion = 2 });
            await session.SaveChangesAsync();
        }

        await SettledAsync();
        Assert.Contains("Conseil départemental (renamed)", (await GetAsync(byFunder)).Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWrongParameter_IsStillAProblem_WithoutAnETag()
    {
        using var response = await SendAsync("/api/funding/flows/by-territory?territory=departement:999");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.ETag);
    }

    /// <summary>One test's money only (tests share the class's database, and some change its table behind its back).</summary>
    private static string Scoped(Guid recipient) => $"/api/funding/flows/by-territory?territory=departement:24&level=commune&recipient={recipient}";

    private IDocumentStore Store => funding.Host.Services.GetRequiredService<IDocumentStore>();

    private async Task<(Guid Funder, Guid Recipient)> ActorsAsync(string test)
    {
        var funder = await funding.SeedActorAsync($"Département ({test})", "24322", "local-authority");
        await funding.DeclareFunderAsync(funder, "state");
        return (funder, await funding.SeedActorAsync($"Tiers-lieu ({test})", "24352", "association"));
    }

    private async Task<Guid> AwardAsync(Guid funder, Guid recipient, decimal amount) => (await AwardWithETagAsync(funder, recipient, amount)).Id;

    private async Task<(Guid Id, string ETag)> AwardWithETagAsync(Guid funder, Guid recipient, decimal amount)
    {
        var (id, etag, _) = await funding.CreateAsync("/api/funding/grants", new
        {
            funders = new[] { new { funderId = funder } }, recipientId = recipient, purpose = "Tiers-lieu", amount,
            plannedStart = "2025-01-01", plannedEnd = "2025-12-31", decisionDate = "2025-03-01",
        });
        return (id, etag);
    }

    /// <summary>
    /// Waits for the outbox to have published every event: while it writes its progression, another backend of the
    /// database is writing, and answers are neither kept nor tagged (FlowDataVersion.Stable), which these tests must not race.
    /// </summary>
    private async Task SettledAsync() => await FlowCacheProbe.SettledAsync(funding);

    private string Schema => Store.Options.DatabaseSchemaName;

    private Task<(string Body, string ETag)> GetAsync(string uri, bool noCache = false) => FlowCacheProbe.GetAsync(funding, uri, noCache);

    private Task<HttpResponseMessage> SendAsync(string uri, string? ifNoneMatch = null) => FlowCacheProbe.SendAsync(funding, uri, ifNoneMatch);

    private static decimal Total(string body) => JsonDocument.Parse(body).RootElement.GetProperty("total").GetDecimal();
}

/// <summary>The Funding service with the answer cache turned off (<c>Flows:AnswerCache:SizeLimitMegabytes</c> = 0).</summary>
public sealed class UncachedFundingService : FundingService
{
    protected override void ConfigureServices(IServiceCollection services) =>
        services.Configure<FlowAnswerCacheOptions>(o => o.SizeLimitMegabytes = 0);
}

public sealed class FlowAnswerCacheOffTests(UncachedFundingService funding) : IClassFixture<UncachedFundingService>
{
    private const string ByCommune = "/api/funding/flows/by-territory?territory=departement:24&level=commune";

    [Fact]
    public async Task WithTheCacheOff_EveryAnswerIsComputed_AndStillTagged()
    {
        var funder = await funding.SeedActorAsync("Département (off)", "24322", "local-authority");
        await funding.DeclareFunderAsync(funder, "state");
        var recipient = await funding.SeedActorAsync("Tiers-lieu (off)", "24352", "association");
        var (grant, _, _) = await funding.CreateAsync("/api/funding/grants", new
        {
            funders = new[] { new { funderId = funder } }, recipientId = recipient, purpose = "Tiers-lieu", amount = 2500m,
            plannedStart = "2025-01-01", plannedEnd = "2025-12-31", decisionDate = "2025-03-01",
        });
        await FlowCacheProbe.SettledAsync(funding);
        var first = await FlowCacheProbe.GetAsync(funding, ByCommune);
        Assert.Equal(2500m, JsonDocument.Parse(first.Body).RootElement.GetProperty("total").GetDecimal());

        // Behind the service's back: an enabled cache would still answer 2500.
        await funding.ForgetFlatRowsAsync(grant);

        await FlowCacheProbe.SettledAsync(funding);
        var second = await FlowCacheProbe.GetAsync(funding, ByCommune);
        Assert.Equal(0m, JsonDocument.Parse(second.Body).RootElement.GetProperty("total").GetDecimal());
        using var response = await FlowCacheProbe.SendAsync(funding, ByCommune, second.ETag);
        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
    }
}

internal static class FlowCacheProbe
{
    public static async Task SettledAsync(FundingService funding)
    {
        await using var connection = new NpgsqlConnection(funding.DatabaseConnectionString);
        await connection.OpenAsync();
        await Eventually.TrueAsync(async () =>
        {
            await using var command = new NpgsqlCommand(
                "SELECT coalesce((SELECT last_seq_id FROM funding.mt_event_progression WHERE name LIKE 'contracts-outbox%'), 0) >= " +
                "(SELECT coalesce(max(seq_id), 0) FROM funding.mt_events)", connection);
            return (bool)(await command.ExecuteScalarAsync())!;
        }, "the outbox has published every event");
    }

    public static async Task<(string Body, string ETag)> GetAsync(FundingService funding, string uri, bool noCache = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        if (noCache)
        {
            request.Headers.CacheControl = new CacheControlHeaderValue { NoCache = true };
        }

        using var response = await funding.Client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{uri}: {(int)response.StatusCode} {body}");
        Assert.NotNull(response.Headers.ETag);
        return (body, response.Headers.ETag!.ToString());
    }

    public static async Task<HttpResponseMessage> SendAsync(FundingService funding, string uri, string? ifNoneMatch = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        if (ifNoneMatch is not null)
        {
            request.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Parse(ifNoneMatch));
        }

        return await funding.Client.SendAsync(request);
    }
}
