using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Marten;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using SocialTech.Actors.Contracts;
using SocialTech.Actors.Directory;
using SocialTech.Funding.Hubs;
using SocialTech.Funding.Places;
using SocialTech.Funding.Relays;
using SocialTech.IncubatorNetworks.Contracts;
using SocialTech.Testing;

namespace SocialTech.Funding.Tests.WhiteZones;

/// <summary>
/// Support white zones (issue 18.3) of Dordogne, Nouvelle-Aquitaine and France, against a fixture worked out by hand
/// below. Rural and QPV communes are read from the referential's data file with plain JSON (density, FRR and QPV
/// columns), never through the referential library nor the code under test; the coverage each fixture item gives is
/// written out by hand in <see cref="Covered"/>.
/// </summary>
/// <remarks>
/// On 2026-12-07, relays, places and hubs arrive as Actors' and IncubatorNetworks' contracts on the bus:
/// <list type="bullet">
/// <item>an offer on Ribérac (commune 24352): covers Ribérac only;</item>
/// <item>an offer on the CA Bergeracoise (EPCI 200070647): covers its 38 Dordogne communes;</item>
/// <item>an offer on the Dordogne, withdrawn: covers nothing; another on the Dordogne whose actor ceased: nothing;</item>
/// <item>an offer on the Corrèze (département 19): the whole Corrèze, seen from Nouvelle-Aquitaine;</item>
/// <item>a tiers-lieu operator's offer on Bordeaux (33063) including its places, with an open place in Sarlat (24520):
/// covers Bordeaux, and through the place the CC Sarlat Périgord Noir (200027217);</item>
/// <item>a network head's offer on Paris (75056) including hubs: its open hub in Nontron (24311) covers the CC Périgord
/// Nontronnais (200071819); its hub in Boulazac (24053, Grand Périgueux 200040392), open 2025-01-01 to 2026-06-30, covers
/// that EPCI on 2026-03-01 only;</item>
/// <item>a hub of a network whose head declared nothing, open in Thiviers (24551): Thiviers only (an incubator hub);</item>
/// <item>a place of an operator without offer, open in Allemans (24007): Allemans only (a tiers-lieu); a place closed on
/// 2026-01-31 in Les Eyzies (24172): nothing on 2026-12-07.</item>
/// </list>
/// </remarks>
public sealed class SupportWhiteZonesTests : IAsyncLifetime
{
    private const string Bergeracoise = "200070647";
    private const string Sarlat = "200027217";
    private const string Nontronnais = "200071819";
    private const string GrandPerigueux = "200040392";
    private const string Query = "/api/funding/white-zones/support?";

    private static readonly Cog File = Cog.Read();

    private readonly FundingService funding = new();

