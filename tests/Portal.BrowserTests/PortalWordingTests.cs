using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SocialTech.BuildingBlocks.Text;
using SocialTech.Testing;

namespace SocialTech.Portal.BrowserTests;

/// <summary>
/// French wherever a person reads: every page of the portal, walked over the demo data, shows no code of the
/// platform's vocabularies (<c>social-enterprise</c>, <c>shared-workshop</c>, <c>not-met</c>…) and no English sentence
/// in its visible text; and the Dordogne sheet holds the labels Labelling's one rule gives it.
/// </summary>
[Collection(PortalTestsDefinition.Name)]
public sealed partial class PortalWordingTests(PortalPlatform platform)
{
    public static TheoryData<string> Pages() =>
    [
        "/",
        "/territoire/departement/24",
        "/territoire/departement/24/ecosysteme",
        "/territoire/departement/24/direct",
        "/territoire/commune/24352",
        "/territoire/commune/24352/ecosysteme",
        "/territoire/commune/24520/ecosysteme",
        "/territoire/epci/200040392/ecosysteme",
        "/territoire/region/75/ecosysteme",
        "/direct",
        // Actors' pages ({recyclerie} and {scic} stand for the demo's ids, known once it is loaded), and an unknown one.
        "/acteur/{recyclerie}",
        "/acteur/{scic}",
        "/acteur/01a24fd0-0000-7000-8000-0000000000aa",
        // Filtered views (#19): the filters' lists and sentences, Funding's 400 worded in French, the cascade's steps.
        "/?region=75&departement=24",
        "/?q=Rib%C3%A9rac",
        "/territoire/departement/24?annee=2025&categorie=social-enterprise&annees=budgetaires",
        "/territoire/departement/24?mesure=disbursed&niveau=commune",
        "/territoire/epci/200040392?mesure=committed&du=2024-01-01&au=2025-12-31&connu-au=2025-12-31&connu-a=18:00",
        "/territoire/departement/24?connu-au=2999-01-01",
        "/territoire/departement/24?du=2025-12-31&au=2025-01-01",
        "/territoire/departement/24?du=demain&mesure=paid",
        // The demo network's page; {network} is its id, known once the demo data is loaded.
        "/reseau/{network}",
        "/reseau/00000000-0000-0000-0000-000000000000",
        // « Que puis-je solliciter ? »: a profile by code and by name, an actor, an unknown one, Funding's 400s worded in French.
        "/solliciter",
        "/solliciter?categorie=association&commune=24352&date=2026-12-07",
        "/solliciter?categorie=association&categorie=social-enterprise&commune=Rib%C3%A9rac",
        "/solliciter?acteur={recyclerie}",
        "/solliciter?acteur=01a24fd0-0000-7000-8000-0000000000aa",
        "/solliciter?categorie=licorne&commune=24013&date=demain",
        // White zones (issue 18.4): France, a département by labels, a région by support, Funding's 400s, an unknown territory.
        "/zones-blanches",
        "/zones-blanches/departement/24?du=2025-01-01&au=2025-12-31&mesure=labels",
        "/zones-blanches/region/75?mesure=soutien",
        "/zones-blanches/departement/24?du=2025-12-31&au=2025-01-01&mois=99",
        "/zones-blanches/departement/999",
    ];

    // Codes that are French words too, which a French page may well print: « place », « active », « rural »…
    private static readonly HashSet<string> FrenchHomographs = new(StringComparer.OrdinalIgnoreCase)
    {
        "place", "active", "rural", "met", "silence", "admissible", "inadmissible", "frr",
    };

    // Words of the English sentences the services used to write (feeds, eligibility, problems), and common English.
    private static readonly string[] EnglishWords =
    [
        "the", "and", "with", "launches", "announces", "joins", "moves", "raises", "reports", "calls for", "is cancelled", "was held",
        "changed", "incorporated", "granted", "label granted", "applications", "ventures", "at least", "at most", "criterion", "valid",
        "until", "not found", "service unavailable", "internal server error", "loading", "unavailable", "undefined", "null", "NaN",
    ];

    /// <summary>Every code of the vocabularies a page could show untranslated: those that read as no French word.</summary>
    private static readonly string[] Codes = FrenchWording.Vocabularies.Values
        .SelectMany(words => words.Keys)
        .Distinct(StringComparer.Ordinal)
        .Where(code => !FrenchHomographs.Contains(code))
        // A code that is also its French word (« association », « fablab », « SCIC ») or a word of one (« jury »).
        .Where(code => !FrenchWording.Vocabularies.Values.SelectMany(w => w.Values)
            .Any(word => Regex.IsMatch(word, $@"(?<![\p{{L}}-]){Regex.Escape(code)}(?![\p{{L}}-])", RegexOptions.IgnoreCase)))
        .ToArray();

