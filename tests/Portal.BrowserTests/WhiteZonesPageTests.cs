using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using SocialTech.Actors.Territories;
using SocialTech.Testing;

namespace SocialTech.Portal.BrowserTests;

/// <summary>
/// The « Zones blanches » page (issue 18.4): its tables are Funding's white-zone answers for the same query (the JSON
/// is the oracle, never the page's code), the money per EPCI is also worked out by hand from the demo's grants, the
/// map carries the API's figures per département, a hostile programme name stays text, Funding's 400 is worded beside
/// its field, and an unknown territory is a French 404.
/// </summary>
[Collection(PortalTestsDefinition.Name)]
public sealed class WhiteZonesPageTests(PortalPlatform platform)
{
    private const string Period = "du=2025-01-01&au=2025-12-31";
    private const string ApiPeriod = "from=2025-01-01&to=2025-12-31";

    /// <summary>Lot, away from the demo's Dordogne: a programme is open there to an association that got nothing.</summary>
    private const string Lot = "46";
    private const string Cahors = "46042";
    private const string HostileProgramme = "<img src=x onerror=\"document.title='pwned'\">Fonds du Lot";

    private static readonly TerritoryReferential Referential = TerritoryReferential.LoadEmbedded();

    [Fact]
    public async Task Dordogne_ListsEveryEpci_WithZeros_AsFundingsMoneyAnswer_AndTheDemosGrantsByHand()
    {
        var page = await platform.NewPageAsync();
        var response = await page.GotoAsync($"/zones-blanches/departement/24?{Period}");
        Assert.Equal(200, response!.Status);

        var api = await ApiAsync($"/api/funding/white-zones/money?territory={DemoData.Territory}&{ApiPeriod}");
        var items = api.GetProperty("items").EnumerateArray().ToArray();
        var rows = page.Locator("#argent tbody tr");
        // Every EPCI of Dordogne (the referential's, independently of Funding), in the API's order.
        var epcis = Referential.Current.CodesAt(TerritoryLevel.Epci, TerritoryLevel.Departement, "24").Select(c => $"epci:{c}").Order(StringComparer.Ordinal).ToArray();
        await Assertions.Expect(rows).ToHaveCountAsync(epcis.Length);
        var keys = await rows.EvaluateAllAsync<string[]>("rs => rs.map(r => r.dataset.key)");
        Assert.Equal(items.Select(i => i.GetProperty("key").GetString()).ToArray(), keys);
        Assert.Equal(epcis, keys.Order(StringComparer.Ordinal).ToArray());

        // By hand: the demo's 2025 grants, each in the EPCI of its recipient's head office.
        var offices = new Dictionary<Guid, string> { [platform.Demo.Scic] = "24322", [platform.Demo.Recyclerie] = "24352", [platform.Demo.SocialEnterprise] = "24520" };
        foreach (var larger in platform.Demo.LargerRecipients)
        {
            offices[larger] = "24322";
        }

        var expected = platform.Demo.Grants.Where(g => g.DecisionDate.Year == 2025)
            .GroupBy(g => "epci:" + Referential.Current.ParentsOf(TerritoryLevel.Commune, offices[g.RecipientId]).Single(t => t.Level == TerritoryLevel.Epci).Code)
            .ToDictionary(g => g.Key, g => g.Sum(x => x.Amount));
        Assert.True(expected.Count >= 3 && expected.Count < epcis.Length, "some EPCIs received money and others none");
        foreach (var key in epcis)
        {
            var row = page.Locator($"#argent tr[data-key='{key}']");
            var awarded = decimal.Parse((await row.Locator("td[data-awarded]").GetAttributeAsync("data-awarded"))!, CultureInfo.InvariantCulture);
            Assert.Equal(expected.GetValueOrDefault(key), awarded);
            var population = Referential.Current.PopulationOf(TerritoryLevel.Epci, key["epci:".Length..]).Municipal;
            Assert.Equal(population.ToString(CultureInfo.InvariantCulture), await row.Locator("td[data-population]").GetAttributeAsync("data-population"));
            var item = items.Single(i => i.GetProperty("key").GetString() == key);
            Assert.Equal(item.GetProperty("grants").GetInt32().ToString(CultureInfo.InvariantCulture), await row.Locator("td[data-grants]").GetAttributeAsync("data-grants"));
            Assert.Equal(item.GetProperty("perInhabitant").GetDecimal(),
                decimal.Parse((await row.Locator("td[data-per-inhabitant]").GetAttributeAsync("data-per-inhabitant"))!, CultureInfo.InvariantCulture));
            Assert.Equal(Math.Round(expected.GetValueOrDefault(key) / population, 2, MidpointRounding.AwayFromZero), item.GetProperty("perInhabitant").GetDecimal());
        }

        // The département is outlined on the map of France, whose figures are France's.
        await Assertions.Expect(page.Locator("#carte")).ToHaveAttributeAsync("data-rendered", "true");
        var map = JsonDocument.Parse((await page.Locator("#carte").GetAttributeAsync("data-map"))!).RootElement;
        Assert.Equal("24", map.GetProperty("highlight").GetString());
        await PortalPlatform.ScreenshotAsync(page, "zones-blanches-departement-24");
    }

