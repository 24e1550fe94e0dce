using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SocialTech.Actors.Territories;

namespace SocialTech.Funding.Tests.Flows;

/// <summary>
/// The flow queries on real PostgreSQL, each checked against figures computed here, by LINQ over the description of
/// the test data (<see cref="FlowsData"/>), with none of the production code that computes them.
/// </summary>
public sealed class FlowsApiTests(FlowsData data) : IClassFixture<FlowsData>
{
    private const string Flows = "/api/funding/flows";

    /// <summary>One expected row: a grant's money for one funder at one location (or one payment of it).</summary>
    private sealed record Money(Guid GrantId, Guid FunderId, string FunderType, FlowsData.TestGrant Grant, string Location, decimal Amount, DateOnly Date);

    [Theory]
    [InlineData("beneficiary", "awarded")]
    [InlineData("head-office", "awarded")]
    [InlineData("beneficiary", "disbursed")]
    public async Task ByTerritory_PerCommuneOfTheDepartement_MatchesAnIndependentSum(string basis, string measure)
    {
        var money = Expected(basis, measure).Where(m => m.Location.StartsWith("24", StringComparison.Ordinal)).ToArray();

        var table = await GetAsync($"{Flows}/by-territory?territory=departement:24&level=commune&basis={basis}&measure={measure}");

        AssertTable(money, m => [$"commune:{m.Location}"], table);
        Assert.Contains(table.GetProperty("groups").GetProperty("items").EnumerateArray(),
            g => g.GetProperty("key").GetString() == "commune:24322" && g.GetProperty("name").GetString() == "Périgueux");
    }

    [Theory]
    [InlineData("departement:24", "epci")]
    [InlineData("region:75", "departement")]
    [InlineData(null, "region")]
    [InlineData(null, "departement")]
    public async Task ByTerritory_RolledUpToAWiderLevel_MatchesAnIndependentSum(string? territory, string level)
    {
        // Which EPCI, département and région each commune of the test data belongs to is the referential's (COG 2025).
        var geography = TerritoryReferential.LoadEmbedded().Current;
        Dictionary<string, string> Keys(string commune)
        {
            Assert.True(geography.TryGetCommune(commune, out var c));
            return new() { ["epci"] = $"epci:{c!.EpciSiren}", ["departement"] = $"departement:{c.DepartementCode}", ["region"] = $"region:{c.RegionCode}" };
        }

        var money = Expected("beneficiary", "awarded").Where(m => territory is null || Keys(m.Location).ContainsValue(territory)).ToArray();

        var table = await GetAsync($"{Flows}/by-territory?level={level}{(territory is null ? "" : $"&territory={territory}")}");

        AssertTable(money, m => [Keys(m.Location)[level]], table);
    }

    [Fact]
    public async Task ByTerritory_WithDates_CountsOnlyDecisionsBetweenThem()
    {
        var money = Expected("beneficiary", "awarded")
            .Where(m => m.Location.StartsWith("24", StringComparison.Ordinal) && m.Date >= new DateOnly(2025, 1, 1) && m.Date <= new DateOnly(2025, 12, 31)).ToArray();

        var table = await GetAsync($"{Flows}/by-territory?territory=departement:24&level=commune&from=2025-01-01&to=2025-12-31");

        AssertTable(money, m => [$"commune:{m.Location}"], table);
    }

    [Fact]
    public async Task ByFunder_InTheDepartement_GivesEachFunderItsPartAndType()
    {
        var money = Expected("beneficiary", "awarded").Where(m => m.Location.StartsWith("24", StringComparison.Ordinal)).ToArray();

        var table = await GetAsync($"{Flows}/by-funder?territory=departement:24");

        AssertTable(money, m => [m.FunderId.ToString()], table);
        var departement = Items(table).Single(g => g.GetProperty("key").GetString() == data.Departement.ToString());
        Assert.Equal("departement", departement.GetProperty("details").GetProperty("funderType").GetString());
        Assert.Equal("Département de la Dordogne", departement.GetProperty("name").GetString());
    }

