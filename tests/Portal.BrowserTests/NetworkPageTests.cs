using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using SocialTech.Testing;

namespace SocialTech.Portal.BrowserTests;

/// <summary>
/// A network's page over the demo network: each list holds what IncubatorNetworks' list routes answer, in their order,
/// in French; the venture's journey with each phase's dates; an unknown network is a French page with a 404; the pages
/// that name the network link to it.
/// </summary>
[Collection(PortalTestsDefinition.Name)]
public sealed class NetworkPageTests(PortalPlatform platform)
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    private string Path => $"/reseau/{platform.Demo.NetworkId}";

    [Theory]
    [InlineData("hubs", "#antennes", "hubId", "data-hub")]
    [InlineData("programmes", "#programmes", "ref", "data-ref")]
    [InlineData("calls", "#appels", "ref", "data-ref")]
    [InlineData("cohorts", "#promotions", "ref", "data-ref")]
    [InlineData("ventures", "#projets", "ref", "data-ref")]
    [InlineData("events", "#evenements", "ref", "data-ref")]
    public async Task EachList_HoldsTheApisItems_InItsOrder(string list, string table, string key, string attribute)
    {
        var api = await platform.Networks.Http.GetFromJsonAsync<JsonElement>($"/api/networks/{platform.Demo.NetworkId}/{list}?pageSize=500");
        var expected = api.GetProperty("items").EnumerateArray().Select(i => i.GetProperty(key).GetString()!.ToLowerInvariant()).ToArray();
        Assert.NotEmpty(expected);

        var page = await OpenAsync();
        var rows = page.Locator($"{table} tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(expected.Length);
        var shown = new List<string>();
        for (var i = 0; i < expected.Length; i++)
        {
            shown.Add((await rows.Nth(i).GetAttributeAsync(attribute))!.ToLowerInvariant());
        }

        Assert.Equal(expected, shown);
    }

    [Fact]
    public async Task TheListsRead_InFrench_WithTheHubAbroad_TheClosedCall_AndTheEventsDate()
    {
        var page = await OpenAsync();

        await Assertions.Expect(page.Locator("#nom-reseau")).ToHaveTextAsync(DemoData.NetworkName);
        var berlin = page.Locator("#antennes tr", new() { HasText = "Antenne de Berlin" });
        await Assertions.Expect(berlin.Locator("td").Nth(0)).ToHaveTextAsync("Berlin");
        await Assertions.Expect(berlin.Locator("td").Nth(1)).ToHaveTextAsync("Allemagne");
        await Assertions.Expect(berlin.Locator("td").Nth(2)).ToHaveTextAsync("3 février 2025");
        var perigueux = page.Locator("#antennes tr", new() { HasText = "Périgueux" });
        await Assertions.Expect(perigueux.Locator("td").Nth(1)).ToHaveTextAsync("France");
        await Assertions.Expect(perigueux.Locator("td").Nth(2)).ToHaveTextAsync("1er janvier 2024");

        await Assertions.Expect(page.Locator("#programmes tr[data-ref='INC-2026']")).ToContainTextAsync("Ruralité");
        var call = page.Locator("#appels tr[data-ref='AAP-2026']");
        await Assertions.Expect(call).ToContainTextAsync("du 10 janvier 2026 au 15 février 2026");
        await Assertions.Expect(call).ToContainTextAsync("clos le 15 février 2026, 14 candidatures reçues");
        await Assertions.Expect(page.Locator("#promotions tr[data-ref='C-2026']")).ToContainTextAsync(DemoData.CohortName);

        // The demo event starts in 30 days at 16:00 UTC: its day and hour at Paris time, written out by hand here.
        var startsAt = TimeZoneInfo.ConvertTime(new DateTimeOffset(DateTime.UtcNow.Date.AddDays(30).AddHours(16), TimeSpan.Zero), TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris"));
        var day = (startsAt.Day == 1 ? "1er" : startsAt.Day.ToString(French)) + " " + startsAt.ToString("MMMM yyyy", French);
        var demoEvent = page.Locator("#evenements tr[data-ref='DEMO-1']");
        await Assertions.Expect(demoEvent).ToContainTextAsync($"{startsAt.ToString("dddd", French)} {day} à {startsAt.Hour:00}h00");
        await Assertions.Expect(demoEvent).ToContainTextAsync("Demo day");
        await Assertions.Expect(demoEvent).ToContainTextAsync("Périgueux");
        await Assertions.Expect(demoEvent).ToContainTextAsync("Programmé");
        await PortalPlatform.ScreenshotAsync(page, "network-demo");
    }

    [Fact]
    public async Task TheVenture_ShowsItsJourney_EachPhaseWithItsDates_AsTheApiGivesIt()
    {
        var api = await platform.Networks.Http.GetFromJsonAsync<JsonElement>($"/api/networks/{platform.Demo.NetworkId}/ventures?pageSize=500");
        var journey = api.GetProperty("items").EnumerateArray().Single(v => v.GetProperty("ref").GetString() == "V-1").GetProperty("journey")
            .EnumerateArray().Select(s => (s.GetProperty("phase").GetString(), s.GetProperty("from").GetString(), s.GetProperty("until").GetString() ?? "")).ToArray();
        Assert.Equal([("emergence", "2026-03-02", "2026-06-01"), ("creation", "2026-06-01", "2026-10-01"), ("launch", "2026-10-01", "")], journey);

        var page = await OpenAsync();
        var venture = page.Locator("#projets tr[data-ref='V-1']");
        var steps = venture.Locator("ol.parcours li");
        await Assertions.Expect(steps).ToHaveCountAsync(3);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(journey[i], (await steps.Nth(i).GetAttributeAsync("data-phase"), await steps.Nth(i).GetAttributeAsync("data-from"), await steps.Nth(i).GetAttributeAsync("data-until") ?? ""));
        }

        await Assertions.Expect(steps.Nth(0)).ToHaveTextAsync("Émergence : du 2 mars 2026 au 1er juin 2026");
        await Assertions.Expect(steps.Nth(1)).ToHaveTextAsync("Création : du 1er juin 2026 au 1er octobre 2026");
        await Assertions.Expect(steps.Nth(2)).ToHaveTextAsync("Lancement : depuis le 1er octobre 2026");
        await Assertions.Expect(venture).ToContainTextAsync("Ribérac");
        await Assertions.Expect(venture).ToContainTextAsync("Accompagné, phase lancement");
    }

    [Theory]
    [InlineData("/reseau/0190a6f2-0000-7000-8000-00000000abcd")]
    [InlineData("/reseau/pas-un-identifiant")]
    public async Task AnUnknownNetwork_IsAFrenchPage_With404(string path)
    {
        var page = await platform.NewPageAsync();
        var response = await page.GotoAsync(path);

        Assert.Equal(404, response!.Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Réseau introuvable");
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Aucun réseau d'incubateurs");
    }

    [Fact]
    public async Task TheNetworkPage_Is200()
    {
        var page = await platform.NewPageAsync();
        var response = await page.GotoAsync(Path);

        Assert.Equal(200, response!.Status);
    }

    [Fact]
    public async Task TheEcosystemSheet_LinksTheNetworkToItsPage()
    {
        var page = await platform.NewPageAsync();
        await page.GotoAsync("/territoire/departement/24/ecosysteme");

        await page.Locator("#programmes").GetByRole(AriaRole.Link, new() { Name = DemoData.NetworkName }).First.ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/reseau/{platform.Demo.NetworkId}$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(DemoData.NetworkName);
    }

    [Fact]
    public async Task TheLivePage_LinksANetworksNewEventToTheNetworksPage()
    {
        var page = await platform.NewPageAsync();
        await page.GotoAsync("/direct");
        await Assertions.Expect(page.Locator("#fil-direct")).ToBeAttachedAsync();

        var title = $"Atelier du réseau {Guid.NewGuid():N}";
        await platform.Demo.PublishEventAsync(platform.Networks.Http, $"e-{Guid.NewGuid():N}", $"LIEN-{Guid.NewGuid():N}"[..20], title, "24322");
        var line = page.Locator("#fil-direct li", new() { HasText = title });
        await Assertions.Expect(line).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await line.GetByRole(AriaRole.Link, new() { Name = DemoData.NetworkName }).ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/reseau/{platform.Demo.NetworkId}$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(DemoData.NetworkName);
    }

    [Fact]
    public async Task TheNetworkPage_HasNoSeriousAccessibilityViolation()
    {
        var page = await OpenAsync();

        var results = await page.RunAxe();
        var serious = results.Violations.Where(v => v.Impact is "serious" or "critical").ToArray();
        Assert.True(serious.Length == 0, string.Join("\n", serious.Select(v => $"{v.Id}: {v.Help} ({string.Join(", ", v.Nodes.Select(n => n.Target))})")));
    }

    private async Task<IPage> OpenAsync()
    {
        var page = await platform.NewPageAsync();
        await page.GotoAsync(Path);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(DemoData.NetworkName);
        await Eventually.TrueAsync(async () => await page.Locator("[role=status]:has-text('Chargement')").CountAsync() == 0, "the page to load");
        return page;
    }
}
