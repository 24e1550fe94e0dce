using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace SocialTech.Portal.BrowserTests;

/// <summary>
/// The funding view's filters (#19): a bookmarked filtered URL shows what Funding's API answers for the same filters
/// (its JSON is the oracle, never the page's code), the downloads carry them, a page without JavaScript still has its
/// figures and tables, and Funding's 400 reaches the page as French sentences, not a crash.
/// </summary>
[Collection(PortalTestsDefinition.Name)]
public sealed class PortalFiltersTests(PortalPlatform platform)
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    /// <summary>The demo's 2025 money from the Département of Dordogne, in Dordogne.</summary>
    private string Bookmark => $"/territoire/departement/24?annee=2025&financeur={platform.Demo.Departement}";

    private string ApiFilters => $"territory={DemoData.Territory}&from=2025-01-01&to=2025-12-31&funder={platform.Demo.Departement}";

    [Fact]
    public async Task TheRecipientsList_IsFundingsByRecipient_InEitherOrder_AndPaged()
    {
        foreach (var (sort, link) in new[] { ("total", (string?)null), ("grants", "#tri-aides") })
        {
            var page = await platform.NewPageAsync();
            await page.GotoAsync("/territoire/departement/24?annee=2025");
            if (link is not null)
            {
                // The order is a link that keeps the filters: it works without scripts and makes a bookmarkable URL.
                await page.Locator(link).ClickAsync();
                await page.WaitForURLAsync(url => url.Contains("beneficiaires-tri=grants", StringComparison.Ordinal) && url.Contains("annee=2025", StringComparison.Ordinal));
            }

            var api = await ApiAsync($"/api/funding/flows/by-recipient?territory={DemoData.Territory}&from=2025-01-01&to=2025-12-31&sort={sort}&page=1&pageSize=25");
            var items = api.GetProperty("groups").GetProperty("items").EnumerateArray().ToArray();
            Assert.NotEmpty(items);
            var rows = page.Locator("#liste-beneficiaires tbody tr");
            await Assertions.Expect(rows).ToHaveCountAsync(items.Length);
            Assert.Equal(items.Select(i => i.GetProperty("key").GetString()).ToArray(),
                (await rows.EvaluateAllAsync<string[]>("rs => rs.map(r => r.dataset.recipient)")).ToArray());
            Assert.Equal(items.Select(i => i.GetProperty("total").GetDecimal()).ToArray(),
                (await page.Locator("#liste-beneficiaires tbody td[data-amount]").EvaluateAllAsync<string[]>("cs => cs.map(c => c.dataset.amount)"))
                    .Select(a => decimal.Parse(a, CultureInfo.InvariantCulture)).ToArray());
            await Assertions.Expect(page.Locator("#tous-beneficiaires nav")).ToContainTextAsync($"({api.GetProperty("groups").GetProperty("totalItems").GetInt64()} bénéficiaire(s))");
        }
    }

    [Fact]
    public async Task ABookmarkedFilteredUrl_ShowsTheFundingApisFiguresForTheSameFilters()
    {
        var page = await platform.NewPageAsync();
        await page.GotoAsync(Bookmark);

        var funders = await ApiAsync($"/api/funding/flows/by-funder?{ApiFilters}&pageSize=500");
        var everything = await ApiAsync($"/api/funding/flows/by-funder?territory={DemoData.Territory}&pageSize=500");
        var total = funders.GetProperty("total").GetDecimal();
        Assert.True(total > 0 && total < everything.GetProperty("total").GetDecimal(), "the filters narrow the demo's money, so the test can tell them applied");
        var shown = page.Locator("#total-attribue");
        Assert.Equal(total, decimal.Parse((await shown.GetAttributeAsync("data-amount"))!, CultureInfo.InvariantCulture));
        Assert.Equal(total.ToString("C0", French), await shown.InnerTextAsync());
        Assert.Equal(funders.GetProperty("grants").GetInt32().ToString(French), await page.Locator("#nombre-subventions").InnerTextAsync());
        await Assertions.Expect(page.Locator("#par-financeur tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#filtres-actifs")).ToContainTextAsync("du 1er janvier 2025 au 31 décembre 2025");
        await Assertions.Expect(page.Locator("#filtres-actifs")).ToContainTextAsync("financeur : Département de la Dordogne");
        // The form shows the filters it was sent with, so that sending it again keeps them.
        await Assertions.Expect(page.Locator("#annee")).ToHaveValueAsync("2025");
        await Assertions.Expect(page.Locator("#financeur")).ToHaveValueAsync(platform.Demo.Departement.ToString());

        // Every EPCI of Dordogne, zeros included, each with the API's money and grants and Actors' population.
        var epcis = await ApiAsync($"/api/funding/flows/by-territory?{ApiFilters}&pageSize=500");
        var groups = epcis.GetProperty("groups").GetProperty("items").EnumerateArray().ToArray();
        Assert.Contains(groups, g => g.GetProperty("total").GetDecimal() == 0m);
        var rows = page.Locator("#par-territoire tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(groups.Length);
        foreach (var group in groups.Where(g => g.GetProperty("total").GetDecimal() > 0).Append(groups[^1]))
        {
            var key = group.GetProperty("key").GetString()!;
            var row = page.Locator($"#par-territoire tr[data-key='{key}']");
            var cells = row.Locator("td");
            Assert.Equal(group.GetProperty("total").GetDecimal(), decimal.Parse((await cells.Nth(0).GetAttributeAsync("data-amount"))!, CultureInfo.InvariantCulture));
            Assert.Equal(group.GetProperty("grants").GetInt32().ToString(French), await cells.Nth(1).InnerTextAsync());
            var territory = await platform.Actors.Http.GetFromJsonAsync<JsonElement>($"/api/territories/{key.Replace(':', '/')}");
            var population = territory.GetProperty("population").GetProperty("municipal").GetInt64();
            Assert.Equal(population.ToString(CultureInfo.InvariantCulture), await cells.Nth(2).GetAttributeAsync("data-population"));
            Assert.Equal((group.GetProperty("total").GetDecimal() / population).ToString("C2", French), await cells.Nth(3).InnerTextAsync());
        }

        // Years in their order, not by amount.
        var years = await ApiAsync($"/api/funding/flows/by-period?territory={DemoData.Territory}&pageSize=500");
        var expected = years.GetProperty("groups").GetProperty("items").EnumerateArray().Select(g => g.GetProperty("key").GetString()!).Order(StringComparer.Ordinal).ToArray();
        var unfiltered = await platform.NewPageAsync();
        await unfiltered.GotoAsync("/territoire/departement/24");
        Assert.True(expected.Length >= 2, "the demo has grants in several years");
        Assert.Equal(expected, (await unfiltered.Locator("#par-annee tbody th").AllInnerTextsAsync()).ToArray());

        // The top recipients are the concentration's, under the same filters.
        var concentration = await ApiAsync($"/api/funding/flows/concentration?{ApiFilters}");
        var top = concentration.GetProperty("top10").EnumerateArray().ToArray();
        await Assertions.Expect(page.Locator("#beneficiaires tbody tr")).ToHaveCountAsync(top.Length);
        Assert.Equal(top[0].GetProperty("amount").GetDecimal(),
            decimal.Parse((await page.Locator("#beneficiaires tbody tr").First.Locator("td").First.GetAttributeAsync("data-amount"))!, CultureInfo.InvariantCulture));

        // The download exports exactly what is shown: Funding's export under the same filters.
        using var export = await platform.Funding.Http.GetAsync(new Uri($"/api/funding/exports/scdl?{ApiFilters}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        using var whole = await platform.Funding.Http.GetAsync(new Uri($"/api/funding/exports/scdl?territory={DemoData.Territory}", UriKind.Relative));
        var csv = await export.Content.ReadAsStringAsync();
        Assert.NotEqual(await whole.Content.ReadAsStringAsync(), csv);
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#export-scdl").ClickAsync());
        var path = Path.Combine(PortalPlatform.Artifacts, $"filtre-{download.SuggestedFilename}");
        await download.SaveAsAsync(path);
        Assert.Equal(csv, await File.ReadAllTextAsync(path));
        await PortalPlatform.ScreenshotAsync(page, "flows-departement-24-filtered");
    }

    [Fact]
    public async Task TheFilterForm_MakesTheBookmarkableUrl()
    {
        var page = await platform.NewPageAsync();
        await page.GotoAsync("/territoire/departement/24");
        await page.GetByLabel("Mesure").SelectOptionAsync("committed");
        await page.GetByLabel("Catégorie de bénéficiaire").SelectOptionAsync(new SelectOptionValue { Label = "SCIC" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Appliquer les filtres" }).ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"/territoire/departement/24\?.*mesure=committed.*categorie=scic"));
        var api = await ApiAsync($"/api/funding/flows/by-funder?territory={DemoData.Territory}&measure=committed&recipientKind=scic&pageSize=500");
        await Assertions.Expect(page.Locator("#total-attribue")).ToHaveAttributeAsync("data-amount", api.GetProperty("total").GetDecimal().ToString(CultureInfo.InvariantCulture));
        await Assertions.Expect(page.Locator("#total-attribue").Locator("xpath=..")).ToContainTextAsync("Montant engagé");
    }

    [Fact]
    public async Task APageWithoutJavaScript_ShowsItsFiguresAndTables()
    {
        var page = await platform.NewPageAsync(javaScript: false);
        var response = await page.GotoAsync(Bookmark);
        Assert.Equal(200, response!.Status);

        var funders = await ApiAsync($"/api/funding/flows/by-funder?{ApiFilters}&pageSize=500");
        Assert.Equal(funders.GetProperty("total").GetDecimal().ToString("C0", French), await page.Locator("#total-attribue").InnerTextAsync());
        await Assertions.Expect(page.Locator("#par-financeur tbody tr")).ToHaveCountAsync(1);
        var epcis = await ApiAsync($"/api/funding/flows/by-territory?{ApiFilters}&pageSize=500");
        await Assertions.Expect(page.Locator("#par-territoire tbody tr")).ToHaveCountAsync(epcis.GetProperty("groups").GetProperty("items").GetArrayLength());
        await Assertions.Expect(page.Locator("#par-annee tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#beneficiaires tbody tr").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#qpv-ruralite")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#concentration")).ToContainTextAsync("Herfindahl");
        var sankey = await ApiAsync($"/api/funding/flows/sankey?{ApiFilters}");
        await Assertions.Expect(page.Locator("#sankey-table tbody tr")).ToHaveCountAsync(sankey.GetProperty("links").GetArrayLength());
        // The folded table opens without scripts too.
        await page.Locator("#sankey-details summary").ClickAsync();
        await Assertions.Expect(page.Locator("#sankey-table")).ToBeVisibleAsync();
        await PortalPlatform.ScreenshotAsync(page, "flows-departement-24-sans-javascript");

        // The ecosystem sheet and the cascade, too.
        await page.GotoAsync("/territoire/departement/24/ecosysteme");
        await Assertions.Expect(page.Locator("#acteurs")).ToContainTextAsync("Recyclerie de Ribérac");
        await Assertions.Expect(page.Locator($"#labels tr[data-label='{platform.Demo.LabelId}']")).ToContainTextAsync(DemoData.SchemeName);
        await page.GotoAsync("/");
        await page.GetByLabel("Région").SelectOptionAsync("75");
        await page.GetByRole(AriaRole.Button, new() { Name = "Afficher les listes" }).ClickAsync();
        await page.GetByLabel("Département").SelectOptionAsync("24");
        await page.GetByRole(AriaRole.Button, new() { Name = "Afficher les listes" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Voir Dordogne" }).ClickAsync();
        await Assertions.Expect(page.Locator("#total-attribue")).ToHaveTextAsync(
            (await ApiAsync($"/api/funding/flows/by-funder?territory={DemoData.Territory}&pageSize=500")).GetProperty("total").GetDecimal().ToString("C0", French));
    }

    [Fact]
    public async Task AnAsKnownOnInTheFuture_IsFundingsRefusal_InFrench()
    {
        var tomorrow = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        // The oracle: Funding itself refuses it, naming the field.
        using var api = await platform.Funding.Http.GetAsync(new Uri($"/api/funding/flows/by-funder?territory={DemoData.Territory}&asKnownOn={tomorrow}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, api.StatusCode);
        Assert.True((await api.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("asKnownOn", out _));

        var page = await platform.NewPageAsync();
        var response = await page.GotoAsync($"/territoire/departement/24?connu-au={tomorrow}");
        Assert.Equal(200, response!.Status);
        var refusal = page.Locator("#filtres-refuses");
        await Assertions.Expect(refusal).ToContainTextAsync("Le service Financement a refusé ces filtres");
        await Assertions.Expect(refusal).ToContainTextAsync("« Connu au » : le moment choisi est dans le futur");
        await Assertions.Expect(page.Locator("#total-attribue")).ToHaveCountAsync(0);
        // The form is still there, with the refused value, to correct it.
        await Assertions.Expect(page.Locator("#connu-au")).ToHaveValueAsync(tomorrow);
        await Assertions.Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();

        // An end before the start: Funding's other refusal, worded too.
        await page.GotoAsync("/territoire/departement/24?du=2025-12-31&au=2025-01-01");
        await Assertions.Expect(page.Locator("#filtres-refuses")).ToContainTextAsync("« Au » : la fin de la période ne peut pas précéder son début");
        await PortalPlatform.ScreenshotAsync(page, "flows-filtres-refuses");
    }

    private async Task<JsonElement> ApiAsync(string uri) => await platform.Funding.Http.GetFromJsonAsync<JsonElement>(uri);
}