    [Fact]
    public async Task ByProgramme_Everywhere_GroupsGrantsOutsideAnyProgrammeUnderNone()
    {
        var money = Expected("beneficiary", "disbursed");

        var table = await GetAsync($"{Flows}/by-programme?measure=disbursed");

        AssertTable(money, m => [m.Grant.ProgrammeId?.ToString() ?? "none"], table);
        var programme = Items(table).Single(g => g.GetProperty("key").GetString() == data.ProgrammeId.ToString());
        Assert.Equal(["alimentation"], programme.GetProperty("details").GetProperty("themes").EnumerateArray().Select(t => t.GetString()));
    }

    [Fact]
    public async Task ByPeriod_ByDecisionYearAndByFiscalYear_MatchAnIndependentSplit()
    {
        var money = Expected("beneficiary", "awarded");

        var years = await GetAsync($"{Flows}/by-period?granularity=year");
        var fiscal = await GetAsync($"{Flows}/by-period?granularity=fiscal-year");

        AssertTable(money, m => [m.Date.Year.ToString(System.Globalization.CultureInfo.InvariantCulture)], years);
        AssertTable(money.SelectMany(m => m.Grant.FiscalYears.Zip(Split(m.Amount, m.Grant.FiscalYears.Length))
                .Select(y => m with { Location = y.First.ToString(System.Globalization.CultureInfo.InvariantCulture), Amount = y.Second })).ToArray(),
            m => [m.Location], fiscal);
    }

    [Fact]
    public async Task ByRecipientKind_CountsARecipientOfTwoKindsUnderBoth()
    {
        var money = Expected("head-office", "awarded");

        var table = await GetAsync($"{Flows}/by-recipient-kind?basis=head-office");

        AssertTable(money, m => m.Grant.Recipient.Kinds, table);
    }

    [Fact]
    public async Task QpvRural_InTheDepartement_ComparesMoneyWithPopulation()
    {
        // The referential is the test data's geography (which communes hold a QPV, which are rural, who lives
        // where); the shares are summed here.
        var geography = TerritoryReferential.LoadEmbedded().Current;
        var communes = geography.CommuneCodesUnder(TerritoryLevel.Departement, "24")
            .Select(c => geography.TryGetCommune(c, out var commune) ? commune : throw new InvalidOperationException(c)).ToArray();
        var money = Expected("beneficiary", "awarded").Where(m => m.Location.StartsWith("24", StringComparison.Ordinal)).ToArray();
        var total = money.Sum(m => m.Amount);
        var population = communes.Sum(c => c.Population.Municipal);
        var qpvCodes = communes.Where(c => c.Qpvs.Count > 0).Select(c => c.Code).ToHashSet();
        var ruralCodes = communes.Where(c => c.Density >= 5).Select(c => c.Code).ToHashSet();

        var shares = await GetAsync($"{Flows}/qpv-rural?territory=departement:24");

        Assert.Equal(total, shares.GetProperty("total").GetDecimal());
        Assert.Equal(population, shares.GetProperty("population").GetInt64());
        // The measure says what it is (issue 17): communes containing a QPV, whole; the QPVs counted apart, each once.
        Assert.False(shares.TryGetProperty("qpv", out _));
        Assert.Equal(communes.SelectMany(c => c.Qpvs.Select(q => q.Code)).Distinct().Count(), shares.GetProperty("qpvCount").GetInt32());
        Assert.True(shares.GetProperty("qpvCount").GetInt32() > 0);
        foreach (var (name, codes) in new[] { ("communesWithQpv", qpvCodes), ("rural", ruralCodes) })
        {
            var share = shares.GetProperty(name);
            var amount = money.Where(m => codes.Contains(m.Location)).Sum(m => m.Amount);
            var people = communes.Where(c => codes.Contains(c.Code)).Sum(c => c.Population.Municipal);
            Assert.Equal(amount, share.GetProperty("money").GetDecimal());
            Assert.Equal(amount / total, share.GetProperty("moneyShare").GetDecimal());
            Assert.Equal(people, share.GetProperty("population").GetInt64());
            Assert.Equal(codes.Count, share.GetProperty("communes").GetInt32());
            Assert.Equal((decimal)people / population, share.GetProperty("populationShare").GetDecimal());
        }

        Assert.NotEmpty(qpvCodes.Intersect(money.Select(m => m.Location)));
        Assert.NotEmpty(ruralCodes.Intersect(money.Select(m => m.Location)));
    }

