using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using SocialTech.Testing;

namespace SocialTech.Portal.BrowserTests;

/// <summary>
/// « Que puis-je solliciter ? » (/solliciter) against Funding's maze for the same question, and against lists worked out
/// by hand from the relays and programmes seeded here, on top of the demo's « Alimentation durable » (Dordogne, SCIC and
/// associations, open since 2024). Ribérac (24352) lies in the CC du Périgord Ribéracois (EPCI 200040400), the Dordogne
/// (24) and Nouvelle-Aquitaine (75).
/// </summary>
[Collection(PortalTestsDefinition.Name)]
public sealed class MazePageTests(PortalPlatform platform)
{
    private const string Day = "2026-12-07";
    private const string RuralPlaces = "Tiers-lieux ruraux du Périgord";
    private const string Cooperatives = "Coopératives de Dordogne";
    private const string Rhone = "Rhône solidaire";
    private const string Seed2026 = "Fonds d'amorçage 2026";
    private const string FunderName = "Fondation Périgord Solidaire";
    private const string FunderMailbox = "contact@fondation-perigord.example.org";
    private const string FunderWebsite = "https://fondation-perigord.example.org/";

    /// <summary>Association in Ribérac, nearest first: commune, EPCI, département, région (the SCOP-only relay and the withdrawn one left out).</summary>
    private static readonly string[] Relays =
        ["Tiers-lieu de la Double", "Service ESS du Périgord Ribéracois", "Incubateur départemental de Dordogne", "France Active Nouvelle-Aquitaine"];

    // Landes, away from the demo's Dordogne: the other tests' lists stay what they were.
    private const string HostileProgramme = "<img src=x onerror=\"document.title='pwned'\">";
    private const string HostileRelay = "\"><svg onload=\"document.title='pwned-svg'\"></svg>";

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static Seeded? seeded;

    private sealed record Seeded(Guid Funder, Guid Incubator);

