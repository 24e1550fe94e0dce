using System.IO.Compression;
using System.Text.Json;

namespace SocialTech.Funding.Tests.Flows;

/// <summary>
/// By territory, zero is an answer (issue 17): every child territory of the scope is listed, at 0 where nothing was
/// awarded. The expected children are read here from the referential's data file, not through the referential's code.
/// </summary>
public sealed class FlowTerritoryZeroTests : IAsyncLifetime
{
    private const string GrandPerigueux = "200040392";

    private readonly FundingService funding = new();

    private static readonly string[][] Communes = ReadCommunes();

    private string otherCommune = "";

    public async Task InitializeAsync()
    {
        await funding.InitializeAsync();
        var funder = await funding.SeedActorAsync("Département de la Dordogne", "24322", "local-authority");
        var recipient = await funding.SeedActorAsync("Recyclerie de Périgueux", "24322", "association");
        await funding.DeclareFunderAsync(funder, "departement", "departement:24");
        otherCommune = Communes.First(c => c[3] == GrandPerigueux && c[0] != "24322")[0];
        foreach (var (commune, amount) in new[] { ("24322", 1000m), (otherCommune, 250.50m) })
        {
            await funding.CreateAsync("/api/funding/grants", new
            {
                funders = new[] { new { funderId = funder, amount, funderType = "departement" } }, recipientId = recipient, purpose = "Projet", amount,
                plannedStart = "2025-01-01", plannedEnd = "2025-12-31", decisionDate = "2025-03-01", fiscalYears = new[] { 2025 },
                beneficiaryCommuneCodes = new[] { commune },
            });
        }
    }

    public Task DisposeAsync() => funding.DisposeAsync();

    [Fact]
    public async Task ByTerritory_OfAnEpci_ListsEveryCommune_TheOnesWithoutMoneyAtZero()
    {
        var members = Communes.Where(c => c[3] == GrandPerigueux).Select(c => $"commune:{c[0]}").ToHashSet();

        var table = await funding.GetAsync($"/api/funding/flows/by-territory?territory=epci:{GrandPerigueux}&pageSize=500");

        var groups = table.GetProperty("groups");
        var items = groups.GetProperty("items").EnumerateArray().ToArray();
        Assert.Equal(43, members.Count);
        Assert.Equal(members.Count, groups.GetProperty("totalItems").GetInt64());
        Assert.Equal(members.Order(StringComparer.Ordinal), items.Select(g => g.GetProperty("key").GetString()!).Order(StringComparer.Ordinal));
        Assert.Equal(
            [("commune:24322", 1000m, 1, 1000m), ($"commune:{otherCommune}", 250.50m, 1, 250.50m)],
            items.Take(2).Select(g => (g.GetProperty("key").GetString()!, g.GetProperty("total").GetDecimal(), g.GetProperty("grants").GetInt32(), g.GetProperty("medianGrant").GetDecimal())));
        Assert.All(items.Skip(2), g =>
        {
            Assert.Equal(0m, g.GetProperty("total").GetDecimal());
            Assert.Equal(0, g.GetProperty("grants").GetInt32());
            Assert.Equal(0m, g.GetProperty("medianGrant").GetDecimal());
            Assert.False(string.IsNullOrEmpty(g.GetProperty("name").GetString()));
        });
        Assert.Equal(1250.50m, table.GetProperty("total").GetDecimal());
    }

    [Fact]
    public async Task ByTerritory_OfDordogne_ListsItsTwentyTwoEpcis_OthersThanTheOneWithMoneyAtZero()
    {
        // Every EPCI with a member commune in the département, as the referential's ChildrenOf defines them.
        var epcis = Communes.Where(c => c[2] == "24" && c[3] is { Length: > 0 }).Select(c => $"epci:{c[3]}").ToHashSet();

        var table = await funding.GetAsync("/api/funding/flows/by-territory?territory=departement:24");

        var groups = table.GetProperty("groups");
        var items = groups.GetProperty("items").EnumerateArray().ToArray();
        Assert.Equal(22, epcis.Count);
        Assert.Equal(22, groups.GetProperty("totalItems").GetInt64());
        Assert.Equal(epcis.Order(StringComparer.Ordinal), items.Select(g => g.GetProperty("key").GetString()!).Order(StringComparer.Ordinal));
        Assert.Equal(($"epci:{GrandPerigueux}", 1250.50m, 2), (items[0].GetProperty("key").GetString(), items[0].GetProperty("total").GetDecimal(), items[0].GetProperty("grants").GetInt32()));
        Assert.All(items.Skip(1), g => Assert.Equal(0m, g.GetProperty("total").GetDecimal()));
    }