    [Fact]
    public async Task Concentration_InTheDepartement_MatchesAnIndependentHerfindahl()
    {
        var money = Expected("beneficiary", "awarded").Where(m => m.Location.StartsWith("24", StringComparison.Ordinal)).ToArray();
        var total = money.Sum(m => m.Amount);
        var recipients = money.GroupBy(m => m.Grant.Recipient.Id)
            .Select(g => (Amount: g.Sum(m => m.Amount), Funders: g.Select(m => m.FunderId).Distinct().Count())).ToArray();

        var concentration = await GetAsync($"{Flows}/concentration?territory=departement:24");

        Assert.Equal(total, concentration.GetProperty("total").GetDecimal());
        Assert.Equal(recipients.Length, concentration.GetProperty("recipients").GetInt32());
        Assert.Equal((decimal)recipients.Sum(r => r.Funders) / recipients.Length, concentration.GetProperty("fundersPerRecipient").GetDecimal());
        Assert.Equal(recipients.Sum(r => r.Amount / total * (r.Amount / total)), concentration.GetProperty("herfindahl").GetDecimal());
        Assert.Equal(recipients.OrderByDescending(r => r.Amount).Take(10).Sum(r => r.Amount) / total, concentration.GetProperty("top10Share").GetDecimal());
        Assert.Equal(recipients.OrderByDescending(r => r.Amount).Select(r => r.Amount),
            concentration.GetProperty("top10").EnumerateArray().Select(r => r.GetProperty("amount").GetDecimal()));
    }

    [Theory]
    [InlineData("awarded", null, null)]
    [InlineData("awarded", "2025-01-01", null)]
    [InlineData("disbursed", null, "2024-12-31")]
    public async Task ByFunder_ForOneRecipient_CountsOnlyItsGrants_BeforeOrAfterADay(string measure, string? from, string? to)
    {
        // Every recipient of the test data, so that a filter that ignored the recipient would fail for at least one.
        foreach (var recipient in data.Grants.Select(g => g.Recipient.Id).Distinct())
        {
            var money = Expected("beneficiary", measure)
                .Where(m => m.Grant.Recipient.Id == recipient
                    && (from is null || m.Date >= DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture))
                    && (to is null || m.Date <= DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture)))
                .ToArray();

            var table = await GetAsync($"{Flows}/by-funder?recipient={recipient}&measure={measure}{(from is null ? "" : $"&from={from}")}{(to is null ? "" : $"&to={to}")}");