    [Fact]
    public async Task AProfileAskedThroughTheForm_ShowsFundingsMaze_IndexProgrammesWithContactsAndRelaysNearestFirst()
    {
        var seed = await SeedAsync();
        var page = await platform.NewPageAsync();
        await page.GotoAsync("/solliciter");
        await page.GetByLabel("Association", new() { Exact = true }).CheckAsync();
        // By name, accents and case as a person types them: the page finds the commune through Actors' territory search.
        await page.GetByLabel("Commune").FillAsync("riberac");
        await page.Locator("#date-profil").FillAsync(Day);
        await page.GetByRole(AriaRole.Button, new() { Name = "Voir ce que ce profil peut solliciter" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/solliciter\\?categorie=association&commune=riberac&date=2026-12-07$"));

        var api = await MazeAsync($"kinds=association&commune=24352&on={Day}&explain=true");
        var index = api.GetProperty("index");
        // The hand-worked answer: two programmes (the soonest deadline first), their two funders and two instructing bodies, four relays.
        Assert.Equal([RuralPlaces, "Alimentation durable"], Names(api.GetProperty("programmes")));
        Assert.Equal((2, 2, 2, 4), (index.GetProperty("programmes").GetInt32(), index.GetProperty("funders").GetInt32(),
            index.GetProperty("instructingBodies").GetInt32(), index.GetProperty("relays").GetInt32()));
        Assert.Equal(Relays, Names(api.GetProperty("relays")));

        await Assertions.Expect(page.Locator("#indice-programmes")).ToHaveTextAsync("2");
        await Assertions.Expect(page.Locator("#indice-financeurs")).ToHaveTextAsync("2");
        await Assertions.Expect(page.Locator("#indice-instructeurs")).ToHaveTextAsync("2");
        await Assertions.Expect(page.Locator("#indice-relais")).ToHaveTextAsync("4");
        await Assertions.Expect(page.Locator("#indice-phrase"))
            .ToHaveTextAsync("Vous auriez affaire à 2 programmes, 2 financeurs, 2 services instructeurs ; 4 relais vous accompagnent.");
        await Assertions.Expect(page.Locator("#question")).ToHaveTextAsync("Pour : association, à Ribérac (commune 24352), au 7 décembre 2026.");
        await Assertions.Expect(page.Locator("#programmes-ouverts > li .programme-name")).ToHaveTextAsync(Names(api.GetProperty("programmes")));
        await Assertions.Expect(page.Locator("#relais > li .relais-name")).ToHaveTextAsync(Relays);

        // The programme: its funder by name with its mailbox and website as links, its instructing body, envelope, deadline, record.
        var programme = api.GetProperty("programmes")[0];
        var item = page.Locator($"#programmes-ouverts > li[data-programme='{programme.GetProperty("id").GetGuid()}']");
        await Assertions.Expect(item.Locator(".programme-name a")).ToHaveAttributeAsync("href", programme.GetProperty("link").GetString()!);
        var funder = item.Locator($".financeurs li[data-acteur='{seed.Funder}']");
        await Assertions.Expect(funder.GetByRole(AriaRole.Link, new() { Name = FunderName })).ToHaveAttributeAsync("href", $"/acteur/{seed.Funder}");
        await Assertions.Expect(funder.Locator("a.courriel")).ToHaveAttributeAsync("href", $"mailto:{FunderMailbox}");
        await Assertions.Expect(funder.Locator("a.site")).ToHaveAttributeAsync("href", FunderWebsite);
        await Assertions.Expect(item.Locator($".instructeurs li[data-acteur='{seed.Incubator}']")).ToContainTextAsync("Incubateur départemental de Dordogne");
        await Assertions.Expect(item.Locator(".enveloppe")).ToHaveTextAsync("150 000 €");
        await Assertions.Expect(item.Locator(".depot")).ToHaveTextAsync("Appel à projets, ouvert depuis le 1er janvier 2025, jusqu'au 31 mars 2027 inclus");

        // The relays: the level they reach Ribérac at, what they offer and for whom, in French; their mailbox.
        var relays = page.Locator("#relais > li");
        await Assertions.Expect(relays.Locator(".echelle")).ToHaveTextAsync([
            "À l'échelle de la commune : Ribérac", "À l'échelle de l'intercommunalité (EPCI) : CC du Périgord Ribéracois",
            "À l'échelle du département : Dordogne", "À l'échelle de la région : Nouvelle-Aquitaine",
        ]);
        await Assertions.Expect(relays.Nth(0).Locator(".propose")).ToHaveTextAsync("Mise à disposition de locaux, prêt de matériel et d'équipements");
        await Assertions.Expect(relays.Nth(2).Locator(".pour")).ToHaveTextAsync("association, SCIC");
        await Assertions.Expect(relays.Nth(1).Locator("a.courriel")).ToHaveAttributeAsync("href", "mailto:accompagnement@perigord-ribieracois.example.org");

        // « Pourquoi pas ce programme ? »: every seeded programme left out, with Funding's French reasons.
        await page.Locator("#pourquoi-pas summary").ClickAsync();
        foreach (var excluded in api.GetProperty("excluded").EnumerateArray())
        {
            var reasons = excluded.GetProperty("reasons").EnumerateArray().Select(r => r.GetProperty("reason").GetString()!).ToArray();
            await Assertions.Expect(page.Locator($"#pourquoi-pas li[data-programme='{excluded.GetProperty("id").GetGuid()}'] .raisons li")).ToHaveTextAsync(reasons);
        }

        var codes = api.GetProperty("excluded").EnumerateArray().ToDictionary(
            x => x.GetProperty("name").GetString()!, x => x.GetProperty("reasons").EnumerateArray().Select(r => r.GetProperty("code").GetString()!).ToArray());
        Assert.Equal(["kinds"], codes[Cooperatives]);
        Assert.Equal(["perimeter"], codes[Rhone]);
        Assert.Equal(["closed"], codes[Seed2026]);
        await Assertions.Expect(page.Locator("#pourquoi-pas li", new() { HasText = Seed2026 }).Locator(".raisons li"))
            .ToHaveTextAsync("Dernier jour de dépôt le 30 juin 2026, avant le 7 décembre 2026.");
        await PortalPlatform.ScreenshotAsync(page, "solliciter-riberac");
    }

    [Fact]
    public async Task AnActorsPage_OpensTheMazeForThatActor_AsFundingAnswersForIt()
    {
        await SeedAsync();
        var recyclerie = platform.Demo.Recyclerie;
        var page = await platform.NewPageAsync();
        await page.GotoAsync($"/acteur/{recyclerie}");
        await page.Locator("#solliciter").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/solliciter\\?acteur={recyclerie}$"));

        var api = await MazeAsync($"actor={recyclerie}&explain=true");
        // An association with its head office in Ribérac and no other place of action: the profile's relays.
        Assert.Equal(Relays, Names(api.GetProperty("relays")));
        var index = api.GetProperty("index");
        await Assertions.Expect(page.Locator("#indice-programmes")).ToHaveTextAsync(index.GetProperty("programmes").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Assertions.Expect(page.Locator("#indice-relais")).ToHaveTextAsync(index.GetProperty("relays").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Assertions.Expect(page.Locator("#question")).ToContainTextAsync("Pour Recyclerie de Ribérac (association) : siège à Ribérac (commune 24352)");
        await Assertions.Expect(page.Locator("#programmes-ouverts > li .programme-name")).ToHaveTextAsync(Names(api.GetProperty("programmes")));
        await Assertions.Expect(page.Locator("#relais > li .relais-name")).ToHaveTextAsync(Relays);
        await Assertions.Expect(page.Locator("#acteur")).ToHaveValueAsync(recyclerie.ToString());
    }

    [Fact]
    public async Task AFormerCommune_IsAnsweredForTheCommuneItBelongsTo_AndThePageSaysSo()
    {
        // Atur (24013) has been a commune déléguée of Boulazac Isle Manoire (24053) since 2016 (COG).
        var api = await MazeAsync("kinds=association&commune=24013");
        var territory = api.GetProperty("question").GetProperty("territories")[0];
        Assert.Equal("commune:24053", territory.GetProperty("key").GetString());
        var note = territory.GetProperty("formerCode").GetProperty("note").GetString()!;
        Assert.Contains("Atur", note, StringComparison.Ordinal);
        Assert.Contains("Boulazac Isle Manoire", note, StringComparison.Ordinal);

        var page = await platform.NewPageAsync();
        var response = await page.GotoAsync("/solliciter?categorie=association&commune=24013");

        Assert.Equal(200, response!.Status);
        await Assertions.Expect(page.Locator("#ancienne-commune")).ToHaveTextAsync(note);
        await Assertions.Expect(page.Locator("#erreur-commune")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#programmes-ouverts > li .programme-name")).ToHaveTextAsync(Names(api.GetProperty("programmes")));
    }

    [Fact]
    public async Task AnActorFundingDoesNotKnow_IsAFrenchMessage_WithA404Status()
    {
        const string Unknown = "01a24fd0-0000-7000-8000-0000000000aa";
        using (var api = await platform.Funding.Http.GetAsync(new Uri($"/api/funding/maze?actor={Unknown}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        }

        var page = await platform.NewPageAsync();
        var response = await page.GotoAsync($"/solliciter?acteur={Unknown}");

        Assert.Equal((int)HttpStatusCode.NotFound, response!.Status);
        await Assertions.Expect(page.Locator("#acteur-introuvable")).ToContainTextAsync($"Aucun acteur connu du service Financement ne porte l'identifiant « {Unknown} »");
        await Assertions.Expect(page.Locator("#programmes-ouverts")).ToHaveCountAsync(0);
    }

    [Theory]
    // No commune, current or former, has the code 24999.
    [InlineData("categorie=association&commune=24999", "commune=24999&kinds=association", "commune", "#erreur-commune",
        "« Commune » : « 24999 » n'est pas le code d'une commune actuelle.")]
    [InlineData("categorie=licorne&commune=24352", "kinds=licorne&commune=24352", "kinds", "#erreur-categorie",
        "« Catégories d'acteur » : « licorne » n'est pas une catégorie d'acteur connue du service Financement.")]
    [InlineData("categorie=association&commune=24352&date=2026-02-30", "kinds=association&commune=24352&on=2026-02-30", "on", "#erreur-date-profil",
        "« À la date du » : « 2026-02-30 » n'est pas une date ; écrivez-la AAAA-MM-JJ, par exemple 2026-12-07.")]
    [InlineData("commune=24352", "commune=24352", "kinds", "#erreur-categorie", "« Catégories d'acteur » : cochez au moins une catégorie.")]
    [InlineData("acteur=pas-un-identifiant&date=2026-12-07", "actor=pas-un-identifiant&on=2026-12-07", "actor", "#erreur-acteur",
        "« Acteur » : « pas-un-identifiant » n'est pas un identifiant d'acteur de la plateforme.")]
    public async Task FundingsRefusal_IsAFrenchSentenceBesideTheFieldItNames_NeverACrash(string pageQuery, string apiQuery, string field, string at, string sentence)
    {
        using (var api = await platform.Funding.Http.GetAsync(new Uri($"/api/funding/maze?{apiQuery}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.BadRequest, api.StatusCode);
            var problem = await api.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal([field], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).ToArray());
        }

        var page = await platform.NewPageAsync();
        var response = await page.GotoAsync($"/solliciter?{pageQuery}");

        Assert.Equal((int)HttpStatusCode.OK, response!.Status);
        await Assertions.Expect(page.Locator(at)).ToContainTextAsync(sentence);
        await Assertions.Expect(page.Locator("#question-refusee")).ToContainTextAsync("Le service Financement n'a pas pu répondre à cette question (réponse 400)");
        await Assertions.Expect(page.Locator("#indice")).ToHaveCountAsync(0);
        if (at is "#erreur-commune" or "#erreur-acteur")
        {
            var input = page.Locator(at == "#erreur-commune" ? "#commune" : "#acteur");
            await Assertions.Expect(input).ToHaveAttributeAsync("aria-invalid", "true");
            await Assertions.Expect(input).ToHaveAttributeAsync("aria-describedby", at[1..]);
        }
    }

    [Fact]
    public async Task ACommuneNoneIsNamed_IsSaidInFrench_WithoutAskingFunding()
    {
        var page = await platform.NewPageAsync();
        await page.GotoAsync("/solliciter?categorie=association&commune=Trifouilly-les-Oies");

        await Assertions.Expect(page.Locator("#erreur-commune")).ToContainTextAsync("aucune commune actuelle ne s'appelle « Trifouilly-les-Oies »");
        await Assertions.Expect(page.Locator("#question-refusee")).ToContainTextAsync("La question ne peut pas encore être posée");
    }

    [Fact]
    public async Task AProgrammeAndARelayNamedWithMarkup_ShowAsText_AndRunNothing()
    {
        await SeedHostileAsync();
        var page = await platform.NewPageAsync();
        await page.AddInitScriptAsync("""
            window.cspViolations = [];
            document.addEventListener("securitypolicyviolation", e => window.cspViolations.push(e.violatedDirective + " " + e.blockedURI));
            """);
        var response = await page.GotoAsync($"/solliciter?categorie=association&commune=40192&date={Day}");
        Assert.Equal((int)HttpStatusCode.OK, response!.Status);
        var title = await page.TitleAsync();

        await Assertions.Expect(page.Locator("#programmes-ouverts > li .programme-name")).ToHaveTextAsync([HostileProgramme]);
        // Mont-de-Marsan is in Nouvelle-Aquitaine too: the région's relay comes after the commune's.
        await Assertions.Expect(page.Locator("#relais > li .relais-name")).ToHaveTextAsync([HostileRelay, "France Active Nouvelle-Aquitaine"]);
        Assert.Equal(0, await page.Locator("main img, main svg, main [onerror], main [onload]").CountAsync());
        var html = await page.ContentAsync();
        Assert.Contains("&lt;img src=x onerror=", html, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"<script(?![^>]*\ssrc=)[^>]*>", html);
        // The relay's offer mailbox is a mailto link; the names around it stay text.
        await Assertions.Expect(page.Locator("#relais > li a.courriel").First).ToHaveAttributeAsync("href", "mailto:contact@landes-relais.example.org");
        await page.WaitForTimeoutAsync(500);
        Assert.Equal(title, await page.TitleAsync());
        Assert.Empty(await page.EvaluateAsync<string[]>("() => window.cspViolations"));
    }

    [Theory]
    [InlineData("/solliciter")]
    [InlineData("/solliciter?categorie=association&commune=24352&date=2026-12-07")]
    [InlineData("/solliciter?categorie=association&commune=24013")]
    [InlineData("/solliciter?categorie=association&commune=Saint-Martin")]
    public async Task ThePage_HasNoSeriousAccessibilityViolation(string path)
    {
        await SeedAsync();
        var page = await platform.NewPageAsync();
        await page.GotoAsync(path);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Que puis-je solliciter ?");
        if (await page.Locator("#pourquoi-pas summary").CountAsync() > 0)
        {
            await page.Locator("#pourquoi-pas summary").ClickAsync();
        }

        var results = await page.RunAxe();
        var serious = results.Violations.Where(v => v.Impact is "serious" or "critical").ToArray();
        Assert.True(serious.Length == 0, string.Join("\n", serious.Select(v => $"{v.Id}: {v.Help} ({string.Join(", ", v.Nodes.Select(n => n.Target))})")));
    }

    private async Task<JsonElement> MazeAsync(string query)
    {
        using var response = await platform.Funding.Http.GetAsync(new Uri($"/api/funding/maze?{query}", UriKind.Relative));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{query}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static string[] Names(JsonElement list) => list.EnumerateArray().Select(i => i.GetProperty("name").GetString()!).ToArray();

    /// <summary>
    /// Once per platform: the relays of Ribérac's four levels (plus one for SCOP only and one withdrawn), a funder with
    /// its contact, and four programmes of which only one fits an association of Ribérac on 7 December 2026.
    /// </summary>
    private async Task<Seeded> SeedAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (seeded is not null)
            {
                return seeded;
            }

            var actors = platform.Actors.Http;
            var funding = platform.Funding.Http;
            var funder = await ActorAsync(new { name = FunderName, kinds = new[] { "foundation" }, headOfficeCommuneCode = "24322", website = FunderWebsite, mailbox = FunderMailbox });
            var incubator = await RelayAsync("Incubateur départemental de Dordogne", "incubator", "24322", ["departement:24"], ["incubation", "funding-advice"], ["association", "scic"], "incubation@dordogne.example.org");
            await RelayAsync("Tiers-lieu de la Double", "tiers-lieu-operator", "24352", ["commune:24352"], ["premises", "equipment"], ["association"], "bonjour@la-double.example.org");
            await RelayAsync("Service ESS du Périgord Ribéracois", "local-authority", "24352", ["epci:200040400"], ["funding-advice", "project-support"], ["association", "scic"], "accompagnement@perigord-ribieracois.example.org");
            await RelayAsync("France Active Nouvelle-Aquitaine", "foundation", "33063", ["region:75"], ["funding-advice"], ["association", "scic"], "contact@france-active-na.example.org");
            await RelayAsync("Coopérer en Périgord", "network-head", "24322", ["departement:24"], ["legal-advice"], ["scop"], "contact@cooperer.example.org");
            var leaving = await RelayAsync("Relais de passage", "network-head", "24352", ["commune:24352"], ["networking"], ["association"], "contact@passage.example.org");
            using (var current = await actors.GetAsync(new Uri($"/api/actors/{leaving}/relay-offer", UriKind.Relative)))
            {
                using var withdrawal = new HttpRequestMessage(HttpMethod.Post, $"/api/actors/{leaving}/relay-offer/withdrawal") { Content = JsonContent.Create(new { reason = "fin de l'action" }) };
                withdrawal.Headers.IfMatch.Add(current.Headers.ETag!);
                using var withdrawn = await actors.SendAsync(withdrawal);
                Assert.True(withdrawn.IsSuccessStatusCode, $"{(int)withdrawn.StatusCode} {await withdrawn.Content.ReadAsStringAsync()}");
            }

            await FundingKnowsAsync(funder, incubator);
            await DeclareFunderAsync(funder);
            var departement = platform.Demo.Departement;
            await ProgrammeAsync(new
            {
                name = RuralPlaces, funders = new[] { funder }, instructingBodies = new[] { incubator }, themes = new[] { "tiers-lieux" },
                beneficiaryKinds = Array.Empty<string>(), aidTypes = new[] { "grant" }, eligibleTerritories = new[] { "departement:24" },
                opensOn = "2025-01-01", closesOn = "2027-03-31", callForProjects = true, budgetEnvelope = 150_000m,
            });
            await ProgrammeAsync(new
            {
                name = Cooperatives, funders = new[] { departement }, instructingBodies = new[] { departement }, themes = new[] { "coopération" },
                beneficiaryKinds = new[] { "scop", "scic" }, aidTypes = new[] { "loan" }, eligibleTerritories = new[] { "departement:24" }, opensOn = "2025-01-01",
            });
            await ProgrammeAsync(new
            {
                name = Rhone, funders = new[] { funder }, instructingBodies = new[] { funder }, themes = new[] { "solidarité" },
                beneficiaryKinds = new[] { "association" }, aidTypes = new[] { "grant" }, eligibleTerritories = new[] { "departement:69" }, opensOn = "2025-01-01",
            });
            await ProgrammeAsync(new
            {
                name = Seed2026, funders = new[] { funder }, instructingBodies = new[] { incubator }, themes = new[] { "amorçage" },
                beneficiaryKinds = new[] { "association" }, aidTypes = new[] { "grant" }, eligibleTerritories = new[] { "departement:24" },
                opensOn = "2026-01-01", closesOn = "2026-06-30",
            });

            // Funding learns relay offers from Actors' contracts, over the bus.
            await Eventually.TrueAsync(async () =>
            {
                using var response = await funding.GetAsync(new Uri($"/api/funding/maze?kinds=association&commune=24352&on={Day}", UriKind.Relative));
                var maze = await response.Content.ReadFromJsonAsync<JsonElement>();
                return response.IsSuccessStatusCode && maze.GetProperty("relays").GetArrayLength() == Relays.Length;
            }, "Funding's maze to know the seeded relays");
            return seeded = new Seeded(funder, incubator);
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>In Mont-de-Marsan (Landes): a programme and a relay whose names are markup.</summary>
    private async Task SeedHostileAsync()
    {
        await SeedAsync();
        var funder = await ActorAsync(new { name = "Fondation landaise", kinds = new[] { "foundation" }, headOfficeCommuneCode = "40192" });
        var relay = await RelayAsync(HostileRelay, "network-head", "40192", ["commune:40192"], ["networking"], ["association"], "contact@landes-relais.example.org");
        await FundingKnowsAsync(funder, relay);
        await DeclareFunderAsync(funder);
        await ProgrammeAsync(new
        {
            name = HostileProgramme, funders = new[] { funder }, instructingBodies = new[] { funder }, themes = new[] { "solidarité" },
            beneficiaryKinds = new[] { "association" }, aidTypes = new[] { "grant" }, eligibleTerritories = new[] { "commune:40192" }, opensOn = "2025-01-01",
        });
        await Eventually.TrueAsync(async () =>
        {
            var maze = await MazeAsync($"kinds=association&commune=40192&on={Day}");
            return Names(maze.GetProperty("relays")).Contains(HostileRelay) && maze.GetProperty("programmes").GetArrayLength() == 1;
        }, "Funding's maze to know the Landes relay");
    }

    private async Task<Guid> ActorAsync(object body)
    {
        using var response = await platform.Actors.Http.PostAsJsonAsync("/api/actors", body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private async Task<Guid> RelayAsync(string name, string kind, string headOffice, string[] territories, string[] supports, string[] forKinds, string mailbox)
    {
        var id = await ActorAsync(new { name, kinds = new[] { kind }, headOfficeCommuneCode = headOffice });
        using var declared = await platform.Actors.Http.PostAsJsonAsync($"/api/actors/{id}/relay-offer", new { supports, forKinds, territories, mailbox });
        Assert.True(declared.StatusCode == HttpStatusCode.Created, $"{(int)declared.StatusCode} {await declared.Content.ReadAsStringAsync()}");
        return id;
    }

    private async Task FundingKnowsAsync(params Guid[] ids)
    {
        foreach (var id in ids)
        {
            await Eventually.TrueAsync(async () =>
            {
                using var response = await platform.Funding.Http.GetAsync(new Uri($"/api/funding/actors/{id}", UriKind.Relative));
                return response.IsSuccessStatusCode;
            }, "the actors to reach Funding's directory");
        }
    }

    private async Task DeclareFunderAsync(Guid funder)
    {
        using var declared = await platform.Funding.Http.PostAsJsonAsync("/api/funding/funders", new { actorId = funder, funderType = "foundation" });
        Assert.True(declared.IsSuccessStatusCode, await declared.Content.ReadAsStringAsync());
    }

    private async Task ProgrammeAsync(object body)
    {
        using var response = await platform.Funding.Http.PostAsJsonAsync("/api/funding/programmes", body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