    public async Task InitializeAsync()
    {
        await funding.InitializeAsync();
        var bus = funding.Host.Services.GetRequiredService<IBus>();

        async Task<Guid> RelayAsync(string name, string[] territories, bool includesPlaces = false, bool includesHubs = false, bool withdrawn = false,
            bool ceased = false)
        {
            var actor = await funding.SeedActorAsync(name, "24322", "association");
            if (ceased)
            {
                await using var session = funding.Host.Services.GetRequiredService<IDocumentStore>().LightweightSession();
                var known = await session.LoadAsync<DirectoryActor>(actor);
                session.Store(known! with { Status = "ceased" });
                await session.SaveChangesAsync();
            }

            var offer = Guid.CreateVersion7();
            await bus.Publish(new RelayOfferDeclared(actor, offer, 1, ["funding-advice"], ["association"],
                territories.Select(t => new TerritoryReference(t.Split(':')[0], t.Split(':')[1], 2025)).ToArray(), "contact@relais.example.org",
                includesPlaces, DateTimeOffset.UtcNow, includesHubs));
            if (withdrawn)
            {
                await bus.Publish(new RelayOfferWithdrawn(actor, offer, 2, "Fin", DateTimeOffset.UtcNow));
            }

            return actor;
        }

        await RelayAsync("Relais de Ribérac", ["commune:24352"]);
        await RelayAsync("Relais du Bergeracois", [$"epci:{Bergeracoise}"]);
        await RelayAsync("Relais départemental retiré", ["departement:24"], withdrawn: true);
        await RelayAsync("Relais départemental disparu", ["departement:24"], ceased: true);
        await RelayAsync("Relais corrézien", ["departement:19"]);
        var tiersLieux = await RelayAsync("Réseau de tiers-lieux", ["commune:33063"], includesPlaces: true);
        var head = await RelayAsync("Tête de réseau d'incubateurs", ["commune:75056"], includesHubs: true);

        async Task Place(Guid runner, string commune, DateOnly? closedOn = null)
        {
            var id = Guid.CreateVersion7();
            await bus.Publish(new PlaceOpened(id, 1, $"Lieu {commune}", ["coworking"], new CommuneReference(commune, 2025), runner, null, new DateOnly(2020, 1, 1)));
            if (closedOn is { } closed)
            {
                await bus.Publish(new PlaceClosed(id, 2, closed, "Fin du bail"));
            }
        }

        await Place(tiersLieux, "24520");
        await Place(Guid.CreateVersion7(), "24007");
        await Place(Guid.CreateVersion7(), "24172", new DateOnly(2026, 1, 31));

        var network = Guid.CreateVersion7();
        await bus.Publish(new NetworkHubOpened(network, 2, "Réseau d'incubateurs", Guid.CreateVersion7(), "Antenne du Nontronnais", "24311", "FR", null,
            new DateOnly(2024, 1, 1), head));
        var boulazac = Guid.CreateVersion7();
        await bus.Publish(new NetworkHubOpened(network, 3, "Réseau d'incubateurs", boulazac, "Antenne de Boulazac", "24053", "FR", null, new DateOnly(2025, 1, 1), head));
        await bus.Publish(new NetworkHubClosed(network, 4, boulazac, new DateOnly(2026, 6, 30)));
        await bus.Publish(new NetworkHubOpened(Guid.CreateVersion7(), 2, "Réseau sans relais", Guid.CreateVersion7(), "Antenne de Thiviers", "24551", "FR", null,
            new DateOnly(2024, 1, 1), Guid.CreateVersion7()));

        await Eventually.TrueAsync(async () =>
        {
            await using var session = funding.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
            return await session.Query<KnownRelay>().CountAsync() == 7 && await session.Query<KnownRelay>().CountAsync(r => r.Status == KnownRelay.Withdrawn) == 1
                && await session.Query<KnownPlace>().CountAsync() == 3 && await session.Query<KnownPlace>().CountAsync(p => p.Status == KnownPlace.Closed) == 1
                && await session.Query<KnownHub>().CountAsync() == 3 && await session.Query<KnownHub>().CountAsync(h => h.Status == KnownHub.Closed) == 1;
        }, "the relays, places and hubs in Funding's copies");
    }

    public Task DisposeAsync() => funding.DisposeAsync();

    /// <summary>The fixture's coverage, by hand: whether something above covers the commune on the day.</summary>
    private static bool Covered(Cog.Commune c, DateOnly on) =>
        c.Code is "24352" or "33063" or "75056" // offers naming the commune (Ribérac; Bordeaux and Paris, the two other offers)
        || c.Departement == "19" // the Corrèze's offer
        || c.Epci is Bergeracoise or Sarlat or Nontronnais // an offer on the EPCI; a place relay point; an open hub relay point
        || (c.Epci == GrandPerigueux && on <= new DateOnly(2026, 6, 30)) // the Boulazac hub, until it closed
        || c.Code is "24007" or "24551"; // a tiers-lieu; an incubator hub, neither a relay

    private static IEnumerable<Cog.Commune> White(IEnumerable<Cog.Commune> communes, DateOnly on) =>
        communes.Where(c => (c.Rural || c.Qpvs > 0) && !Covered(c, on));

    private async Task<JsonElement> AskAsync(string query)
    {
        using var response = await funding.Client.GetAsync(Query + query);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{query}: {(int)response.StatusCode} {json}");
        return json;
    }

