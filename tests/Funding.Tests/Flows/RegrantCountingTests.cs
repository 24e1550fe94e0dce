using System.Text.Json;

namespace SocialTech.Funding.Tests.Flows;

/// <summary>
/// Regranted money counted once, by one rule in every answer (issue 17, docs/adr/0012-regrants-counted-once.md). A
/// région awards 160 000 € to an intermediary in Lyon (decided in 2024), which regrants 120 000 € in 2025: 70 000 € to
/// an association in Vénissieux and 50 000 € to a second intermediary in Dordogne, which regrants 20 000 € of it to an
/// association in Périgueux (two levels, and money landing in another région than the first intermediary's). Every
/// expected figure is worked out by hand in the comments, from the grants alone.
/// </summary>
public sealed class RegrantCountingTests(RegrantCountingTests.Data data) : IClassFixture<RegrantCountingTests.Data>
{
    private const string Flows = "/api/funding/flows";

    public sealed class Data : IAsyncLifetime
    {
        public FundingService Funding { get; } = new();

        public Guid Region { get; private set; }

        public Guid Intermediary { get; private set; }

        public Guid Second { get; private set; }

        public Guid Venissieux { get; private set; }

        public Guid Perigueux { get; private set; }

        public async Task InitializeAsync()
        {
            await Funding.InitializeAsync();
            Region = await Funding.SeedActorAsync("Région Auvergne-Rhône-Alpes", "69123", "local-authority");
            Intermediary = await Funding.SeedActorAsync("France Active Auvergne-Rhône-Alpes", "69123", "association");
            Second = await Funding.SeedActorAsync("Réseau Dordogne Initiatives", "24352", "association");
            Venissieux = await Funding.SeedActorAsync("Atelier de Vénissieux", "69259", "association");
            Perigueux = await Funding.SeedActorAsync("Recyclerie de Périgueux", "24322", "association");
            await Funding.DeclareFunderAsync(Region, "region", "region:84");
            await Funding.DeclareFunderAsync(Intermediary, "foundation");
            await Funding.DeclareFunderAsync(Second, "foundation");

            var parent = await Award(Region, Intermediary, 160000m, "69123", "2024-06-01", null);
            await Award(Intermediary, Venissieux, 70000m, "69259", "2025-03-01", parent);
            var child = await Award(Intermediary, Second, 50000m, "24352", "2025-03-01", parent);
            await Award(Second, Perigueux, 20000m, "24322", "2025-04-01", child);
        }

        public Task DisposeAsync() => Funding.DisposeAsync();

        private async Task<Guid> Award(Guid funder, Guid recipient, decimal amount, string commune, string decided, Guid? parent)
        {
            var (id, _, _) = await Funding.CreateAsync("/api/funding/grants", new
            {
                funders = new[] { new { funderId = funder, amount } }, recipientId = recipient, purpose = "Projet", amount,
                plannedStart = "2025-01-01", plannedEnd = "2025-12-31", decisionDate = decided, fiscalYears = new[] { 2025 },
                beneficiaryCommuneCodes = new[] { commune }, parentGrantId = parent,
            });
            return id;
        }
    }

    // Counted once: 160 000 € came from a funder; every other euro is that money passing on.
    // Held, not regranted: the first intermediary 160 000 - 70 000 - 50 000 = 40 000 (Lyon, Rhône, région 84);
    // the second 50 000 - 20 000 = 30 000 (Ribérac, Dordogne, région 75): 70 000 undistributed in all.
    // Landed: 70 000 in Vénissieux (Rhône), 20 000 in Périgueux (Dordogne).
    private const decimal Total = 160000m;
    private const decimal Undistributed = 70000m;

