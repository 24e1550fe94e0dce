using System.Globalization;
using System.Net;

namespace SocialTech.Funding.Tests.Flows;

/// <summary>
/// "As known on" a past date, on real PostgreSQL: grants are awarded, paid, amended and cancelled on days the test's
/// clock sets, and each query as of a day is checked against a replay, here, of what the test recorded up to it.
/// </summary>
public sealed class AsOfTests(ClockedFundingService funding) : IClassFixture<ClockedFundingService>
{
    private const string Flows = "/api/funding/flows";

    /// <summary>What the test recorded, on which day: a new awarded amount, a payment, or a cancellation.</summary>
    private sealed record Fact(DateOnly RecordedOn, Guid Grant, Guid Funder, decimal? Awarded = null, decimal Paid = 0m, bool Cancelled = false);

    [Fact]
    public async Task AwardAmendPayCancel_AsOfEachDay_AnswersWhatWasKnownThen()
    {
        var departement = await funding.SeedActorAsync("Département de la Dordogne (as of)", "24322", "local-authority");
        await funding.DeclareFunderAsync(departement, "state");
        var foundation = await funding.SeedActorAsync("Fondation (as of)", "69123", "foundation");
        await funding.DeclareFunderAsync(foundation, "foundation");
        var recipient = await funding.SeedActorAsync("Recyclerie de Ribérac (as of)", "24352", "association");
        var facts = new List<Fact>();
        var day1 = new DateTimeOffset(2025, 3, 3, 9, 0, 0, TimeSpan.Zero);
        var day2 = new DateTimeOffset(2025, 4, 10, 23, 30, 0, TimeSpan.Zero);
        var day3 = new DateTimeOffset(2025, 5, 20, 0, 15, 0, TimeSpan.Zero);

        funding.Clock.SetUtcNow(day1);
        var (a, aTag) = await AwardAsync(departement, recipient, 10000m, "2025-03-01");
        var (b, bTag) = await AwardAsync(foundation, recipient, 5000m, "2025-02-14");
        facts.Add(new(Day(day1), a, departement, Awarded: 10000m));
        facts.Add(new(Day(day1), b, foundation, Awarded: 5000m));

        funding.Clock.SetUtcNow(day2);
        await funding.SendAsync(HttpMethod.Post, $"/api/funding/grants/{a}/amendments", new { amount = 8000m, reason = "Avenant", amendedOn = "2025-04-10" }, aTag);
        aTag = "W/\"2\"";
        bTag = await funding.SendAsync(HttpMethod.Post, $"/api/funding/grants/{b}/agreement", new { signedOn = "2025-04-01" }, bTag);
        await funding.SendAsync(HttpMethod.Post, $"/api/funding/grants/{b}/disbursements", new { amount = 2000m, paidOn = "2025-04-05" }, bTag);
        facts.Add(new(Day(day2), a, departement, Awarded: 8000m));
        facts.Add(new(Day(day2), b, foundation, Paid: 2000m));

        funding.Clock.SetUtcNow(day3);
        await funding.SendAsync(HttpMethod.Post, $"/api/funding/grants/{a}/cancellation", new { cancelledOn = "2025-05-19", reason = "Projet abandonné" }, aTag);
        facts.Add(new(Day(day3), a, departement, Cancelled: true));

        foreach (var asOf in new DateOnly?[] { new(2025, 3, 2), Day(day1), new(2025, 4, 9), Day(day2), Day(day3), null })
        {
            var query = asOf is { } d ? $"&asOf={d:yyyy-MM-dd}" : "";
            foreach (var measure in new[] { "awarded", "disbursed" })
            {
                var expected = Known(facts, asOf, measure);
                var table = await funding.GetAsync($"{Flows}/by-funder?territory=commune:24352&measure={measure}{query}");

                Assert.Equal(expected.Values.Sum(), table.GetProperty("total").GetDecimal());
                Assert.Equal(expected.Count(e => e.Value != 0), table.GetProperty("grants").GetInt32());
                Assert.Equal(asOf?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), table.GetProperty("scope").GetProperty("asKnownOn").GetString());
            }

            var sankey = await funding.GetAsync($"{Flows}/sankey?territory=commune:24352{query}");
            Assert.Equal(Known(facts, asOf, "awarded").Values.Sum(), sankey.GetProperty("total").GetDecimal());

            // The exports take the same filters: a 360Giving package as of that day holds what was awarded then.
            var package = await funding.GetAsync($"/api/funding/exports/360giving?territory=commune:24352{query}");
            Assert.Equal(Known(facts, asOf, "awarded").Values.Sum(),
                package.GetProperty("grants").EnumerateArray().Sum(g => g.GetProperty("amountAwarded").GetDecimal()));
        }

        // The days themselves, written out once, so that the replay above cannot be wrong in the same way as the service.
        Assert.Equal(0m, (await funding.GetAsync($"{Flows}/by-funder?territory=commune:24352&asOf=2025-03-02")).GetProperty("total").GetDecimal());
        Assert.Equal(15000m, (await funding.GetAsync($"{Flows}/by-funder?territory=commune:24352&asOf=2025-03-03")).GetProperty("total").GetDecimal());
        Assert.Equal(13000m, (await funding.GetAsync($"{Flows}/by-funder?territory=commune:24352&asOf=2025-04-10")).GetProperty("total").GetDecimal());
        Assert.Equal(5000m, (await funding.GetAsync($"{Flows}/by-funder?territory=commune:24352&asOf=2025-05-20")).GetProperty("total").GetDecimal());
    }

    [Fact]
    public async Task AsOf_NotADate_IsABadRequest()
    {
        using var response = await funding.Client.GetAsync($"{Flows}/by-territory?asOf=yesterday");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    /// <summary>Each grant's money as the facts recorded up to the end of <paramref name="asOf"/> (all of them without one) leave it.</summary>
    private static Dictionary<Guid, decimal> Known(IEnumerable<Fact> facts, DateOnly? asOf, string measure) =>
        facts.Where(f => asOf is null || f.RecordedOn <= asOf).GroupBy(f => f.Grant).ToDictionary(
            g => g.Key,
            g => g.Any(f => f.Cancelled) ? 0m
                : measure == "awarded" ? g.Last(f => f.Awarded is not null).Awarded!.Value
                : g.Sum(f => f.Paid));

    private async Task<(Guid Id, string ETag)> AwardAsync(Guid funder, Guid recipient, decimal amount, string decisionDate)
    {
        var (id, etag, _) = await funding.CreateAsync("/api/funding/grants", new
        {
            funders = new[] { new { funderId = funder } }, recipientId = recipient, purpose = "Atelier", amount,
            plannedStart = "2025-01-01", plannedEnd = "2025-12-31", decisionDate,
        });
        return (id, etag);
    }

    private static DateOnly Day(DateTimeOffset at) => DateOnly.FromDateTime(at.UtcDateTime);
}
