using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SocialTech.Funding.Tests.Grants;

public sealed class GrantsApiTests(FundingService funding) : IClassFixture<FundingService>
{
    private const string Grants = "/api/funding/grants";

    [Fact]
    public async Task AwardSignDisburseClose_KeepsTheThreeFiguresApart_WithIfMatchEachStep()
    {
        var funder = await funding.SeedActorAsync("Département de la Dordogne", "24322", "local-authority");
        await funding.DeclareFunderAsync(funder, "state");
        var recipient = await funding.SeedActorAsync("Recyclerie de Ribérac", "24352", "association");
        var (id, etag, created) = await funding.CreateAsync(Grants, new
        {
            funders = new[] { new { funderId = funder, funderType = "departement" } },
            recipientId = recipient, purpose = "Atelier vélo", amount = 12000.50m,
            plannedStart = "2025-01-01", plannedEnd = "2025-12-31", decisionDate = "2025-02-01",
        });

        using var noIfMatch = await funding.Client.PostAsJsonAsync($"{Grants}/{id}/agreement", new { signedOn = "2025-02-15" });
        using var sign = await Send($"{Grants}/{id}/agreement", new { signedOn = "2025-02-15" }, etag);
        using var tooMuch = await Send($"{Grants}/{id}/disbursements", new { amount = 12000.51m, paidOn = "2025-03-01" }, "W/\"2\"");
        using var pay = await Send($"{Grants}/{id}/disbursements", new { amount = 5000m, paidOn = "2025-03-01" }, "W/\"2\"");
        using var stale = await Send($"{Grants}/{id}/closure", new { closedOn = "2025-12-31" }, "W/\"2\"");
        using var cancel = await Send($"{Grants}/{id}/cancellation", new { cancelledOn = "2025-04-01", reason = "x" }, "W/\"3\"");
        using var close = await Send($"{Grants}/{id}/closure", new { closedOn = "2025-12-31" }, "W/\"3\"");
        var details = await funding.Client.GetFromJsonAsync<JsonElement>($"{Grants}/{id}");

        Assert.Equal("awarded", created.GetProperty("status").GetString());
        Assert.Equal(["24352"], created.GetProperty("terms").GetProperty("beneficiaryLocations").EnumerateArray().Select(l => l.GetProperty("code").GetString()));
        Assert.Equal(HttpStatusCode.PreconditionRequired, noIfMatch.StatusCode);
        Assert.Equal(HttpStatusCode.OK, sign.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, tooMuch.StatusCode);
        Assert.True((await tooMuch.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("amount", out _));
        Assert.Equal(HttpStatusCode.OK, pay.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, cancel.StatusCode);
        Assert.Equal(HttpStatusCode.OK, close.StatusCode);
        Assert.Equal("closed", details.GetProperty("status").GetString());
        Assert.Equal((12000.50m, 12000.50m, 5000m),
            (details.GetProperty("awarded").GetDecimal(), details.GetProperty("committed").GetDecimal(), details.GetProperty("disbursed").GetDecimal()));
    }

    [Fact]
    public async Task Award_RetriedConcurrentlyWithOneIdempotencyKey_AwardsOneGrant_AndAnswersItToEveryAttempt()
    {
        var funder = await funding.SeedActorAsync("Région Nouvelle-Aquitaine", "33063", "local-authority");
        await funding.DeclareFunderAsync(funder, "state");
        var recipient = await funding.SeedActorAsync("Atelier partagé", "24352", "association");
        var grant = new
        {
            funders = new[] { new { funderId = funder } }, recipientId = recipient, purpose = "Atelier", amount = 800m,
            plannedStart = "2025-01-01", plannedEnd = "2025-12-31", decisionDate = "2025-02-01",
        };

        // Attempts that all pass the replay check before the first commits: the losers used to get 409 "already exists".
        for (var round = 0; round < 3; round++)
        {
            var key = $"concurrent-award-{round}-{Guid.NewGuid():N}";
            var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, Grants) { Content = JsonContent.Create(grant) };
                request.Headers.Add("Idempotency-Key", key);
                using var response = await funding.Client.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                return (response.StatusCode, Body: body);
            }));

            Assert.All(answers, a => Assert.True(a.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, $"{(int)a.StatusCode} {a.Body}"));
            Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Created);
            Assert.Single(answers.Select(a => JsonDocument.Parse(a.Body).RootElement.GetProperty("id").GetGuid()).Distinct());
        }
    }

    [Fact]
    public async Task Award_ForAnActorFundingDoesNotKnow_IsAProblemNamingTheField()
    {
        var funder = await funding.SeedActorAsync("Fondation");
        using var response = await funding.Client.PostAsJsonAsync(Grants, new
        {
            funders = new[] { new { funderId = funder } }, recipientId = Guid.CreateVersion7(), purpose = "x", amount = 10m,
            plannedStart = "2025-01-01", plannedEnd = "2025-12-31", decisionDate = "2025-02-01",
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("recipientId", out _));
    }

    private async Task<HttpResponseMessage> Send(string uri, object body, string etag)
    {
        using var request = FundingService.WithIfMatch(HttpMethod.Post, uri, body, etag);
        return await funding.Client.SendAsync(request);
    }
}
