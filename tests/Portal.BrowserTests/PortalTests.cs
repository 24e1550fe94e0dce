using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using SocialTech.Testing;

namespace SocialTech.Portal.BrowserTests;

[Collection(PortalTestsDefinition.Name)]
public sealed class PortalTests(PortalPlatform platform)
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    [Fact]
    public async Task PickTerritory_ThroughTheCascade_ShowsTheFlowsWithTheFundingApisTotals()
    {
        var page = await platform.NewPageAsync();
        await page.GotoAsync("/");
        await page.GetByLabel("Région").SelectOptionAsync("75");
        await Assertions.Expect(page.GetByLabel("Département")).ToBeEnabledAsync();
        await page.GetByLabel("Département").SelectOptionAsync("24");
        await page.GetByRole(AriaRole.Link, new() { Name = "Voir Dordogne" }).ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/territoire/departement/24$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Dordogne");
        var total = page.Locator("#total-attribue");
        await Assertions.Expect(total).ToBeVisibleAsync();

        var api = await platform.Funding.Http.GetFromJsonAsync<JsonElement>($"/api/funding/flows/by-funder?territory={DemoData.Territory}&pageSize=50");
        var apiTotal = api.GetProperty("total").GetDecimal();
        Assert.Equal(platform.Demo.Grants.Sum(g => g.Amount), apiTotal);
        Assert.Equal(apiTotal, decimal.Parse((await total.GetAttributeAsync("data-amount"))!, CultureInfo.InvariantCulture));
        Assert.Equal(apiTotal.ToString("C0", French), await total.InnerTextAsync());
        Assert.Equal(api.GetProperty("grants").GetInt32().ToString(French), await page.Locator("#nombre-subventions").InnerTextAsync());

        // Each funder's row shows the amount the API gives for it.
        var rows = page.Locator("#par-financeur tbody tr");
        var groups = api.GetProperty("groups").GetProperty("items").EnumerateArray().ToArray();
        await Assertions.Expect(rows).ToHaveCountAsync(groups.Length);
        for (var i = 0; i < groups.Length; i++)
        {
            var shown = await rows.Nth(i).Locator("td").First.GetAttributeAsync("data-amount");
            Assert.Equal(groups[i].GetProperty("total").GetDecimal(), decimal.Parse(shown!, CultureInfo.InvariantCulture));
        }

        await Assertions.Expect(page.Locator("#par-programme")).ToContainTextAsync("Alimentation durable");
        await Assertions.Expect(page.Locator("#par-annee")).ToContainTextAsync("2025");
        await Assertions.Expect(page.Locator("#qpv-ruralite")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#concentration")).ToContainTextAsync("Herfindahl");
        await PortalPlatform.ScreenshotAsync(page, "flows-departement-24");
    }

    [Fact]
    public async Task Sankey_RendersTheFundingApisFlows()
    {
        var page = await platform.NewPageAsync();
        await page.GotoAsync("/territoire/departement/24");
        await Assertions.Expect(page.Locator("#total-attribue")).ToBeVisibleAsync();

        using var sankey = await platform.Funding.Http.GetAsync(new Uri($"/api/funding/flows/sankey?territory={DemoData.Territory}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, sankey.StatusCode);
        var flows = await sankey.Content.ReadFromJsonAsync<JsonElement>();
        var chart = page.Locator("#sankey");
        await Assertions.Expect(chart).ToHaveAttributeAsync("data-rendered", "true");
        Assert.Equal(flows.GetProperty("total").GetDecimal(), decimal.Parse((await chart.GetAttributeAsync("data-total"))!, CultureInfo.InvariantCulture));
        Assert.True(await chart.Locator("svg path").CountAsync() >= flows.GetProperty("links").GetArrayLength(), "one drawn band per link at least");
        await Assertions.Expect(page.Locator("#sankey-table tbody tr")).ToHaveCountAsync(flows.GetProperty("links").GetArrayLength());
        await PortalPlatform.ScreenshotAsync(page, "sankey-departement-24");
    }

    [Theory]
    [InlineData("/territoire/departement/24", "#sankey")]
    [InlineData("/zones-blanches?du=2025-01-01&au=2025-12-31", "#carte")]
    public async Task Charts_FollowTheWindowsWidth(string path, string selector)
    {
        // The Sankey and the map are started and resized by the same code (charts.js): narrowing the window redraws
        // each at its container's new width (main is at most 72rem wide, so 1280 and 600 pixels differ).
        var page = await platform.NewPageAsync(width: 1280);
        await page.GotoAsync(path);
        var chart = page.Locator(selector);
        await Assertions.Expect(chart).ToHaveAttributeAsync("data-rendered", "true");
        const string Width = "e => [e.clientWidth, Number(e.querySelector('svg').getAttribute('width'))]";
        var wide = await chart.EvaluateAsync<int[]>(Width);
        Assert.True(Math.Abs(wide[0] - wide[1]) <= 1, $"drawn {wide[1]} px wide in a {wide[0]} px container");

        await page.SetViewportSizeAsync(600, 900);
        await Eventually.TrueAsync(async () =>
        {
            var narrow = await chart.EvaluateAsync<int[]>(Width);
            return narrow[0] < wide[0] && Math.Abs(narrow[0] - narrow[1]) <= 1;
        }, $"{selector} to be redrawn at the narrower width");
    }

    [Fact]
    public async Task Search_ByInseeCode_OpensTheCommune()
    {
        var page = await platform.NewPageAsync(390, 844);
        await page.GotoAsync("/");
        await page.GetByLabel("Nom ou code INSEE").FillAsync("24352");
        await page.GetByRole(AriaRole.Button, new() { Name = "Rechercher" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Ribérac" }).ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/territoire/commune/24352$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Ribérac");
        await Assertions.Expect(page.Locator("#total-attribue")).ToBeVisibleAsync();
        await PortalPlatform.ScreenshotAsync(page, "flows-commune-24352-phone");
    }

    [Fact]
    public async Task EcosystemSheet_ShowsActorsPlacesLabelsIncubatorsAndFundingAroundTheLabel()
    {
        var page = await platform.NewPageAsync();
        await page.GotoAsync("/territoire/departement/24");
        await page.GetByRole(AriaRole.Link, new() { Name = "Fiche écosystème" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/territoire/departement/24/ecosysteme$"));

        await Assertions.Expect(page.Locator("#acteurs")).ToContainTextAsync("Recyclerie de Ribérac");
        await Assertions.Expect(page.Locator("#acteurs")).ToContainTextAsync("SCIC Périgueux Alimentation");
        await Assertions.Expect(page.Locator("#tiers-lieux")).ToContainTextAsync("La Fabrique de Ribérac");

        var label = page.Locator($"#labels tr[data-label='{platform.Demo.LabelId}']");
        await Assertions.Expect(label).ToContainTextAsync(DemoData.SchemeName);
        await Assertions.Expect(label).ToContainTextAsync("Recyclerie de Ribérac");
        var cells = label.Locator("td");
        var received = platform.Demo.Grants.Where(g => g.RecipientId == platform.Demo.Recyclerie).ToArray();
        var before = received.Where(g => g.DecisionDate < platform.Demo.LabelValidFrom).Sum(g => g.Amount);
        var after = received.Where(g => g.DecisionDate >= platform.Demo.LabelValidFrom).Sum(g => g.Amount);
        Assert.True(before > 0, "the holder was funded before its label");
        Assert.Equal(before.ToString("C0", French), await cells.Nth(3).InnerTextAsync());
        Assert.Equal(after.ToString("C0", French), await cells.Nth(4).InnerTextAsync());

        await Assertions.Expect(page.Locator("#programmes")).ToContainTextAsync(DemoData.ProgrammeName);
        await Assertions.Expect(page.Locator("#promotions")).ToContainTextAsync(DemoData.CohortName);
        await Assertions.Expect(page.Locator("#evenements")).ToContainTextAsync(DemoData.EventTitle);
        await Assertions.Expect(page.Locator("#titre-financements + p")).ToContainTextAsync(platform.Demo.Grants.Sum(g => g.Amount).ToString("C0", French));
        await PortalPlatform.ScreenshotAsync(page, "ecosystem-departement-24");
    }

    [Fact]
    public async Task Export_DownloadsTheFundingApisScdlFile()
    {
        var page = await platform.NewPageAsync();
        await page.GotoAsync("/territoire/departement/24");
        await Assertions.Expect(page.Locator("#titre-exports")).ToBeVisibleAsync();

        using var api = await platform.Funding.Http.GetAsync(new Uri($"/api/funding/exports/scdl?territory={DemoData.Territory}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#export-scdl").ClickAsync());
        var path = Path.Combine(PortalPlatform.Artifacts, download.SuggestedFilename);
        await download.SaveAsAsync(path);
        Assert.EndsWith(".csv", path, StringComparison.Ordinal);
        Assert.Equal(await api.Content.ReadAsStringAsync(), await File.ReadAllTextAsync(path));
    }

    [Fact]
    public async Task LiveFeed_ShowsANewEventOfTheTerritory_WithoutReloading()
    {
        var page = await platform.NewPageAsync();
        await page.GotoAsync("/territoire/departement/24/direct");
        await Assertions.Expect(page.Locator("#fil-direct")).ToBeAttachedAsync();
        // A marker on the window: a reload would lose it.
        await page.EvaluateAsync("() => window.sansRechargement = true");

        var elsewhere = $"Atelier lyonnais {Guid.NewGuid():N}";
        var here = $"Atelier de Ribérac {Guid.NewGuid():N}";
        await platform.Demo.PublishEventAsync(platform.Networks.Http, $"e-{Guid.NewGuid():N}", $"LYON-{Guid.NewGuid():N}"[..20], elsewhere, "69123");
        await platform.Demo.PublishEventAsync(platform.Networks.Http, $"e-{Guid.NewGuid():N}", $"RIB-{Guid.NewGuid():N}"[..20], here, "24352");
        await platform.Demo.AwardAsync(platform.Funding.Http, [(platform.Demo.Departement, "departement", 800m)], platform.Demo.Scic, null, new(2026, 11, 2));

        var feed = page.Locator("#fil-direct");
        await Assertions.Expect(feed.Locator("li", new() { HasText = here })).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Assertions.Expect(feed.Locator("li[data-kind='grant-awarded']", new() { HasText = "800" })).ToBeVisibleAsync(new() { Timeout = 60_000 });
        Assert.True(await page.EvaluateAsync<bool>("() => window.sansRechargement === true"), "the page reloaded");
        // Published before the other two, so it has reached the portal by now: filtered out, not late.
        await Assertions.Expect(feed.Locator("li", new() { HasText = elsewhere })).ToHaveCountAsync(0);
        await PortalPlatform.ScreenshotAsync(page, "live-departement-24");
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/territoire/departement/24")]
    [InlineData("/territoire/departement/24/ecosysteme")]
    [InlineData("/acteur/{recyclerie}")]
    [InlineData("/acteur/pas-un-identifiant")]
    [InlineData("/?region=75&departement=24")]
    [InlineData("/territoire/departement/24?annee=2025&mesure=awarded&annees=budgetaires")]
    [InlineData("/territoire/epci/200040392?categorie=scic")]
    [InlineData("/territoire/departement/24?connu-au=2999-01-01")]
    [InlineData("/solliciter?categorie=association&commune=24352&date=2026-12-07")]
    [InlineData("/zones-blanches?du=2025-01-01&au=2025-12-31")]
    [InlineData("/zones-blanches/departement/24?du=2025-01-01&au=2025-12-31&mesure=financement")]
    [InlineData("/zones-blanches/departement/24?du=2025-12-31&au=2025-01-01&mois=99")]
    public async Task Pages_HaveNoSeriousAccessibilityViolations(string path)
    {
        var page = await platform.NewPageAsync();
        await page.GotoAsync(path.Replace("{recyclerie}", platform.Demo.Recyclerie.ToString(), StringComparison.Ordinal));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
        // Not NetworkIdle: a Blazor page keeps its circuit busy, and under CI load idleness may never come within the
        // timeout. The page's own loading indicators say when its data is in.
        await Eventually.TrueAsync(async () => await page.Locator("[role=status]:has-text('Chargement')").CountAsync() == 0, "the page to load");

        var results = await page.RunAxe();
        var serious = results.Violations.Where(v => v.Impact is "serious" or "critical").ToArray();
        Assert.True(serious.Length == 0, string.Join("\n", serious.Select(v => $"{v.Id}: {v.Help} ({string.Join(", ", v.Nodes.Select(n => n.Target))})")));
    }
}