    [Fact]
    public async Task SortingByAColumn_IsALinkKeepingThePeriod_AndGivesFundingsOrder()
    {
        var page = await platform.NewPageAsync();
        await page.GotoAsync($"/zones-blanches/departement/24?{Period}&mois=12");
        foreach (var sort in new[] { "awarded", "-awarded" })
        {
            await page.Locator($"#argent thead a[data-sort='{sort}']").ClickAsync();
            await page.WaitForURLAsync(url => url.Contains($"tri-argent={sort}", StringComparison.Ordinal) && url.Contains("du=2025-01-01", StringComparison.Ordinal) && url.Contains("mois=12", StringComparison.Ordinal));
            // Blazor's enhanced navigation changes the URL before it patches the page: the header says when it has.
            await Assertions.Expect(page.Locator("#argent thead th[aria-sort]")).ToHaveAttributeAsync("aria-sort", sort.StartsWith('-') ? "descending" : "ascending");
            var api = await ApiAsync($"/api/funding/white-zones/money?territory={DemoData.Territory}&{ApiPeriod}&sort={sort}");
            var rows = page.Locator("#argent tbody tr");
            Assert.Equal(api.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("key").GetString()).ToArray(),
                await rows.EvaluateAllAsync<string[]>("rs => rs.map(r => r.dataset.key)"));
        }

