using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SocialTech.Testing;

namespace SocialTech.Portal.BrowserTests;

/// <summary>
/// An actor's page: its profile, what it received by funder and by year (the Funding API's figures for the same
/// recipient, years in the calendar's order), the labels it holds, its network and the venture that became it; an
/// unknown or malformed id is a French « acteur introuvable » page with a 404 status.
/// </summary>
[Collection(PortalTestsDefinition.Name)]
public sealed class ActorPageTests(PortalPlatform platform)
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    [Fact]
    public async Task TheRecycleriesPage_ShowsTheFundingApisFiguresForItByFunderAndByYear_ItsLabel_ItsNetwork_AndItsVenture()
    {
        var recyclerie = platform.Demo.Recyclerie;
        var page = await platform.NewPageAsync();
        var response = await page.GotoAsync($"/acteur/{recyclerie}");
        Assert.Equal((int)HttpStatusCode.OK, response!.Status);

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Recyclerie de Ribérac");
        await Assertions.Expect(page.Locator("#categories")).ToHaveTextAsync("Association");
        await Assertions.Expect(page.Locator("#siege")).ToContainTextAsync("Ribérac (commune 24352)");
        await Assertions.Expect(page.Locator("#identifiants")).ToHaveTextAsync($"SIREN {DemoData.RecycleriesSiren} · RNA W243000100");

        // The API's answer for the same recipient…
        var byFunder = await platform.Funding.Http.GetFromJsonAsync<JsonElement>($"/api/funding/flows/by-funder?recipient={recyclerie}&pageSize=500");
        var byYear = await platform.Funding.Http.GetFromJsonAsync<JsonElement>($"/api/funding/flows/by-period?recipient={recyclerie}&pageSize=500");
        // …which is the demo's own grants to it (1 500 € from the Département in 2024, 2 500 € from the foundation in 2025).
        var grants = platform.Demo.Grants.Where(g => g.RecipientId == recyclerie).ToArray();
        Assert.Equal(grants.Sum(g => g.Amount), byFunder.GetProperty("total").GetDecimal());

        var total = page.Locator("#total-recu");
        await Assertions.Expect(total).ToHaveTextAsync(byFunder.GetProperty("total").GetDecimal().ToString("C0", French));
        Assert.Equal(byFunder.GetProperty("total").GetDecimal(), decimal.Parse((await total.GetAttributeAsync("data-amount"))!, CultureInfo.InvariantCulture));
        await Assertions.Expect(page.Locator("#subventions-recues")).ToHaveTextAsync($"{byFunder.GetProperty("grants").GetInt32()} subventions");

        var funderRows = Groups(byFunder).ToArray();
        Assert.Equal(2, funderRows.Length);
        Assert.Equal(funderRows, await RowsAsync(page, "#recu-par-financeur"));
        Assert.Equal(
            [(platform.Demo.Foundation.ToString(), 2500m), (platform.Demo.Departement.ToString(), 1500m)],
            funderRows.Select(r => (r.Key, r.Amount)).OrderBy(r => r.Amount == 1500m).ToArray());

        // Years in the calendar's order, whatever order the API gives them in (it sorts by amount: 2025 first).
        var yearRows = Groups(byYear).OrderBy(g => g.Key, StringComparer.Ordinal).ToArray();
        Assert.Equal([("2024", 1500m), ("2025", 2500m)], yearRows.Select(r => (r.Key, r.Amount)).ToArray());
        Assert.Equal(yearRows, await RowsAsync(page, "#recu-par-annee"));
        await Assertions.Expect(page.Locator("#recu-par-annee tbody th")).ToHaveTextAsync(["2024", "2025"]);

        var label = page.Locator($"#labels-detenus tr[data-label='{platform.Demo.LabelId}']");
        await Assertions.Expect(label).ToContainTextAsync(DemoData.SchemeName);
        await Assertions.Expect(label).ToContainTextAsync("en propre");
        await Assertions.Expect(label).ToContainTextAsync("actif");
        await Assertions.Expect(page.Locator($"#reseaux li[data-network='{platform.Demo.NetworkId}']"))
            .ToHaveTextAsync($"{DemoData.NetworkName} — membre (tiers-lieu) depuis le 1er juin 2024");
        await Assertions.Expect(page.Locator("#projets li[data-venture='V-2']")).ToContainTextAsync(DemoData.VentureName);
        await Assertions.Expect(page.Locator("#projets li[data-venture='V-2']")).ToContainTextAsync("phase lancement, accompagné");
        await PortalPlatform.ScreenshotAsync(page, "acteur-recyclerie");
    }

    [Fact]
    public async Task AMemberOfATerritorialCollective_ShowsTheCollectivesLabel_AsHeldWithIt()
    {
        var page = await platform.NewPageAsync();
        await page.GotoAsync($"/acteur/{platform.Demo.Scic}");

        var label = page.Locator($"#labels-detenus tr[data-label='{platform.Demo.TerritorialLabelId}']");
        await Assertions.Expect(label).ToContainTextAsync(DemoData.TerritorialSchemeName);
        await Assertions.Expect(label).ToContainTextAsync("avec le collectif de CA Le Grand Périgueux");
        await Assertions.Expect(page.Locator("#aucun-reseau")).ToBeVisibleAsync();
    }

    [Theory]
    [InlineData("01a24fd0-0000-7000-8000-0000000000aa")]
    [InlineData("pas-un-identifiant")]
    [InlineData("00000000-0000-0000-0000-000000000000")]
    public async Task AnUnknownOrMalformedId_IsAFrenchNotFoundPage_WithA404Status(string id)
    {
        var page = await platform.NewPageAsync();
        var response = await page.GotoAsync($"/acteur/{id}");

        Assert.Equal((int)HttpStatusCode.NotFound, response!.Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Acteur introuvable");
        await Assertions.Expect(page.Locator("#acteur-introuvable")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task TheEcosystemSheet_LinksItsActorsAndLabelHolders_ToTheirPages()
    {
        var page = await platform.NewPageAsync();
        await page.GotoAsync("/territoire/departement/24/ecosysteme");
        await Assertions.Expect(page.Locator($"#labels tr[data-label='{platform.Demo.LabelId}'] a"))
            .ToHaveAttributeAsync("href", $"/acteur/{platform.Demo.Recyclerie}");

        await page.Locator("#acteurs").GetByRole(AriaRole.Link, new() { Name = "Recyclerie de Ribérac" }).ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/acteur/{platform.Demo.Recyclerie}$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Recyclerie de Ribérac");
        await Assertions.Expect(page.Locator("#total-recu")).ToBeVisibleAsync();
    }

    private static IEnumerable<(string Key, decimal Amount, int Grants)> Groups(JsonElement table) =>
        table.GetProperty("groups").GetProperty("items").EnumerateArray()
            .Select(g => (g.GetProperty("key").GetString()!, g.GetProperty("total").GetDecimal(), g.GetProperty("grants").GetInt32()));

    private static async Task<(string Key, decimal Amount, int Grants)[]> RowsAsync(IPage page, string table)
    {
        var rows = page.Locator($"{table} tbody tr");
        await Assertions.Expect(rows.First).ToBeVisibleAsync();
        var found = new List<(string, decimal, int)>();
        for (var i = 0; i < await rows.CountAsync(); i++)
        {
            var row = rows.Nth(i);
            found.Add(((await row.GetAttributeAsync("data-key"))!,
                decimal.Parse((await row.Locator("td[data-amount]").GetAttributeAsync("data-amount"))!, CultureInfo.InvariantCulture),
                int.Parse(await row.Locator("td").Nth(1).InnerTextAsync(), CultureInfo.InvariantCulture)));
        }

        return [.. found];
    }
}