    [Fact]
    public async Task Dordogne_ListsItsRuralAndQpvCommunes_WithNoRelayHubNorTiersLieu_AndEveryEpciWithItsCounts()
    {
        var on = new DateOnly(2026, 12, 7);
        var dordogne = File.Communes.Where(c => c.Departement == "24").ToArray();
        var expected = White(dordogne, on).OrderBy(c => "commune:" + c.Code, StringComparer.Ordinal).ToArray();
        // The fixture is not vacuous: each item above removes rural or QPV communes of Dordogne, and some remain.
        Assert.All(new[] { "24352", "24007", "24551", "24311", "24520" }, code => Assert.True(dordogne.Single(c => c.Code == code).Rural, code));
        Assert.True(dordogne.Single(c => c.Code == "24037").Qpvs > 0); // Bergerac: covered through its EPCI
        Assert.InRange(expected.Length, 200, 480);
        Assert.Contains(expected, c => c.Code == "24172"); // Les Eyzies: its place closed
        Assert.Contains(expected, c => c.Code == "24322" && !c.Rural && c.Qpvs > 0); // Périgueux: QPV, urban, its hub closed

        var answer = await AskAsync("territory=departement:24&on=2026-12-07&pageSize=500");

        Assert.Equal("departement:24", answer.GetProperty("territory").GetString());
        Assert.Equal("Dordogne", answer.GetProperty("territoryName").GetString());
        Assert.Equal("epci", answer.GetProperty("level").GetString());
        Assert.Equal("2026-12-07", answer.GetProperty("on").GetString());
        Assert.Equal("key", answer.GetProperty("sort").GetString());
        Assert.Equal(expected.Length, answer.GetProperty("count").GetInt32());
        Assert.Equal(1, answer.GetProperty("page").GetInt32());
        Assert.Equal(500, answer.GetProperty("pageSize").GetInt32());
        Assert.Equal(expected.Select(c => "commune:" + c.Code), answer.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("key").GetString()));