        // The download is Funding's CSV for the same question, in the order shown.
        using var csv = await platform.Funding.Http.GetAsync(new Uri($"/api/funding/white-zones/money?territory={DemoData.Territory}&{ApiPeriod}&sort=-awarded&format=csv", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#telecharger-argent").ClickAsync());
        var path = Path.Combine(PortalPlatform.Artifacts, $"zones-{download.SuggestedFilename}");
        await download.SaveAsAsync(path);
        Assert.Equal(await csv.Content.ReadAsByteArrayAsync(), await File.ReadAllBytesAsync(path));
    }

    [Fact]
    public async Task TheMapOfFrance_CarriesFundingsMoneyPerInhabitant_ForEveryDepartement_AndListsOverseasOnesInATable()
    {
        var page = await platform.NewPageAsync();
        await page.GotoAsync($"/zones-blanches?{Period}");
        var api = await ApiAsync($"/api/funding/white-zones/money?territory=france&{ApiPeriod}");
        var expected = api.GetProperty("items").EnumerateArray().ToDictionary(
            i => i.GetProperty("key").GetString()!["departement:".Length..],
            i => i.GetProperty("perInhabitant").ValueKind == JsonValueKind.Null ? (decimal?)null : i.GetProperty("perInhabitant").GetDecimal());
        Assert.Equal(Referential.Current.CodesAt(TerritoryLevel.Departement).Count, expected.Count);
        Assert.True(expected["24"] > 0 && expected["46"] == 0, "Dordogne received money in 2025, the Lot none");

        var chart = page.Locator("#carte");
        await Assertions.Expect(chart).ToHaveAttributeAsync("data-rendered", "true");
        var areas = JsonDocument.Parse((await chart.GetAttributeAsync("data-map"))!).RootElement.GetProperty("areas").EnumerateArray()
            .Where(a => a.GetProperty("inScope").GetBoolean())
            .ToDictionary(a => a.GetProperty("code").GetString()!, a => a.GetProperty("value").ValueKind == JsonValueKind.Null ? (decimal?)null : a.GetProperty("value").GetDecimal());
        Assert.Equal(expected.OrderBy(e => e.Key, StringComparer.Ordinal), areas.OrderBy(a => a.Key, StringComparer.Ordinal));
        // The contours are drawn (96 metropolitan départements); the overseas ones are in a table, nothing hidden.
        Assert.True(await chart.Locator("svg path").CountAsync() >= 96);
        var overseas = expected.Keys.Where(k => k.StartsWith("97", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToArray();
        Assert.NotEmpty(overseas);
        Assert.Equal(overseas, await page.Locator("#outre-mer tbody tr").EvaluateAllAsync<string[]>("rs => rs.map(r => r.dataset.code)"));
        await Assertions.Expect(page.Locator("#argent tbody tr")).ToHaveCountAsync(expected.Count);
        await PortalPlatform.ScreenshotAsync(page, "zones-blanches-france");

        // A région: its départements in colour, the others outside.
        await page.GotoAsync($"/zones-blanches/region/75?{Period}");
        await Assertions.Expect(page.Locator("#carte")).ToHaveAttributeAsync("data-rendered", "true");
        var region = JsonDocument.Parse((await page.Locator("#carte").GetAttributeAsync("data-map"))!).RootElement.GetProperty("areas").EnumerateArray()
            .Where(a => a.GetProperty("inScope").GetBoolean()).Select(a => a.GetProperty("code").GetString()).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(Referential.Current.CodesAt(TerritoryLevel.Departement, TerritoryLevel.Region, "75").Order(StringComparer.Ordinal).ToArray(), region);

        // An overseas département is not on the contours: the page says so, and its EPCIs are listed.
        var reunion = await page.GotoAsync($"/zones-blanches/departement/974?{Period}");
        Assert.Equal(200, reunion!.Status);
        await Assertions.Expect(page.Locator("#hors-carte")).ToContainTextAsync("La Réunion est un département d'outre-mer");
        var epcis = await ApiAsync($"/api/funding/white-zones/money?territory=departement:974&{ApiPeriod}");
        await Assertions.Expect(page.Locator("#argent tbody tr")).ToHaveCountAsync(epcis.GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task AFundingWhiteZone_ListsItsProgrammes_AsFundingsAnswer_WithAHostileNameAsText()
    {
        var programme = await SeedLotAsync();
        var page = await platform.NewPageAsync();
        await page.AddInitScriptAsync("""
            window.cspViolations = [];
            document.addEventListener("securitypolicyviolation", e => window.cspViolations.push(e.violatedDirective + " " + e.blockedURI));
            """);
        await page.GotoAsync($"/zones-blanches/departement/{Lot}?{Period}&mesure=financement");
        var title = await page.TitleAsync();

        var api = await ApiAsync($"/api/funding/white-zones/funding?territory=departement:{Lot}&{ApiPeriod}");
        var items = api.GetProperty("items").EnumerateArray().ToArray();
        // By hand: Cahors's EPCI had an open programme for its association, and no grant.
        var grandCahors = "epci:" + Referential.Current.ParentsOf(TerritoryLevel.Commune, Cahors).Single(t => t.Level == TerritoryLevel.Epci).Code;
        Assert.Contains(items, i => i.GetProperty("key").GetString() == grandCahors
            && i.GetProperty("eligibleProgrammes").EnumerateArray().Any(p => p.GetProperty("id").GetGuid() == programme));
        var rows = page.Locator("#financement tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(items.Length);
        Assert.Equal(items.Select(i => i.GetProperty("key").GetString()).ToArray(), await rows.EvaluateAllAsync<string[]>("rs => rs.map(r => r.dataset.key)"));
        var row = page.Locator($"#financement tr[data-key='{grandCahors}']");
        await Assertions.Expect(row).ToContainTextAsync(HostileProgramme);
        Assert.Equal(items.Single(i => i.GetProperty("key").GetString() == grandCahors).GetProperty("eligibleProgrammes").GetArrayLength().ToString(CultureInfo.InvariantCulture),
            await row.Locator("td[data-programmes]").GetAttributeAsync("data-programmes"));

        // The map of France by funding white zones holds the Lot with France's answer.
        await Assertions.Expect(page.Locator("#carte")).ToHaveAttributeAsync("data-rendered", "true");
        var france = await ApiAsync($"/api/funding/white-zones/funding?territory=france&{ApiPeriod}");
        var lot = france.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("key").GetString() == $"departement:{Lot}");
        var area = JsonDocument.Parse((await page.Locator("#carte").GetAttributeAsync("data-map"))!).RootElement.GetProperty("areas").EnumerateArray()
            .Single(a => a.GetProperty("code").GetString() == Lot);
        Assert.Equal(lot.GetProperty("eligibleProgrammes").GetArrayLength(), area.GetProperty("value").GetDecimal());

        Assert.Equal(0, await page.Locator("main img").CountAsync());
        await page.WaitForTimeoutAsync(500);
        Assert.Equal(title, await page.TitleAsync());
        Assert.Empty(await page.EvaluateAsync<string[]>("() => window.cspViolations"));
    }

    [Fact]
    public async Task ExpiringLabels_AreFundingsLabelWhiteZones_ForTheSameDayAndMonths()
    {
        // The demo's labels last three years from today: six months before their end, both are expiring.
        var on = platform.Demo.LabelValidFrom.AddYears(3).AddMonths(-3);
        var day = on.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        JsonElement api = default;
        await Eventually.TrueAsync(async () =>
        {
            api = await ApiAsync($"/api/funding/white-zones/labels?territory={DemoData.Territory}&on={day}&withinMonths=6");
            return api.GetProperty("items").EnumerateArray().Any(i => i.GetProperty("labelId").GetGuid() == platform.Demo.LabelId);
        }, "Labelling's labels to reach Funding's copy");
        var items = api.GetProperty("items").EnumerateArray().ToArray();
        Assert.Contains(items, i => i.GetProperty("labelId").GetGuid() == platform.Demo.TerritorialLabelId && i.GetProperty("situation").GetString() == "expiring");

        var page = await platform.NewPageAsync();
        await page.GotoAsync($"/zones-blanches/departement/24?le={day}&mois=6");
        var rows = page.Locator("#labels tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(items.Length);
        Assert.Equal(items.Select(i => i.GetProperty("labelId").GetGuid().ToString()).ToArray(), await rows.EvaluateAllAsync<string[]>("rs => rs.map(r => r.dataset.label)"));
        var recyclerie = page.Locator($"#labels tr[data-label='{platform.Demo.LabelId}']");
        await Assertions.Expect(recyclerie).ToContainTextAsync("expire sans renouvellement en cours");
        await Assertions.Expect(recyclerie).ToContainTextAsync("Recyclerie de Ribérac");
        await Assertions.Expect(recyclerie).ToContainTextAsync(DemoData.SchemeName);
        await Assertions.Expect(page.Locator($"#labels tr[data-label='{platform.Demo.TerritorialLabelId}']")).ToContainTextAsync("CA Le Grand Périgueux");

        // Coloured by labels, Dordogne's département counts them (France's answer, by département of the territory).
        await page.GotoAsync($"/zones-blanches?le={day}&mois=6&mesure=labels");
        var france = await ApiAsync($"/api/funding/white-zones/labels?territory=france&on={day}&withinMonths=6");
        var inDordogne = france.GetProperty("items").EnumerateArray().Count(i => i.GetProperty("territory").GetString() is { } t
            && (t == DemoData.Territory || (TerritoryKey.TryParse(t, out var level, out var code) && Referential.Current.ParentsOf(level, code).Any(p => p.Level == TerritoryLevel.Departement && p.Code == "24"))));
        Assert.True(inDordogne >= 2);
        var area = JsonDocument.Parse((await page.Locator("#carte").GetAttributeAsync("data-map"))!).RootElement.GetProperty("areas").EnumerateArray()
            .Single(a => a.GetProperty("code").GetString() == "24");
        Assert.Equal(inDordogne, area.GetProperty("value").GetInt32());
    }

    [Fact]
    public async Task SupportWhiteZones_FollowWhatFundingAnswers_AndNeverCrashThePage()
    {
        using var api = await platform.Funding.Http.GetAsync(new Uri($"/api/funding/white-zones/support?territory={DemoData.Territory}&pageSize=100", UriKind.Relative));
        var page = await platform.NewPageAsync();
        var response = await page.GotoAsync($"/zones-blanches/departement/24?{Period}&mesure=soutien");
        Assert.Equal(200, response!.Status);
        await Assertions.Expect(page.Locator("#argent tbody tr").First).ToBeVisibleAsync();
        if (api.StatusCode == HttpStatusCode.BadRequest)
        {
            await Assertions.Expect(page.Locator("#soutien-indisponible")).ToContainTextAsync("non disponibles");
            await Assertions.Expect(page.Locator("#carte-indisponible")).ToContainTextAsync("non disponible");
        }
        else
        {
            Assert.Equal(HttpStatusCode.OK, api.StatusCode);
            var json = await api.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(json.GetProperty("children").EnumerateArray().Select(c => c.GetProperty("key").GetString()).ToArray(),
                await page.Locator("#soutien-territoires tbody tr").EvaluateAllAsync<string[]>("rs => rs.map(r => r.dataset.key)"));
            Assert.Equal(json.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("key").GetString()).ToArray(),
                await page.Locator("#soutien tbody tr").EvaluateAllAsync<string[]>("rs => rs.map(r => r.dataset.key)"));
            await Assertions.Expect(page.Locator("#carte")).ToHaveAttributeAsync("data-rendered", "true");
        }

        await Assertions.Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task FundingsRefusals_AreWordedBesideTheirField_AndTheOtherListsStillShow()
    {
        // The oracle: Funding itself refuses both, naming the fields.
        foreach (var (uri, field) in new[]
        {
            ($"/api/funding/white-zones/money?territory={DemoData.Territory}&from=2025-12-31&to=2025-01-01", "to"),
            ($"/api/funding/white-zones/labels?territory={DemoData.Territory}&withinMonths=99", "withinMonths"),
        })
        {
            using var refused = await platform.Funding.Http.GetAsync(new Uri(uri, UriKind.Relative));
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.True((await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _));
        }

        var page = await platform.NewPageAsync();
        var response = await page.GotoAsync("/zones-blanches/departement/24?du=2025-12-31&au=2025-01-01&mois=99");
        Assert.Equal(200, response!.Status);
        await Assertions.Expect(page.Locator("#erreur-au")).ToContainTextAsync("La fin de la période ne peut pas précéder son début");
        await Assertions.Expect(page.Locator("#au")).ToHaveAttributeAsync("aria-describedby", "erreur-au");
        await Assertions.Expect(page.Locator("#erreur-mois")).ToContainTextAsync("de 1 à 60");
        await Assertions.Expect(page.Locator("#au")).ToHaveValueAsync("2025-01-01");
        await Assertions.Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();

        // What the portal cannot send is said beside its field too; the labels are still listed.
        await page.GotoAsync("/zones-blanches/departement/24?du=demain");
        await Assertions.Expect(page.Locator("#erreur-du")).ToContainTextAsync("« demain » n'est pas une date");
        await Assertions.Expect(page.Locator("#section-labels")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#labels-indisponible")).ToHaveCountAsync(0);
        await PortalPlatform.ScreenshotAsync(page, "zones-blanches-refus");
    }

    /// <summary>A sort Funding does not know: the list is refused, and the page says so, not that it is in its default order.</summary>
    [Fact]
    public async Task AnUnknownSort_SaysTheListIsNotShown_AndHowToSortIt()
    {
        using var refused = await platform.Funding.Http.GetAsync(
            new Uri($"/api/funding/white-zones/money?territory={DemoData.Territory}&from=2025-01-01&to=2025-12-31&sort=zzz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.True((await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("sort", out _));

        var page = await platform.NewPageAsync();
        await page.GotoAsync("/zones-blanches/departement/24?du=2025-01-01&au=2025-12-31&tri-argent=zzz");
        var notice = page.Locator("#argent-indisponible");
        await Assertions.Expect(notice).ToContainTextAsync("refusé cette question");
        await Assertions.Expect(notice).ToContainTextAsync("choisissez un tri en cliquant sur l'en-tête d'une colonne");
        await Assertions.Expect(notice).Not.ToContainTextAsync("ordre par défaut");
        await Assertions.Expect(page.Locator("#section-labels")).ToBeVisibleAsync();
    }

    [Theory]
    [InlineData("/zones-blanches/departement/999")]
    [InlineData("/zones-blanches/commune/24352")]
    [InlineData("/zones-blanches/region/xx")]
    public async Task AnUnknownTerritory_IsAFrench404(string path)
    {
        var page = await platform.NewPageAsync();
        var response = await page.GotoAsync(path);
        Assert.Equal(404, response!.Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Territoire introuvable");
    }

    /// <summary>An association in Cahors and a programme for associations of the Lot named with markup, opened in 2024; no grant.</summary>
    private async Task<Guid> SeedLotAsync()
    {
        using var created = await platform.Actors.Http.PostAsJsonAsync("/api/actors", new { name = "Association cadurcienne", kinds = new[] { "association" }, headOfficeCommuneCode = Cahors });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        var actor = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await Eventually.TrueAsync(async () =>
        {
            using var known = await platform.Funding.Http.GetAsync(new Uri($"/api/funding/actors/{actor}", UriKind.Relative));
            return known.IsSuccessStatusCode;
        }, "the association to reach Funding's directory");
        using var programme = await platform.Funding.Http.PostAsJsonAsync("/api/funding/programmes", new
        {
            name = HostileProgramme, funders = new[] { platform.Demo.Departement }, instructingBodies = new[] { platform.Demo.Departement }, themes = new[] { "alimentation" },
            beneficiaryKinds = new[] { "association" }, aidTypes = new[] { "grant" }, eligibleTerritories = new[] { $"departement:{Lot}" }, opensOn = "2024-01-01",
        });
        Assert.True(programme.IsSuccessStatusCode, await programme.Content.ReadAsStringAsync());
        return (await programme.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private async Task<JsonElement> ApiAsync(string uri) => await platform.Funding.Http.GetFromJsonAsync<JsonElement>(uri);
}