    [Theory]
    [InlineData("by-funder")]
    [InlineData("by-funder-type")]
    [InlineData("by-programme")]
    [InlineData("by-theme")]
    [InlineData("by-period")]
    [InlineData("by-period?granularity=fiscal-year")]
    [InlineData("by-recipient-kind")]
    [InlineData("by-territory")]
    [InlineData("by-territory?level=departement")]
    public async Task EveryTable_CountsTheRegrantedMoneyOnce(string query)
    {
        var table = await data.Funding.GetAsync($"{Flows}/{query}{(query.Contains('?', StringComparison.Ordinal) ? "&" : "?")}pageSize=500");

        Assert.Equal(Total, table.GetProperty("total").GetDecimal());
        Assert.Equal(Undistributed, table.GetProperty("undistributed").GetDecimal());
        if (query is not "by-recipient-kind")
        {
            // No group overlaps here (one kind per recipient elsewhere too): the groups add up to the total, once.
            Assert.Equal(Total, Groups(table).Values.Sum());
        }
    }

    [Fact]
    public async Task ByFunder_IsTheOriginalFunder_TheIntermediariesPassItOn()
    {
        var table = await data.Funding.GetAsync($"{Flows}/by-funder");

        Assert.Equal(new Dictionary<string, decimal> { [data.Region.ToString()] = Total }, Groups(table));
    }

    [Fact]
    public async Task ByPeriod_CountsTheMoneyInTheYearOfItsOriginalAward()
    {
        // Decided by the région in 2024; the regrants of 2025 award nothing new.
        Assert.Equal(new Dictionary<string, decimal> { ["2024"] = Total }, Groups(await data.Funding.GetAsync($"{Flows}/by-period")));
    }

