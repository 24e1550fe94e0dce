using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SocialTech.Funding.Flows;

namespace SocialTech.Funding.Tests.Flows;

/// <summary>
/// The demo load's shape (deploy/local/demo/30-funding.sh): grants recorded in a first phase, then amended, signed, paid
/// and cancelled in a second one minutes later; asked as known on an instant between the two, the flows answer the first
/// phase's figures, worked out by hand below. Then the same after the agreement dates are taken out of the rows, as in a
/// database written before the flow rows carried them: the start-up fill gives them back from the events.
/// </summary>
public sealed class AsKnownOnTwoPhaseTests(ClockedFundingService funding) : IClassFixture<ClockedFundingService>
{
    private const string Flows = "/api/funding/flows";
    private const string Schema = FundingEventStore.Schema;

    [Fact]
    public async Task AskedBetweenTwoPhasesOfALoad_AnswersTheFirstPhase_AndNowTheSecond()
    {
        var departement = await funding.SeedActorAsync("Département (deux phases)", "24322", "local-authority");
        await funding.DeclareFunderAsync(departement, "departement", "departement:24");
        var recipient = await funding.SeedActorAsync("Recyclerie (deux phases)", "24352", "association");
        var phase1 = funding.Clock.GetUtcNow() < new DateTimeOffset(2025, 6, 1, 10, 0, 0, TimeSpan.Zero)
            ? new DateTimeOffset(2025, 6, 1, 10, 0, 0, TimeSpan.Zero) : funding.Clock.GetUtcNow().AddMinutes(1);
        funding.Clock.SetUtcNow(phase1);
        var (a, aTag) = await AwardAsync(departement, recipient, 10000m);
        var (b, bTag) = await AwardAsync(departement, recipient, 5000m);
        var (c, cTag) = await AwardAsync(departement, recipient, 3000m);

        funding.Clock.SetUtcNow(phase1.AddMinutes(5));
        await funding.SendAsync(HttpMethod.Post, $"/api/funding/grants/{a}/amendments", new { amount = 8000m, reason = "Avenant", amendedOn = "2025-05-20" }, aTag);
        bTag = await funding.SendAsync(HttpMethod.Post, $"/api/funding/grants/{b}/agreement", new { signedOn = "2025-05-10" }, bTag);
        await funding.SendAsync(HttpMethod.Post, $"/api/funding/grants/{b}/disbursements", new { amount = 2000m, paidOn = "2025-05-15" }, bTag);
        await funding.SendAsync(HttpMethod.Post, $"/api/funding/grants/{c}/cancellation", new { cancelledOn = "2025-05-20", reason = "Projet abandonné" }, cTag);
        funding.Clock.SetUtcNow(phase1.AddMinutes(10));

        // Between the phases, in Paris time: 10 000 + 5 000 + 3 000 awarded, nothing signed or paid yet.
        var between = Uri.EscapeDataString(phase1.AddMinutes(2).ToOffset(TimeSpan.FromHours(2)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture));
        var expected = new Dictionary<string, (decimal Then, decimal Now)>
        {
            ["awarded"] = (18000m, 13000m), ["committed"] = (0m, 5000m), ["disbursed"] = (0m, 2000m),
        };
        async Task AssertAnswersAsync()
        {
            foreach (var (measure, (then, now)) in expected)
            {
                Assert.Equal(then, await TotalAsync($"{Flows}/by-funder?measure={measure}&asKnownOn={between}"));
                Assert.Equal(now, await TotalAsync($"{Flows}/by-funder?measure={measure}"));
                Assert.Equal(now, await TotalAsync($"{Flows}/by-period?measure={measure}&asKnownOn={Uri.EscapeDataString(phase1.AddMinutes(10).ToString("O", CultureInfo.InvariantCulture))}"));
            }

            Assert.Equal(5000m, await TotalAsync($"{Flows}/by-period?measure=committed&from=2025-05-10&to=2025-05-10"));
            Assert.Equal(0m, await TotalAsync($"{Flows}/by-period?measure=committed&to=2025-05-09"));
        }

        await AssertAnswersAsync();

        // A database written before flow rows carried agreement dates: documents and flat rows without them, no record
        // of that fill. Committed would count nothing; a restart fills them from the AgreementSigned events.
        Assert.True(await funding.ExecuteSqlAsync($"UPDATE {Schema}.mt_doc_grantflowrow SET data = data - 'AgreementDate' WHERE data->>'AgreementDate' IS NOT NULL") > 0);
        Assert.True(await funding.ExecuteSqlAsync($"UPDATE {Schema}.{FlowAmounts.TableName} SET agreement_date = NULL WHERE agreement_date IS NOT NULL") > 0);
        Assert.Equal(1, await funding.ExecuteSqlAsync($"DELETE FROM {Schema}.{FlowAmountsBackfill.MarkerTable} WHERE id = {FlowAmountsBackfill.AgreementDatesStep}"));
        Assert.Equal(0m, await TotalAsync($"{Flows}/by-funder?measure=committed&pageSize=7", noCache: true));

        await funding.RestartAsync();

        await AssertAnswersAsync();
        Assert.Equal(1, await funding.ExecuteSqlAsync(
            $"UPDATE {Schema}.{FlowAmounts.TableName} SET agreement_date = agreement_date WHERE grant_id = @b AND agreement_date = DATE '2025-05-10'",
            new Dictionary<string, object> { ["b"] = b }));
    }

    [Fact]
    public async Task AMomentStillToCome_IsAProblemNamingAsKnownOn()
    {
        var soon = Uri.EscapeDataString(funding.Clock.GetUtcNow().AddMinutes(1).ToString("O", CultureInfo.InvariantCulture));
        var tomorrow = DateOnly.FromDateTime(funding.Clock.GetUtcNow().UtcDateTime).AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var today = DateOnly.FromDateTime(funding.Clock.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        foreach (var query in new[] { $"asKnownOn={soon}", $"asKnownOn={tomorrow}" })
        {
            using var response = await funding.Client.GetAsync($"{Flows}/by-territory?{query}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("asKnownOn", out _));
        }

        // Today is a day that has begun: asked as known at its end, it answers what is known so far.
        await funding.GetAsync($"{Flows}/by-territory?asKnownOn={today}");
    }

    private async Task<decimal> TotalAsync(string uri, bool noCache = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        if (noCache)
        {
            request.Headers.CacheControl = new System.Net.Http.Headers.CacheControlHeaderValue { NoCache = true };
        }

        using var response = await funding.Client.SendAsync(request);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{uri}: {(int)response.StatusCode} {json}");
        return json.GetProperty("total").GetDecimal();
    }

    private async Task<(Guid Id, string ETag)> AwardAsync(Guid funder, Guid recipient, decimal amount)
    {
        var (id, etag, _) = await funding.CreateAsync("/api/funding/grants", new
        {
            funders = new[] { new { funderId = funder } }, recipientId = recipient, purpose = "Atelier", amount,
            plannedStart = "2025-01-01", plannedEnd = "2025-12-31", decisionDate = "2025-05-02",
        });
        return (id, etag);
    }
}