            if (money.Length == 0)
            {
                Assert.Equal(0m, table.GetProperty("total").GetDecimal());
                Assert.Empty(Items(table));
            }
            else
            {
                AssertTable(money, m => [m.FunderId.ToString()], table);
            }
        }
    }

    [Fact]
    public async Task ByFunderType_GivesEachTypeItsFundersParts()
    {
        var money = Expected("beneficiary", "awarded");

        var table = await GetAsync($"{Flows}/by-funder-type");

        AssertTable(money, m => [m.FunderType], table);
    }

    [Fact]
    public async Task ByTheme_GroupsByTheProgrammesThemes_AndGrantsOutsideAnyUnderNone()
    {
        var money = Expected("head-office", "disbursed");

        var table = await GetAsync($"{Flows}/by-theme?basis=head-office&measure=disbursed");

        AssertTable(money, m => m.Grant.ProgrammeId is null ? ["none"] : ["alimentation"], table);
    }

    [Fact]
    public async Task ByPeriod_Disbursed_GroupsEachPaymentByItsYear_WithinTheDates()
    {
        var money = Expected("beneficiary", "disbursed").Where(m => m.Date >= new DateOnly(2024, 5, 1) && m.Date <= new DateOnly(2025, 3, 31)).ToArray();

        var table = await GetAsync($"{Flows}/by-period?measure=disbursed&from=2024-05-01&to=2025-03-31");

        AssertTable(money, m => [m.Date.Year.ToString(System.Globalization.CultureInfo.InvariantCulture)], table);
        Assert.Equal(["2024", "2025"], Items(table).Select(g => g.GetProperty("key").GetString()).Order());
    }

    [Fact]
    public async Task ConcentrationByTerritory_PerCommune_MatchesAnIndependentHerfindahlForEach()
    {
        var money = Expected("beneficiary", "awarded").Where(m => m.Location.StartsWith("24", StringComparison.Ordinal)).ToArray();
        var expected = money.GroupBy(m => $"commune:{m.Location}").Select(t =>
        {
            var total = t.Sum(m => m.Amount);
            var recipients = t.GroupBy(m => m.Grant.Recipient.Id)
                .Select(g => (Amount: g.Sum(m => m.Amount), Funders: g.Select(m => m.FunderId).Distinct().Count())).OrderByDescending(r => r.Amount).ToArray();
            return (t.Key, total, recipients.Length, (decimal)recipients.Sum(r => r.Funders) / recipients.Length,
                recipients.Take(10).Sum(r => r.Amount) / total, recipients.Sum(r => r.Amount / total * (r.Amount / total)));
        }).OrderByDescending(t => t.total).ThenBy(t => t.Key, StringComparer.Ordinal).ToArray();

        var page = await GetAsync($"{Flows}/concentration/by-territory?territory=departement:24&level=commune&pageSize=500");

        // The communes with money first, then every other commune of the département at 0 (FlowTerritoryZeroTests counts them).
        var items = page.GetProperty("items").EnumerateArray().ToArray();
        Assert.Equal(expected, items.Take(expected.Length).Select(t => (t.GetProperty("key").GetString()!, t.GetProperty("total").GetDecimal(),
            t.GetProperty("recipients").GetInt32(), t.GetProperty("fundersPerRecipient").GetDecimal(), t.GetProperty("top10Share").GetDecimal(),
            t.GetProperty("herfindahl").GetDecimal())));
        Assert.True(items.Length > expected.Length);
        Assert.All(items.Skip(expected.Length), t => Assert.Equal((0m, 0, 0m, 0m, 0m), (t.GetProperty("total").GetDecimal(), t.GetProperty("recipients").GetInt32(),
            t.GetProperty("fundersPerRecipient").GetDecimal(), t.GetProperty("top10Share").GetDecimal(), t.GetProperty("herfindahl").GetDecimal())));
        Assert.Contains(expected, t => t.Item3 > 1);
    }

    [Theory]
    [InlineData("by-territory?territory=departement:99", "territory")]
    [InlineData("by-territory?territory=commune:24352", "level")]
    [InlineData("by-territory?territory=departement:24&level=region", "level")]
    [InlineData("by-funder?measure=paid", "measure")]
    [InlineData("by-programme?basis=siege", "basis")]
    [InlineData("by-period?granularity=month", "granularity")]
    [InlineData("by-recipient-kind?from=2025-02-01&to=2025-01-01", "to")]
    [InlineData("by-funder?pageSize=501", "pageSize")]
    [InlineData("qpv-rural", "territory")]
    [InlineData("concentration?territory=nowhere", "territory")]
    [InlineData("concentration/by-territory?territory=commune:24352", "level")]
    [InlineData("by-funder-type?basis=x", "basis")]
    [InlineData("by-theme?measure=x", "measure")]
    [InlineData("sankey?territory=departement:24&level=region", "level")]
    [InlineData("sankey?from=2025-02-01&to=2025-01-01", "to")]
    [InlineData("by-funder?recipient=00000000-0000-0000-0000-000000000000", "recipient")]
    public async Task AWrongParameter_IsAProblemNamingIt(string query, string field)
    {
        using var response = await data.Funding.Client.GetAsync($"{Flows}/{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task ByPeriod_ForOneFunder_CountsOnlyItsParts_NotTheAnswerWithoutTheFilter()
    {
        var money = Expected("beneficiary", "awarded").Where(m => m.FunderId == data.Foundation).ToArray();
        var unfiltered = await GetAsync($"{Flows}/by-period");

        var table = await GetAsync($"{Flows}/by-period?funder={data.Foundation}");

        // Asked after the unfiltered question: a cache key without the funder would give its answer back.
        Assert.NotEqual(unfiltered.GetProperty("total").GetDecimal(), table.GetProperty("total").GetDecimal());
        AssertTable(money, m => [m.Date.Year.ToString(System.Globalization.CultureInfo.InvariantCulture)], table);
    }

    [Fact]
    public async Task ByFunder_ForOneProgramme_CountsOnlyItsGrants_NotTheAnswerWithoutTheFilter()
    {
        var money = Expected("beneficiary", "disbursed").Where(m => m.Grant.ProgrammeId == data.ProgrammeId).ToArray();
        var unfiltered = await GetAsync($"{Flows}/by-funder?measure=disbursed");

        var table = await GetAsync($"{Flows}/by-funder?measure=disbursed&programme={data.ProgrammeId}");

        Assert.NotEqual(unfiltered.GetProperty("total").GetDecimal(), table.GetProperty("total").GetDecimal());
        AssertTable(money, m => [m.FunderId.ToString()], table);
    }

    [Theory]
    [InlineData("by-territory?territory=departement:24&recipientKinds=scic", "recipientKinds")]
    [InlineData("by-funder?teritory=departement:24", "teritory")]
    [InlineData("by-period?territory=departement:24&level=commune", "level")]
    [InlineData("concentration?page=2", "page")]
    [InlineData("sankey?pageSize=20", "pageSize")]
    [InlineData("by-theme?funder=00000000-0000-0000-0000-000000000000", "funder")]
    public async Task AParameterTheRouteDoesNotApply_IsAProblemNamingIt_NeverIgnored(string query, string field)
    {
        using var response = await data.Funding.Client.GetAsync($"{Flows}/{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out _), errors.ToString());
        Assert.False(response.Headers.Contains("ETag"));
    }

    [Fact]
    public async Task AnUnknownMeasure_IsAProblemSayingWhichMeasuresExist()
    {
        using var response = await data.Funding.Client.GetAsync($"{Flows}/by-funder?measure=engaged");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var message = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("measure")[0].GetString()!;
        Assert.Contains("awarded", message, StringComparison.Ordinal);
        Assert.Contains("disbursed", message, StringComparison.Ordinal);
        Assert.Contains("committed", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ByFunder_Committed_CountsSignedGrantsByTheirSigningDate()
    {
        // Written from the rules: the awarded amount of each grant with an agreement, signed within the dates.
        var money = Expected("beneficiary", "awarded").Where(m => m.Grant.SignedOn is { } s && s >= new DateOnly(2025, 1, 1)).ToArray();

        var table = await GetAsync($"{Flows}/by-funder?measure=committed&from=2025-01-01");

        AssertTable(money, m => [m.FunderId.ToString()], table);
        Assert.Contains(money, m => m.Date.Year == 2024);
    }

    [Fact]
    public async Task ByTerritory_Paginated_SplitsTheSameGroups()
    {
        var all = Items(await GetAsync($"{Flows}/by-territory?territory=departement:24&level=commune")).Select(g => g.GetProperty("key").GetString()).ToArray();
        var first = await GetAsync($"{Flows}/by-territory?territory=departement:24&level=commune&pageSize=2");
        var second = await GetAsync($"{Flows}/by-territory?territory=departement:24&level=commune&pageSize=2&page=2");

        // Three communes received money; the others of the département follow at zero (FlowTerritoryZeroTests).
        Assert.Equal(3, Items(await GetAsync($"{Flows}/by-territory?territory=departement:24&level=commune")).Count(g => g.GetProperty("total").GetDecimal() != 0));
        Assert.True(first.GetProperty("groups").GetProperty("hasNextPage").GetBoolean());
        Assert.Equal(all.Take(4), Items(first).Concat(Items(second)).Select(g => g.GetProperty("key").GetString()));
    }

    /// <summary>The money the test data puts in each place, written from the rules, not from the service's code.</summary>
    private Money[] Expected(string basis, string measure) =>
        data.Grants.Where(g => !g.Cancelled).SelectMany(g =>
        {
            var locations = basis == "head-office" ? [g.Recipient.HeadOffice] : g.Where;
            return g.Funders.SelectMany(f => measure == "awarded"
                ? locations.Zip(Split(f.Amount, locations.Length), (l, a) => new Money(g.Id, f.FunderId, f.FunderType, g, l, a, g.DecisionDate))
                : g.Payments.Where(p => p.FunderId == f.FunderId).SelectMany(p =>
                    locations.Zip(Split(p.Amount, locations.Length), (l, a) => new Money(g.Id, f.FunderId, f.FunderType, g, l, a, p.PaidOn))));
        }).ToArray();

    /// <summary>Whole cents, the remainder to the first part.</summary>
    private static decimal[] Split(decimal amount, int parts)
    {
        var cents = (long)(amount * 100);
        var split = Enumerable.Repeat(cents / parts, parts).ToArray();
        split[0] += cents % parts;
        return split.Select(c => c / 100m).ToArray();
    }

    private static void AssertTable(IReadOnlyList<Money> money, Func<Money, IEnumerable<string>> keys, JsonElement table)
    {
        var expected = money.SelectMany(m => keys(m).Select(k => (Key: k, m.GrantId, m.Amount)))
            .GroupBy(x => x.Key)
            .Select(g =>
            {
                var perGrant = g.GroupBy(x => x.GrantId).Select(x => x.Sum(y => y.Amount)).Order().ToArray();
                var n = perGrant.Length;
                var median = n % 2 == 1 ? perGrant[n / 2] : (perGrant[(n / 2) - 1] + perGrant[n / 2]) / 2;
                return (g.Key, Total: perGrant.Sum(), Grants: n, Median: median);
            })
            .OrderByDescending(g => g.Total).ThenBy(g => g.Key, StringComparer.Ordinal).ToArray();

        Assert.NotEmpty(expected);
        Assert.Equal(money.Sum(m => m.Amount), table.GetProperty("total").GetDecimal());
        Assert.Equal(money.Select(m => m.GrantId).Distinct().Count(), table.GetProperty("grants").GetInt32());
        // By territory, the children that received nothing are listed at zero after the others: FlowTerritoryZeroTests checks them.
        Assert.Equal(expected, Items(table).Where(g => g.GetProperty("grants").GetInt32() != 0).Select(g =>
            (g.GetProperty("key").GetString()!, g.GetProperty("total").GetDecimal(), g.GetProperty("grants").GetInt32(), g.GetProperty("medianGrant").GetDecimal())));
    }

    private static JsonElement[] Items(JsonElement table) => [.. table.GetProperty("groups").GetProperty("items").EnumerateArray()];

    private async Task<JsonElement> GetAsync(string uri)
    {
        using var response = await data.Funding.Client.GetAsync(uri);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{uri}: {(int)response.StatusCode} {json}");
        return json;
    }
}