    [Fact]
    public async Task ByRecipientKind_ShowsWhatTheIntermediariesHoldAsUndistributed()
    {
        var table = await data.Funding.GetAsync($"{Flows}/by-recipient-kind");

        Assert.Equal(new Dictionary<string, decimal> { ["undistributed"] = 70000m, ["association"] = 90000m }, Groups(table));
        Assert.Equal("non redistribué", table.GetProperty("groups").GetProperty("items").EnumerateArray()
            .Single(g => g.GetProperty("key").GetString() == "undistributed").GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("level=departement", "departement:69", 110000, "departement:24", 50000)]
    [InlineData("level=region", "region:84", 110000, "region:75", 50000)]
    [InlineData("territory=departement:24&level=commune", "commune:24352", 30000, "commune:24322", 20000)]
    [InlineData("territory=departement:69&level=commune", "commune:69123", 40000, "commune:69259", 70000)]
    public async Task ByTerritory_PlacesEachEuroWhereItLands_WhatIsHeldAtTheIntermediarysPlace(string query, string first, int firstAmount, string second, int secondAmount)
    {
        var groups = Groups(await data.Funding.GetAsync($"{Flows}/by-territory?{query}&pageSize=500"));

        Assert.Equal(firstAmount, groups[first]);
        Assert.Equal(secondAmount, groups[second]);
        Assert.All(groups.Where(g => g.Key != first && g.Key != second), g => Assert.Equal(0m, g.Value));
    }

    [Fact]
    public async Task ByFunder_InAnotherTerritoryThanTheIntermediary_IsTheOriginalFundersMoneyLandingThere()
    {
        // In Dordogne: the 30 000 the second intermediary holds and the 20 000 it regranted, all the région's.
        var table = await data.Funding.GetAsync($"{Flows}/by-funder?territory=departement:24");

        Assert.Equal(new Dictionary<string, decimal> { [data.Region.ToString()] = 50000m }, Groups(table));
        Assert.Equal(30000m, table.GetProperty("undistributed").GetDecimal());
    }

    [Fact]
    public async Task Sankey_AgreesWithTheTables_AndShowsTheUndistributedMoney()
    {
        var graph = await data.Funding.GetAsync($"{Flows}/sankey");

        var (region, first, second) = ($"funder:{data.Region}", $"intermediary:{data.Intermediary}", $"intermediary:{data.Second}");
        var expected = new Dictionary<(string, string), decimal>
        {
            [(region, first)] = 160000m,
            [(first, "territory:region:84")] = 110000m,  // 40 000 held in Lyon + 70 000 to Vénissieux
            [(first, second)] = 50000m,
            [(second, "territory:region:75")] = 50000m,  // 30 000 held in Ribérac + 20 000 to Périgueux
            [("territory:region:84", "kind:undistributed")] = 40000m,
            [("territory:region:84", "kind:association")] = 70000m,
            [("territory:region:75", "kind:undistributed")] = 30000m,
            [("territory:region:75", "kind:association")] = 20000m,
        };
        var links = graph.GetProperty("links").EnumerateArray()
            .ToDictionary(l => (l.GetProperty("source").GetString()!, l.GetProperty("target").GetString()!), l => l.GetProperty("amount").GetDecimal());
        Assert.Equal(expected.OrderBy(e => e.Key), links.OrderBy(e => e.Key));
        Assert.Equal(Total, graph.GetProperty("total").GetDecimal());
        Assert.Equal(Undistributed, graph.GetProperty("undistributed").GetDecimal());

        // The Sankey's territories are by-territory's, figure for figure.
        var byTerritory = Groups(await data.Funding.GetAsync($"{Flows}/by-territory?pageSize=500"));
        Assert.Equal(byTerritory.OrderBy(t => t.Key), graph.GetProperty("territories").EnumerateArray()
            .ToDictionary(t => t.GetProperty("key").GetString()!, t => t.GetProperty("amount").GetDecimal()).OrderBy(t => t.Key));
    }

    [Fact]
    public async Task Concentration_CountsWhatEachRecipientHolds()
    {
        // The first intermediary holds 40 000, Vénissieux 70 000, the second intermediary 30 000, Périgueux 20 000.
        var c = await data.Funding.GetAsync($"{Flows}/concentration");

        Assert.Equal(Total, c.GetProperty("total").GetDecimal());
        Assert.Equal(4, c.GetProperty("recipients").GetInt32());
        Assert.Equal(1m, c.GetProperty("fundersPerRecipient").GetDecimal());
        var herfindahl = (70m * 70m + 40m * 40m + 30m * 30m + 20m * 20m) / (160m * 160m);
        Assert.Equal(herfindahl, c.GetProperty("herfindahl").GetDecimal());
        Assert.Equal([(data.Venissieux, 70000m), (data.Intermediary, 40000m), (data.Second, 30000m), (data.Perigueux, 20000m)],
            c.GetProperty("top10").EnumerateArray().Select(r => (r.GetProperty("recipientId").GetGuid(), r.GetProperty("amount").GetDecimal())));
    }

    [Fact]
    public async Task Tables_AgreeWithAnSqlSumWrittenApart()
    {
        // Apart from FlowSql, over the same rows: the money from funders is what the grants without a parent were
        // awarded (the children here have no co-funder), and what is held undistributed is, per grant with children,
        // its award less its children's parts paid by its recipient.
        const string live = "known_until IS NULL AND NOT cancelled";
        var origin = await data.Funding.ScalarAsync<decimal>($"SELECT sum(awarded) FROM funding.flow_amounts WHERE {live} AND parent_grant_id IS NULL");
        var held = await data.Funding.ScalarAsync<decimal>($"""
            SELECT sum(greatest(p.awarded - (SELECT coalesce(sum(c.awarded), 0) FROM funding.flow_amounts c
                                             WHERE c.{live} AND c.parent_grant_id = p.grant_id AND c.funder_id = p.recipient_id), 0))
            FROM funding.flow_amounts p
            WHERE p.{live} AND EXISTS (SELECT 1 FROM funding.flow_amounts c WHERE c.{live} AND c.parent_grant_id = p.grant_id)
            """);

        foreach (var query in new[] { "by-programme", "by-funder", "by-territory", "by-recipient-kind" })
        {
            var table = await data.Funding.GetAsync($"{Flows}/{query}");
            Assert.Equal((origin, held), (table.GetProperty("total").GetDecimal(), table.GetProperty("undistributed").GetDecimal()));
        }

        Assert.Equal((Total, Undistributed), (origin, held));
    }

    private static Dictionary<string, decimal> Groups(JsonElement table) =>
        table.GetProperty("groups").GetProperty("items").EnumerateArray()
            .ToDictionary(g => g.GetProperty("key").GetString()!, g => g.GetProperty("total").GetDecimal());
}