    [Fact]
    public void TheCodesChecked_IncludeTheIssuesSlugs()
    {
        // The oracle must not have filtered away what it is for.
        Assert.Contains("social-enterprise", Codes);
        Assert.Contains("shared-workshop", Codes);
        Assert.Contains("local-authority", Codes);
        Assert.Contains("network-head", Codes);
        Assert.Contains("incubator", Codes);
        Assert.Contains("creation", Codes);
        Assert.Contains("revoked", Codes);
        Assert.DoesNotContain("association", Codes);
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task APage_ShowsNoCodeAndNoEnglish(string path)
    {
        var page = await platform.NewPageAsync();
        await page.GotoAsync(path.Replace("{recyclerie}", platform.Demo.Recyclerie.ToString(), StringComparison.Ordinal)
            .Replace("{scic}", platform.Demo.Scic.ToString(), StringComparison.Ordinal)
            .Replace("{network}", platform.Demo.NetworkId.ToString(), StringComparison.Ordinal));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
        await Eventually.TrueAsync(async () => await page.Locator("[role=status]:has-text('Chargement')").CountAsync() == 0, "the page to load");
        if (await page.Locator("#sankey").CountAsync() > 0)
        {
            await Assertions.Expect(page.Locator("#sankey")).ToHaveAttributeAsync("data-rendered", "true");
        }

        // What a person reads: the rendered text (the Sankey's SVG labels included) and the folded table's cells.
        var text = await page.Locator("body").InnerTextAsync() + "\n" + string.Join("\n", await page.Locator("#sankey-table").AllTextContentsAsync());
        var codes = Codes.Where(c => Word(c).IsMatch(text)).ToArray();
        var english = EnglishWords.Where(w => Word(w).IsMatch(text)).ToArray();
        await PortalPlatform.ScreenshotAsync(page, $"wording{path.Replace('/', '-').Replace("{", "", StringComparison.Ordinal).Replace("}", "", StringComparison.Ordinal)}");
        Assert.True(codes.Length == 0, $"{path} shows codes: {string.Join(", ", codes)}\n{Around(text, codes)}");
        Assert.True(english.Length == 0, $"{path} shows English: {string.Join(", ", english)}\n{Around(text, english)}");
    }

    [Fact]
    public async Task TheDordogneSheet_HoldsGrandPerigueuxsTerritorialLabel_AndTheRecycleriesCharter_InFrench()
    {
        var page = await platform.NewPageAsync();
        await page.GotoAsync("/territoire/departement/24/ecosysteme");

        var territorial = page.Locator($"#labels tr[data-label='{platform.Demo.TerritorialLabelId}']");
        await Assertions.Expect(territorial).ToContainTextAsync(DemoData.TerritorialSchemeName);
        await Assertions.Expect(territorial).ToContainTextAsync("CA Le Grand Périgueux");
        await Assertions.Expect(territorial).ToContainTextAsync("actif");
        await Assertions.Expect(page.Locator($"#labels tr[data-label='{platform.Demo.LabelId}']")).ToContainTextAsync("Recyclerie de Ribérac");
        await Assertions.Expect(page.Locator("#acteurs")).ToContainTextAsync("Entreprise sociale, opérateur de tiers-lieu");
        await Assertions.Expect(page.Locator("#tiers-lieux")).ToContainTextAsync("atelier partagé, laboratoire d'innovation sociale");
        await Assertions.Expect(page.Locator("#tiers-lieux")).ToContainTextAsync("ouvert le 1er septembre 2023");
        await Assertions.Expect(page.Locator("#programmes")).ToContainTextAsync($"lance le programme {DemoData.ProgrammeName} (ruralité)");
    }

    [Fact]
    public async Task RiberacsSheet_HoldsTheRecycleriesCharter_ButNotGrandPerigueuxs()
    {
        var page = await platform.NewPageAsync();
        await page.GotoAsync("/territoire/commune/24352/ecosysteme");

        await Assertions.Expect(page.Locator($"#labels tr[data-label='{platform.Demo.LabelId}']")).ToContainTextAsync("Recyclerie de Ribérac");
        await Assertions.Expect(page.Locator($"#labels tr[data-label='{platform.Demo.TerritorialLabelId}']")).ToHaveCountAsync(0);
    }

    private static Regex Word(string word) => new($@"(?<![\p{{L}}\p{{N}}-]){Regex.Escape(word)}(?![\p{{L}}\p{{N}}-])", RegexOptions.IgnoreCase);

    private static string Around(string text, IEnumerable<string> words) =>
        string.Join("\n", words.Select(w => Word(w).Match(text)).Where(m => m.Success)
            .Select(m => "… " + text.Substring(Math.Max(0, m.Index - 60), Math.Min(text.Length - Math.Max(0, m.Index - 60), m.Length + 120)).ReplaceLineEndings(" ") + " …"));
}