    [Fact]
    public async Task ConcentrationByTerritory_OfDordogne_ListsItsTwentyTwoEpcis_OthersThanTheOneWithMoneyAtZero()
    {
        var epcis = Communes.Where(c => c[2] == "24" && c[3] is { Length: > 0 }).Select(c => $"epci:{c[3]}").ToHashSet();

        var page = await funding.GetAsync("/api/funding/flows/concentration/by-territory?territory=departement:24");

        var items = page.GetProperty("items").EnumerateArray().ToArray();
        Assert.Equal(22, page.GetProperty("totalItems").GetInt64());
        Assert.Equal(epcis.Order(StringComparer.Ordinal), items.Select(t => t.GetProperty("key").GetString()!).Order(StringComparer.Ordinal));
        // One recipient with both grants: it takes everything (Herfindahl 1).
        Assert.Equal(($"epci:{GrandPerigueux}", 1250.50m, 1, 1m), (items[0].GetProperty("key").GetString(), items[0].GetProperty("total").GetDecimal(),
            items[0].GetProperty("recipients").GetInt32(), items[0].GetProperty("herfindahl").GetDecimal()));
        Assert.All(items.Skip(1), t =>
        {
            Assert.Equal((0m, 0, 0m, 0m), (t.GetProperty("total").GetDecimal(), t.GetProperty("recipients").GetInt32(), t.GetProperty("top10Share").GetDecimal(),
                t.GetProperty("herfindahl").GetDecimal()));
            Assert.False(string.IsNullOrEmpty(t.GetProperty("name").GetString()));
        });
    }

    [Fact]
    public async Task Sankey_OfDordogne_ListsItsTwentyTwoEpcis_WithTheirMoney_ZeroIncluded()
    {
        var epcis = Communes.Where(c => c[2] == "24" && c[3] is { Length: > 0 }).Select(c => $"epci:{c[3]}").ToHashSet();

        var graph = await funding.GetAsync("/api/funding/flows/sankey?territory=departement:24");

        var territories = graph.GetProperty("territories").EnumerateArray().ToArray();
        Assert.Equal(epcis.Order(StringComparer.Ordinal), territories.Select(t => t.GetProperty("key").GetString()!).Order(StringComparer.Ordinal));
        Assert.Equal(($"epci:{GrandPerigueux}", 1250.50m), (territories[0].GetProperty("key").GetString(), territories[0].GetProperty("amount").GetDecimal()));
        Assert.All(territories.Skip(1), t => Assert.Equal(0m, t.GetProperty("amount").GetDecimal()));
        Assert.Equal(1250.50m, graph.GetProperty("total").GetDecimal());
    }

    /// <summary>The communes of the embedded COG file, each as its columns (code, name, département, EPCI…), read with plain JSON.</summary>
    private static string[][] ReadCommunes()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "services/Actors/Actors.Territories/Data/cog-2025.json.gz")))
        {
            directory = directory.Parent;
        }

        Assert.NotNull(directory);
        using var file = File.OpenRead(Path.Combine(directory.FullName, "services/Actors/Actors.Territories/Data/cog-2025.json.gz"));
        using var json = new GZipStream(file, CompressionMode.Decompress);
        using var document = JsonDocument.Parse(json);
        var columns = document.RootElement.GetProperty("communeColumns").EnumerateArray().Select(c => c.GetString()).ToArray();
        Assert.Equal(["code", "name", "departement", "epci"], columns.Take(4));
        return document.RootElement.GetProperty("communes").EnumerateArray()
            .Select(c => c.EnumerateArray().Take(4).Select(v => v.ValueKind == JsonValueKind.String ? v.GetString()! : "").ToArray()).ToArray();
    }
}
