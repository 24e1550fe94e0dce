using System.Text.Json;

namespace SocialTech.Funding.Tests.Flows;

/// <summary>
/// The Sankey graph on real PostgreSQL, with regranting: a région funds an intermediary that regrants through child
/// grants (one co-funded by a foundation, one cancelled), beside a direct grant. The expected links are computed here
/// from the description of the grants.
/// </summary>
public sealed class SankeyTests(SankeyTests.Data data) : IClassFixture<SankeyTests.Data>
{
    /// <summary>The grants, loaded once per class through the API.</summary>
    public sealed class Data : IAsyncLifetime
    {
        public sealed record Part(Guid Funder, decimal Amount);

        public sealed record TestGrant(Guid Id, Part[] Funders, Guid Recipient, string[] Kinds, string Commune, Guid? Parent, bool Cancelled);

        public FundingService Funding { get; } = new();

        public List<TestGrant> Grants { get; } = [];

        public Dictionary<Guid, string> Names { get; } = [];

        public async Task InitializeAsync()
        {
            await Funding.InitializeAsync();
            var region = await Seed("Région Auvergne-Rhône-Alpes", "69123", "local-authority");
            var foundation = await Seed("Fondation Entraide", "69123", "foundation");
            var departement = await Seed("Département de la Dordogne", "24322", "local-authority");
            var intermediary = await Seed("France Active Auvergne-Rhône-Alpes", "69123", "association", "network-head");
            var x = await Seed("Atelier de Vénissieux", "69259", "association");
            var y = await Seed("SCIC Villeurbanne", "69266", "scic", "association");
            var z = await Seed("Incubateur de Ribérac", "24352", "association", "incubator");

            var parent = await Award([new(region, 50000m)], intermediary, ["association", "network-head"], "69123", null);
            await Award([new(intermediary, 12000m)], x, ["association"], "69259", parent);
            await Award([new(intermediary, 8000m), new(foundation, 2000m)], y, ["scic", "association"], "69266", parent);
            await Award([new(intermediary, 1000m)], x, ["association"], "69259", parent, cancelled: true);
            await Award([new(departement, 3000.33m)], z, ["association", "incubator"], "24352", null);
            await Award([new(foundation, 700m), new(departement, 300m)], z, ["association", "incubator"], "24352", null);

            async Task<Guid> Seed(string name, string commune, params string[] kinds)
            {
                var id = await Funding.SeedActorAsync(name, commune, kinds);
                Names[id] = name;
                return id;
            }
        }

        public Task DisposeAsync() => Funding.DisposeAsync();

        private readonly HashSet<Guid> declared = [];

        private async Task<Guid> Award(Part[] funders, Guid recipient, string[] kinds, string commune, Guid? parent, bool cancelled = false)
        {
            foreach (var funder in funders.Select(f => f.Funder).Where(declared.Add))
            {
                await Funding.DeclareFunderAsync(funder, "state");
            }

            var (id, etag, _) = await Funding.CreateAsync("/api/funding/grants", new
            {
                funders = funders.Select(f => new { funderId = f.Funder, amount = f.Amount }), recipientId = recipient, purpose = "Projet",
                amount = funders.Sum(f => f.Amount), plannedStart = "2025-01-01", plannedEnd = "2025-12-31", decisionDate = "2025-02-01",
                beneficiaryCommuneCodes = new[] { commune }, parentGrantId = parent,
            });
            if (cancelled)
            {
                await Funding.SendAsync(HttpMethod.Post, $"/api/funding/grants/{id}/cancellation", new { cancelledOn = "2025-03-01", reason = "Abandon" }, etag);
            }

            Grants.Add(new TestGrant(id, funders, recipient, kinds, commune, parent, cancelled));
            return id;
        }
    }

