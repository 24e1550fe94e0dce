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
        // Each euro once (ADR 0012), worked out here from the grants as described: a grant keeps its amount less its
        // live children's intermediary parts; the intermediary's part of a child traces back to the parent's funders
        // (through that intermediary); what a parent keeps goes to "undistributed" at its own place.
        var live = data.Grants.Where(g => !g.Cancelled).ToArray();
        Data.TestGrant? ParentOf(Data.TestGrant g) => g.Parent is { } p ? live.SingleOrDefault(x => x.Id == p) : null;
        bool Regranted(Data.TestGrant g, Data.Part part) => ParentOf(g) is { } p && part.Funder == p.Recipient;
        decimal AmountOf(Data.TestGrant g) => g.Funders.Sum(f => f.Amount);
        IEnumerable<(Guid Funder, string[] Via, decimal Fraction)> Origins(Data.TestGrant g) => g.Funders.SelectMany(part => Regranted(g, part)
            ? Origins(ParentOf(g)!).Select(o => (o.Funder, (string[])[.. o.Via, $"intermediary:{ParentOf(g)!.Recipient}"], o.Fraction * part.Amount / AmountOf(g)))
            : [(part.Funder, Array.Empty<string>(), part.Amount / AmountOf(g))]);
        var expected = new Dictionary<(string, string), decimal>();
        void Add(string source, string target, decimal amount) => expected[(source, target)] = expected.GetValueOrDefault((source, target)) + amount;
        decimal moneyFromFunders = 0, undistributed = 0;
        foreach (var g in live.Where(g => territory is null || Within(g.Commune, territory)))
        {
            var passedOn = live.Where(c => c.Parent == g.Id).SelectMany(c => c.Funders.Where(f => f.Funder == g.Recipient)).Sum(f => f.Amount);
            var isParent = live.Any(c => c.Parent == g.Id);
            var held = AmountOf(g) - passedOn;
            foreach (var part in g.Funders)
            {
                var origins = Regranted(g, part)
                    ? Origins(ParentOf(g)!).Select(o => (o.Funder, Via: (string[])[.. o.Via, $"intermediary:{ParentOf(g)!.Recipient}"], o.Fraction))
                    : [(part.Funder, Via: Array.Empty<string>(), Fraction: 1m)];
                foreach (var o in origins)
                {
                    var amount = part.Amount * held / AmountOf(g) * o.Fraction;
                    string[] path = [$"funder:{o.Funder}", .. o.Via, .. isParent ? [$"intermediary:{g.Recipient}"] : Array.Empty<string>(),
                        $"territory:{Place(g.Commune, childLevel)}", isParent ? "kind:undistributed" : $"kind:{g.Kinds[0]}"];
                    for (var i = 1; i < path.Length; i++)
                    {
                        Add(path[i - 1], path[i], amount);
                    }

                    moneyFromFunders += amount;
                    undistributed += isParent ? amount : 0;
                }
            }
        }

        var graph = await data.Funding.GetAsync($"/api/funding/flows/sankey{(territory is null ? "" : $"?territory={territory}")}");

        var links = graph.GetProperty("links").EnumerateArray()
            .Select(l => (l.GetProperty("source").GetString()!, l.GetProperty("target").GetString()!, l.GetProperty("amount").GetDecimal())).ToArray();
        Assert.Equal(expected.Select(e => (e.Key.Item1, e.Key.Item2, e.Value)).OrderBy(l => l.Item1).ThenBy(l => l.Item2), links.OrderBy(l => l.Item1).ThenBy(l => l.Item2));
        var total = graph.GetProperty("total").GetDecimal();
        Assert.Equal(moneyFromFunders, total);
        Assert.Equal(links.Where(l => l.Item1.StartsWith("funder:", StringComparison.Ordinal)).Sum(l => l.Item3), total);
        Assert.Equal(links.Where(l => l.Item2.StartsWith("kind:", StringComparison.Ordinal)).Sum(l => l.Item3), total);
        Assert.Equal(undistributed, graph.GetProperty("undistributed").GetDecimal());

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

        // Written out by hand: 50 000 in from the région, all of it out of the intermediary into the Rhône: 12 000 + 8 000
        // regranted (the cancelled 1 000 is not), and the 30 000 it still holds, which end at "non redistribué".
        Assert.Equal(50000m, Amount(links, $"funder:{parent.Funders[0].Funder}", $"intermediary:{parent.Recipient}"));
        Assert.Equal(50000m, Amount(links, $"intermediary:{parent.Recipient}", "territory:departement:69"));
        Assert.Equal(30000m, Amount(links, "territory:departement:69", "kind:undistributed"));
        Assert.Equal(30000m, graph.GetProperty("undistributed").GetDecimal());
        Assert.Equal("non redistribué", graph.GetProperty("nodes").EnumerateArray().Single(n => n.GetProperty("id").GetString() == "kind:undistributed")
            .GetProperty("label").GetString());
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