        var eyzies = answer.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("key").GetString() == "commune:24172");
        Assert.Equal("Les Eyzies", eyzies.GetProperty("name").GetString());
        Assert.Equal(1134, eyzies.GetProperty("population").GetInt64());
        Assert.Equal("24", eyzies.GetProperty("departement").GetString());
        Assert.Equal("200041168", eyzies.GetProperty("epci").GetString());
        Assert.True(eyzies.GetProperty("rural").GetBoolean());
        Assert.True(eyzies.GetProperty("frr").GetBoolean());
        Assert.Equal(7, eyzies.GetProperty("densityClass").GetInt32());
        Assert.Equal(0, eyzies.GetProperty("qpvCount").GetInt32());
        var perigueux = answer.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("key").GetString() == "commune:24322");
        Assert.False(perigueux.GetProperty("rural").GetBoolean());
        Assert.False(perigueux.GetProperty("frr").GetBoolean());
        Assert.Equal(2, perigueux.GetProperty("densityClass").GetInt32());
        Assert.Equal(File.Communes.Single(c => c.Code == "24322").Qpvs, perigueux.GetProperty("qpvCount").GetInt32());

        // Every EPCI with a commune in Dordogne (22, two of them mostly in Gironde), zeros included; counts over its Dordogne communes.
        var epcis = dordogne.Select(c => c.Epci!).Distinct().Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(22, epcis.Length);
        var children = answer.GetProperty("children").EnumerateArray().ToDictionary(c => c.GetProperty("key").GetString()!);
        Assert.Equal(epcis.Select(e => "epci:" + e).Order(StringComparer.Ordinal), children.Keys.Order(StringComparer.Ordinal));
        foreach (var epci in epcis)
        {
            var members = dordogne.Where(c => c.Epci == epci).ToArray();
            var white = White(members, on).ToArray();
            var child = children["epci:" + epci];
            var what = $"epci:{epci}";
            Assert.True(File.Epcis[epci] == child.GetProperty("name").GetString(), what);
            Assert.True(File.Communes.Where(c => c.Epci == epci).Sum(c => c.Population) == child.GetProperty("population").GetInt64(), what);
            Assert.True(members.Count(c => c.Rural) == child.GetProperty("ruralCommunes").GetInt32(), what);
            Assert.True(members.Count(c => c.Qpvs > 0) == child.GetProperty("qpvCommunes").GetInt32(), what);
            Assert.True(white.Length == child.GetProperty("whiteCommunes").GetInt32(), what);
            Assert.True(white.Sum(c => c.Population) == child.GetProperty("whitePopulation").GetInt64(), what);
        }

        // By hand: the covered EPCIs have none; Ribérac's 44 communes less Ribérac and Allemans (all rural) leave 42.
        Assert.Equal(0, children["epci:" + Bergeracoise].GetProperty("whiteCommunes").GetInt32());
        Assert.Equal(0, children["epci:" + Sarlat].GetProperty("whiteCommunes").GetInt32());
        Assert.Equal(0, children["epci:" + Nontronnais].GetProperty("whiteCommunes").GetInt32());
        Assert.Equal(42, children["epci:200040400"].GetProperty("whiteCommunes").GetInt32());
    }

    [Fact]
    public async Task OnADayTheHubWasOpen_ItsEpciIsCovered()
    {
        var before = await AskAsync("territory=departement:24&on=2026-03-01&pageSize=500");
        var after = await AskAsync("territory=departement:24&on=2026-12-07&pageSize=500");

        int WhiteIn(JsonElement answer) => answer.GetProperty("children").EnumerateArray()
            .Single(c => c.GetProperty("key").GetString() == "epci:" + GrandPerigueux).GetProperty("whiteCommunes").GetInt32();
        Assert.Equal(0, WhiteIn(before));
        Assert.Equal(White(File.Communes.Where(c => c.Departement == "24" && c.Epci == GrandPerigueux), new DateOnly(2026, 12, 7)).Count(), WhiteIn(after));
        Assert.True(WhiteIn(after) > 0);
        Assert.Equal(White(File.Communes.Where(c => c.Departement == "24"), new DateOnly(2026, 3, 1)).Count(), before.GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task NouvelleAquitaineAndFrance_ListEveryDepartement_WithItsCounts()
    {
        var on = new DateOnly(2026, 12, 7);
        foreach (var (territory, departements) in new[]
        {
            ("region:75", File.Departements.Where(d => d.Value == "75").Select(d => d.Key).ToArray()),
            ("france", File.Departements.Keys.ToArray()),
        })
        {
            var answer = await AskAsync($"territory={territory}&on=2026-12-07&sort=-population&pageSize=3");
            Assert.Equal("departement", answer.GetProperty("level").GetString());
            var children = answer.GetProperty("children").EnumerateArray().ToDictionary(c => c.GetProperty("key").GetString()!);
            Assert.Equal(departements.Select(d => "departement:" + d).Order(StringComparer.Ordinal), children.Keys.Order(StringComparer.Ordinal));
            foreach (var departement in departements)
            {
                var communes = File.Communes.Where(c => c.Departement == departement).ToArray();
                var white = White(communes, on).ToArray();
                var child = children["departement:" + departement];
                Assert.True(communes.Count(c => c.Rural) == child.GetProperty("ruralCommunes").GetInt32(), departement);
                Assert.True(communes.Count(c => c.Qpvs > 0) == child.GetProperty("qpvCommunes").GetInt32(), departement);
                Assert.True(white.Length == child.GetProperty("whiteCommunes").GetInt32(), departement);
                Assert.True(white.Sum(c => c.Population) == child.GetProperty("whitePopulation").GetInt64(), departement);
            }

            Assert.Equal(0, children["departement:19"].GetProperty("whiteCommunes").GetInt32());
            var all = White(File.Communes.Where(c => departements.Contains(c.Departement)), on).ToArray();
            Assert.Equal(all.Length, answer.GetProperty("count").GetInt32());
            // Most populous first, ties in key order; three on the page.
            Assert.Equal(all.OrderByDescending(c => c.Population).ThenBy(c => "commune:" + c.Code, StringComparer.Ordinal).Take(3).Select(c => "commune:" + c.Code),
                answer.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("key").GetString()));
        }
    }

    [Fact]
    public async Task Pages_AndTheCsv_GiveTheSameSortedList()
    {
        var expected = White(File.Communes.Where(c => c.Departement == "24"), new DateOnly(2026, 12, 7))
            .OrderBy(c => c.Name, StringComparer.Ordinal).ThenBy(c => "commune:" + c.Code, StringComparer.Ordinal).ToArray();

        var second = await AskAsync("territory=departement:24&on=2026-12-07&sort=name&page=2&pageSize=100");
        Assert.Equal(expected.Skip(100).Take(100).Select(c => "commune:" + c.Code), second.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("key").GetString()));

        using var response = await funding.Client.GetAsync(Query + "territory=departement:24&on=2026-12-07&sort=name&pageSize=10&format=csv");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes.Take(3));
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Code territoire;Commune;Population municipale;Département;EPCI;Rurale;France Ruralités Revitalisation;Niveau de densité;Quartiers prioritaires",
            lines[0]);
        // Every page, not the ten asked for the JSON.
        Assert.Equal(expected.Select(c => "commune:" + c.Code), lines.Skip(1).Select(l => l.Split(';')[0]));
        var eyzies = lines.Single(l => l.StartsWith("commune:24172;", StringComparison.Ordinal));
        Assert.Equal("commune:24172;Les Eyzies;1134;24;200041168;oui;oui;7;0", eyzies);
    }

    /// <summary>The referential's data file, read with plain JSON: communes with their density, FRR and QPV count.</summary>
    private sealed record Cog(IReadOnlyList<Cog.Commune> Communes, IReadOnlyDictionary<string, string> Epcis, IReadOnlyDictionary<string, string> Departements)
    {
        /// <param name="Rural">By the rule written down (README, ADR 0013): FRR in any class, or density level 5, 6 or 7.</param>
        public sealed record Commune(string Code, string Name, string Departement, string? Epci, long Population, bool Rural, int Qpvs);

        public static Cog Read()
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !System.IO.File.Exists(Path.Combine(directory.FullName, "services/Actors/Actors.Territories/Data/cog-2025.json.gz")))
            {
                directory = directory.Parent;
            }

            Assert.NotNull(directory);
            using var file = System.IO.File.OpenRead(Path.Combine(directory.FullName, "services/Actors/Actors.Territories/Data/cog-2025.json.gz"));
            using var json = new GZipStream(file, CompressionMode.Decompress);
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var columns = root.GetProperty("communeColumns").EnumerateArray().Select(c => c.GetString()!).ToList();
            var qpvs = root.GetProperty("qpvs").EnumerateArray().SelectMany(q => q.GetProperty("communes").EnumerateArray().Select(c => c.GetString()!))
                .GroupBy(c => c).ToDictionary(g => g.Key, g => g.Count());
            var communes = root.GetProperty("communes").EnumerateArray().Select(row =>
            {
                var values = row.EnumerateArray().ToArray();
                string? Text(string column) => values[columns.IndexOf(column)].ValueKind == JsonValueKind.String ? values[columns.IndexOf(column)].GetString() : null;
                var density = values[columns.IndexOf("density")];
                var level = density.ValueKind == JsonValueKind.Number ? density.GetInt32() : 0;
                var code = Text("code")!;
                return new Commune(code, Text("name")!, Text("departement")!, Text("epci"), values[columns.IndexOf("populationMunicipal")].GetInt64(),
                    Text("frr") != "not-classified" || level is 5 or 6 or 7, qpvs.GetValueOrDefault(code));
            }).ToArray();
            var epcis = root.GetProperty("epcis").EnumerateArray().ToDictionary(e => e.GetProperty("siren").GetString()!, e => e.GetProperty("name").GetString()!);
            var departements = root.GetProperty("departements").EnumerateArray()
                .ToDictionary(d => d.GetProperty("code").GetString()!, d => d.GetProperty("region").GetString()!);
            return new Cog(communes, epcis, departements);
        }
    }
}