    [Theory]
    [InlineData(null, "region")]
    [InlineData("region:84", "departement")]
    [InlineData("departement:69", "epci")]
    [InlineData("departement:24", "epci")]
    public async Task Sankey_WithRegranting_CountsEachEuroOnce_AndMatchesAnIndependentGraph(string? territory, string childLevel)
    {
        var inScope = data.Grants.Where(g => !g.Cancelled && (territory is null || Within(g.Commune, territory))).ToArray();
        var parents = data.Grants.Where(g => !g.Cancelled && g.Parent is not null).Select(g => g.Parent!.Value).ToHashSet();
        var expected = new Dictionary<(string, string), decimal>();
        void Add(string source, string target, decimal amount) => expected[(source, target)] = expected.GetValueOrDefault((source, target)) + amount;
        foreach (var g in inScope)
        {
            var intermediary = g.Parent is { } p ? data.Grants.Single(x => x.Id == p).Recipient : (Guid?)null;
            foreach (var part in g.Funders)
            {
                var source = part.Funder == intermediary ? $"intermediary:{part.Funder}" : $"funder:{part.Funder}";
                if (parents.Contains(g.Id))
                {
                    Add(source, $"intermediary:{g.Recipient}", part.Amount);
                }
                else
                {
                    var place = $"territory:{Place(g.Commune, childLevel)}";
                    Add(source, place, part.Amount);
                    Add(place, $"kind:{g.Kinds[0]}", part.Amount);
                }
            }
        }

        var moneyFromFunders = inScope.SelectMany(g => g.Funders.Where(f => g.Parent is null || f.Funder != data.Grants.Single(x => x.Id == g.Parent).Recipient))
            .Sum(f => f.Amount);

        var graph = await data.Funding.GetAsync($"/api/funding/flows/sankey{(territory is null ? "" : $"?territory={territory}")}");

        var links = graph.GetProperty("links").EnumerateArray()
            .Select(l => (l.GetProperty("source").GetString()!, l.GetProperty("target").GetString()!, l.GetProperty("amount").GetDecimal())).ToArray();
        Assert.Equal(expected.Select(e => (e.Key.Item1, e.Key.Item2, e.Value)).OrderBy(l => l.Item1).ThenBy(l => l.Item2), links.OrderBy(l => l.Item1).ThenBy(l => l.Item2));
        var total = graph.GetProperty("total").GetDecimal();
        Assert.Equal(moneyFromFunders, total);
        Assert.Equal(links.Where(l => l.Item1.StartsWith("funder:", StringComparison.Ordinal)).Sum(l => l.Item3), total);
        Assert.Equal(links.Where(l => l.Item2.StartsWith("kind:", StringComparison.Ordinal)).Sum(l => l.Item3),
            inScope.Where(g => !parents.Contains(g.Id)).Sum(g => g.Funders.Sum(f => f.Amount)));

        var nodes = graph.GetProperty("nodes").EnumerateArray().ToDictionary(n => n.GetProperty("id").GetString()!);
        Assert.Equal(links.SelectMany(l => new[] { l.Item1, l.Item2 }).Distinct().Order(), nodes.Keys.Order());
        foreach (var (id, node) in nodes)
        {
            var prefix = id[..id.IndexOf(':', StringComparison.Ordinal)];
            Assert.Equal(prefix == "kind" ? "recipient-kind" : prefix, node.GetProperty("column").GetString());
            if (prefix is "funder" or "intermediary")
            {
                Assert.Equal(data.Names[Guid.Parse(id[(prefix.Length + 1)..])], node.GetProperty("label").GetString());
            }
        }

        Assert.Equal(territory, graph.GetProperty("scope").GetProperty("territory").GetString());
    }

    [Fact]
    public async Task Sankey_Regranting_RoutesTheParentThroughTheIntermediary()
    {
        var graph = await data.Funding.GetAsync("/api/funding/flows/sankey?territory=region:84");
        var parent = data.Grants[0];
        var links = graph.GetProperty("links").EnumerateArray().ToArray();

        // Written out by hand: 50 000 in from the région, 12 000 + 8 000 out from the intermediary (the cancelled 1 000 is not).
        Assert.Equal(50000m, Amount(links, $"funder:{parent.Funders[0].Funder}", $"intermediary:{parent.Recipient}"));
        Assert.Equal(20000m, Amount(links, $"intermediary:{parent.Recipient}", "territory:departement:69"));
        Assert.Equal(52000m, graph.GetProperty("total").GetDecimal());
    }

    private static decimal Amount(JsonElement[] links, string source, string target) =>
        links.Single(l => l.GetProperty("source").GetString() == source && l.GetProperty("target").GetString() == target).GetProperty("amount").GetDecimal();

    private static bool Within(string commune, string territory) => territory switch
    {
        "region:84" => commune.StartsWith("69", StringComparison.Ordinal),
        "departement:69" => commune.StartsWith("69", StringComparison.Ordinal),
        "departement:24" => commune.StartsWith("24", StringComparison.Ordinal),
        _ => throw new ArgumentOutOfRangeException(nameof(territory)),
    };

    /// <summary>The few places of the test data at each level (COG 2025), written out.</summary>
    private static string Place(string commune, string level) => (commune[..2], level) switch
    {
        ("69", "region") => "region:84",
        ("24", "region") => "region:75",
        ("69", "departement") => "departement:69",
        ("24", "departement") => "departement:24",
        ("69", "epci") => "epci:200046977",
        ("24", "epci") when commune == "24352" => "epci:200040400",
        _ => throw new ArgumentOutOfRangeException(nameof(commune)),
    };
}
