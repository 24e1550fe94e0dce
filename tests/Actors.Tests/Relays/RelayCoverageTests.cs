using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SocialTech.Actors.Tests.Relays;

/// <summary>
/// The relays covering a territory, against a fixture worked out by hand from COG 2025: Ribérac (commune 24352) lies in
/// the CC du Périgord Ribéracois (EPCI 200040400), the Dordogne (24) and Nouvelle-Aquitaine (75); Allemans (24007) is
/// in the same EPCI; Périgueux (24322) is in the CA Le Grand Périgueux (200040392).
/// </summary>
public sealed class RelayCoverageTests(ActorsService actors) : IClassFixture<ActorsService>
{
    private HttpClient Client => actors.Client;

    private async Task<Guid> RelayAsync(string name, string kind, string[] territories, string[] supports, string[] forKinds,
        bool includesPlaces = false, string commune = "24352")
    {
        var (id, _) = await actors.RegisterAsync(name, commune, kind: kind);
        using var declared = await Client.PostAsJsonAsync($"/api/actors/{id}/relay-offer",
            new { supports, forKinds, territories, mailbox = "contact@relais.example.org", includesPlaces });
        Assert.Equal(HttpStatusCode.Created, declared.StatusCode);
        return id;
    }

    private async Task<string[]> ListAsync(string query)
    {
        using var response = await Client.GetAsync($"/api/relays?{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadFromJsonAsync<JsonElement>();
        return page.GetProperty("items").EnumerateArray()
            .Select(i => $"{i.GetProperty("actorName").GetString()} @{i.GetProperty("coveredAt").GetProperty("level").GetString()}/{i.GetProperty("coveredAt").GetProperty("through").GetString()}")
            .ToArray();
    }

    [Fact]
    public async Task ACommune_IsCoveredNearestFirst_ByItsCommuneEpciAndRegionRelays_NotByAWithdrawnOneNorByNeighbours()
    {
        string[] all = ["association", "scic"];
        await RelayAsync("Tiers-lieu de Ribérac", "tiers-lieu-operator", ["commune:24352"], ["premises"], ["association"]);
        await RelayAsync("Service ESS du Périgord Ribéracois", "local-authority", ["epci:200040400"], ["funding-advice", "project-support"], all);
        await RelayAsync("France Active Nouvelle-Aquitaine", "foundation", ["region:75"], ["funding-advice"], ["scic", "scop"]);
        var withdrawing = await RelayAsync("Incubateur départemental", "incubator", ["departement:24"], ["incubation", "funding-advice"], all);
        await RelayAsync("Pôle ESS du Grand Périgueux", "network-head", ["epci:200040392", "commune:24322"], ["funding-advice"], all);
        await RelayAsync("Réseau rhodanien", "network-head", ["departement:69"], ["funding-advice"], all);
        // Acts in Périgueux by its offer, and in the Ribéracois through the place it runs in Allemans (same EPCI as Ribérac).
        var placeRunner = await RelayAsync("Atelier partagé d'Allemans", "tiers-lieu-operator", ["commune:24322"], ["equipment"], all,
            includesPlaces: true, commune: "24007");
        // Runs a place in Allemans too, but did not say its places count.
        var silent = await RelayAsync("Fablab discret", "tiers-lieu-operator", ["commune:24322"], ["equipment"], all, commune: "24007");
        foreach (var (name, runner) in new[] { ("La Grange d'Allemans", placeRunner), ("Fablab d'Allemans", silent) })
        {
            using var opened = await Client.PostAsJsonAsync("/api/places", new
            {
                name, typologies = new[] { "shared-workshop" }, communeCode = "24007", operatorId = runner, openedOn = "2022-05-01",
            });
            Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        }

        using var withdrawn = await Client.SendAsync(ActorsService.WithIfMatch(HttpMethod.Post, $"/api/actors/{withdrawing}/relay-offer/withdrawal", new { }, "W/\"1\""));
        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);

        Assert.Equal(
            [
                "Tiers-lieu de Ribérac @commune/offer",
                "Atelier partagé d'Allemans @epci/place",
                "Service ESS du Périgord Ribéracois @epci/offer",
                "France Active Nouvelle-Aquitaine @region/offer",
            ],
            await ListAsync("territory=commune:24352"));
        Assert.Equal(
            ["Service ESS du Périgord Ribéracois @epci/offer", "France Active Nouvelle-Aquitaine @region/offer"],
            await ListAsync("territory=commune:24352&support=funding-advice"));
        Assert.Equal(["France Active Nouvelle-Aquitaine @region/offer"], await ListAsync("territory=commune:24352&support=funding-advice&actorKind=scop"));
        // The EPCI itself: the commune's relay covers only part of it; the place in Allemans stands in it.
        Assert.Equal(
            ["Atelier partagé d'Allemans @epci/place", "Service ESS du Périgord Ribéracois @epci/offer", "France Active Nouvelle-Aquitaine @region/offer"],
            await ListAsync("territory=epci:200040400"));
        // Allemans: its place runner at commune level, through the place.
        Assert.Equal("Atelier partagé d'Allemans @commune/place", (await ListAsync("territory=commune:24007"))[0]);
        // Périgueux: the Grand Périgueux's pôle at commune level (it names the commune too) and the place runner by its offer.
        Assert.Equal(
            ["Atelier partagé d'Allemans @commune/offer", "Fablab discret @commune/offer", "Pôle ESS du Grand Périgueux @commune/offer", "France Active Nouvelle-Aquitaine @region/offer"],
            await ListAsync("territory=commune:24322"));
        // Paged after the order: page 2 of size 2 holds the third and fourth.
        Assert.Equal(
            ["Service ESS du Périgord Ribéracois @epci/offer", "France Active Nouvelle-Aquitaine @region/offer"],
            await ListAsync("territory=commune:24352&page=2&pageSize=2"));
    }

    [Fact]
    public async Task TheList_RefusesAMissingOrUnknownTerritory_BadFilters_AndUnknownParameters()
    {
        using var missing = await Client.GetAsync("/api/relays");
        using var unknownTerritory = await Client.GetAsync("/api/relays?territory=commune:99999");
        using var badFilters = await Client.GetAsync("/api/relays?territory=commune:24352&support=free-lunch&actorKind=robot&kind=association");

        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal(["territory"], (await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(e => e.Name));
        Assert.Equal(HttpStatusCode.BadRequest, unknownTerritory.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badFilters.StatusCode);
        Assert.Equal(["kind", "support", "actorKind"],
            (await badFilters.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(e => e.Name));
    }

    [Fact]
    public async Task SupportKinds_AreListedWithTheirFrenchWording()
    {
        var kinds = await Client.GetFromJsonAsync<JsonElement>("/api/relays/support-kinds");

        Assert.Contains(kinds.EnumerateArray(), k => k.GetProperty("code").GetString() == "premises" && k.GetProperty("label").GetString() == "Mise à disposition de locaux");
    }
}
