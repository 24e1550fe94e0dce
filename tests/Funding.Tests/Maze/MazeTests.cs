using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SocialTech.Actors.Contracts;
using SocialTech.Testing;

namespace SocialTech.Funding.Tests.Maze;

/// <summary>
/// The maze against <see cref="MazeWorld"/>, every expected list worked out by hand from the fixture (see its
/// comments), on 7 December 2026 unless said otherwise.
/// </summary>
public sealed class MazeTests(MazeWorld world) : IClassFixture<MazeWorld>
{
    private async Task<JsonElement> AnswerAsync(string query)
    {
        using var response = await world.AskAsync(query);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{query}: {(int)response.StatusCode} {json}");
        return json;
    }

    private static string[] Programmes(JsonElement answer) =>
        answer.GetProperty("programmes").EnumerateArray().Select(p => p.GetProperty("name").GetString()!).ToArray();

    private static string[] Relays(JsonElement answer) =>
        answer.GetProperty("relays").EnumerateArray()
            .Select(r => $"{r.GetProperty("name").GetString()} @{r.GetProperty("coveredAt").GetProperty("level").GetString()}/{r.GetProperty("coveredAt").GetProperty("through").GetString()}")
            .ToArray();

    private static int[] Index(JsonElement answer)
    {
        var index = answer.GetProperty("index");
        return [index.GetProperty("programmes").GetInt32(), index.GetProperty("funders").GetInt32(), index.GetProperty("instructingBodies").GetInt32(),
            index.GetProperty("relays").GetInt32()];
    }

    private static async Task<string[]> ErrorFieldsAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        return problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal).ToArray();
    }

    [Fact]
    public async Task AnAssociationInRiberac_GetsTheProgrammesOpenToIt_SoonestDeadlineFirst_IncludingOneClosingToday()
    {
        var answer = await AnswerAsync("kinds=association&commune=24352&on=2026-12-07");

        // Fonds ESS Dordogne closes today (included); Ruralité 2026 closed yesterday; Coopératives… is for SCOP/SCIC;
        // Lyon solidaire and the Lyon cooperatives are in the Rhône, Quartiers de Périgueux in Périgueux only;
        // Programme 2027 opens next year; Ribéracois solidaire was retired. Fonds national names no kind: open to all.
        Assert.Equal(["Fonds ESS Dordogne", "Fonds national tiers-lieux"], Programmes(answer));
        Assert.Equal("2026-12-07", answer.GetProperty("on").GetString());
        var fonds = answer.GetProperty("programmes")[0];
        Assert.Equal("2026-12-07", fonds.GetProperty("closesOn").GetString());
        Assert.Equal(150000m, fonds.GetProperty("budgetEnvelope").GetDecimal());
        Assert.Equal($"/api/funding/programmes/{world.Ids["Fonds ESS Dordogne"]}", fonds.GetProperty("link").GetString());
        Assert.Equal(["departement:24"], fonds.GetProperty("eligibleThrough").EnumerateArray().Select(k => k.GetString()));
        var funder = fonds.GetProperty("funders").EnumerateArray().Single();
        Assert.Equal("Département de la Dordogne", funder.GetProperty("name").GetString());
        Assert.Equal("ess@dordogne.fr", funder.GetProperty("mailbox").GetString());
        Assert.Equal("https://www.dordogne.fr/", funder.GetProperty("website").GetString());
        var instructing = fonds.GetProperty("instructingBodies").EnumerateArray().Single();
        Assert.Equal("Maison de l'ESS de Dordogne", instructing.GetProperty("name").GetString());
        Assert.Equal("contact@maison-ess24.fr", instructing.GetProperty("mailbox").GetString());

        // Nearest first: the commune's tiers-lieu, the EPCI's (the Allemans workshop through its place, the EPCI's
        // service), the département's (not the withdrawn incubator), the région's for associations (France Active is
        // for SCIC and SCOP only). The Rhône's network and the Fablab (whose places do not count) are not Ribérac's.
        Assert.Equal(
            [
                "Tiers-lieu de Ribérac @commune/offer",
                "Atelier partagé d'Allemans @epci/place",
                "Service ESS du Périgord Ribéracois @epci/offer",
                "Pôle ESS Dordogne @departement/offer",
                "Cap ESS Nouvelle-Aquitaine @region/offer",
            ],
            Relays(answer));
        var first = answer.GetProperty("relays")[0];
        Assert.Equal(["premises"], first.GetProperty("supports").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal("contact@tiers-lieu-de-ribérac.example.org", first.GetProperty("mailbox").GetString());
        Assert.Equal("La Grange d'Allemans", answer.GetProperty("relays")[1].GetProperty("coveredAt").GetProperty("placeName").GetString());

        // 2 programmes; funders: Dordogne, Fondation de France; instructing bodies: Maison de l'ESS, Fondation de France; 5 relays.
        Assert.Equal([2, 2, 2, 5], Index(answer));
        Assert.Equal(JsonValueKind.Null, answer.GetProperty("excluded").ValueKind);
        Assert.Empty(answer.GetProperty("truncated").EnumerateArray());
    }

    [Fact]
    public async Task APlaceIsARelayPoint_OnlyFromTheDayItOpened()
    {
        // La Grange d'Allemans opened on 2022-05-01 (MazeWorld): the day before, the Allemans workshop reaches Ribérac
        // through nothing (its offer names Périgueux only); the other four relays of Ribérac's list stay as they are.
        var before = await AnswerAsync("kinds=association&commune=24352&on=2022-04-30");
        var opening = await AnswerAsync("kinds=association&commune=24352&on=2022-05-01");

        Assert.Equal(
            [
                "Tiers-lieu de Ribérac @commune/offer",
                "Service ESS du Périgord Ribéracois @epci/offer",
                "Pôle ESS Dordogne @departement/offer",
                "Cap ESS Nouvelle-Aquitaine @region/offer",
            ],
            Relays(before));
        Assert.Equal(4, before.GetProperty("index").GetProperty("relays").GetInt32());
        Assert.Equal(
            [
                "Tiers-lieu de Ribérac @commune/offer",
                "Atelier partagé d'Allemans @epci/place",
                "Service ESS du Périgord Ribéracois @epci/offer",
                "Pôle ESS Dordogne @departement/offer",
                "Cap ESS Nouvelle-Aquitaine @region/offer",
            ],
            Relays(opening));
    }

    [Fact]
    public async Task Explain_ListsEveryProgrammeNotRetained_WithEveryCriterionThatExcludedIt()
    {
        var answer = await AnswerAsync("kinds=association&commune=24352&on=2026-12-07&explain=true");

        Assert.Equal(["Fonds ESS Dordogne", "Fonds national tiers-lieux"], Programmes(answer));
        var excluded = answer.GetProperty("excluded").EnumerateArray()
            .ToDictionary(e => e.GetProperty("name").GetString()!, e => e.GetProperty("reasons").EnumerateArray().Select(r => r.GetProperty("code").GetString()!).ToArray());
        Assert.Equal(
            new Dictionary<string, string[]>
            {
                ["Coopératives en Nouvelle-Aquitaine"] = ["kinds"],
                ["Coopératives lyonnaises 2026"] = ["perimeter", "kinds", "closed"],
                ["Lyon solidaire"] = ["perimeter"],
                ["Programme 2027"] = ["window-not-yet-open"],
                ["Quartiers de Périgueux"] = ["perimeter"],
                ["Ribéracois solidaire"] = ["retired"],
                ["Ruralité 2026"] = ["closed"],
            },
            excluded);
        // By name, in French order.
        Assert.Equal(
            ["Coopératives en Nouvelle-Aquitaine", "Coopératives lyonnaises 2026", "Lyon solidaire", "Programme 2027", "Quartiers de Périgueux", "Ribéracois solidaire", "Ruralité 2026"],
            answer.GetProperty("excluded").EnumerateArray().Select(e => e.GetProperty("name").GetString()));

        string Reason(string programme, string code) => answer.GetProperty("excluded").EnumerateArray()
            .Single(e => e.GetProperty("name").GetString() == programme).GetProperty("reasons").EnumerateArray()
            .Single(r => r.GetProperty("code").GetString() == code).GetProperty("reason").GetString()!;
        Assert.Equal("Dernier jour de dépôt le 6 décembre 2026, avant le 7 décembre 2026.", Reason("Ruralité 2026", "closed"));
        Assert.Equal("Réservé aux bénéficiaires suivants : SCOP, SCIC ; le profil demandé : association.", Reason("Coopératives en Nouvelle-Aquitaine", "kinds"));
        Assert.Equal("Ribérac (commune 24352) n'est dans aucun de ses territoires éligibles : Rhône (département 69).", Reason("Lyon solidaire", "perimeter"));
        Assert.Equal("N'ouvre que le 1er janvier 2027, après le 7 décembre 2026.", Reason("Programme 2027", "window-not-yet-open"));
        Assert.Equal("Retiré par son financeur le 30 juin 2026 : Enveloppe épuisée.", Reason("Ribéracois solidaire", "retired"));
    }

    [Fact]
    public async Task AnActorActingInTwoDepartements_GetsTheProgrammesOfBoth_AndTheRelaysOfEachOfItsPlaces()
    {
        var answer = await AnswerAsync($"actor={world.Ids["Recyclerie du Ribéracois"]}&on=2026-12-07&explain=true");

        Assert.Equal("Recyclerie du Ribéracois", answer.GetProperty("question").GetProperty("actorName").GetString());
        Assert.Equal(["commune:24352", "commune:24322", "commune:69123"],
            answer.GetProperty("question").GetProperty("territories").EnumerateArray().Select(t => t.GetProperty("key").GetString()));
        // Dordogne (head office and Périgueux), Périgueux itself, the Rhône (Lyon), and the national fund.
        Assert.Equal(["Fonds ESS Dordogne", "Fonds national tiers-lieux", "Lyon solidaire", "Quartiers de Périgueux"], Programmes(answer));
        // The Lyon cooperatives' perimeter now fits: only its kinds and its closing remain.
        Assert.Equal(["kinds", "closed"], answer.GetProperty("excluded").EnumerateArray()
            .Single(e => e.GetProperty("name").GetString() == "Coopératives lyonnaises 2026").GetProperty("reasons").EnumerateArray()
            .Select(r => r.GetProperty("code").GetString()));

        // Périgueux brings the two tiers-lieu operators at commune level (their offers name it: the Allemans workshop's
        // nearest reach is now its offer, not its place); Lyon brings the Rhône's network.
        Assert.Equal(
            [
                "Atelier partagé d'Allemans @commune/offer",
                "Fablab discret @commune/offer",
                "Tiers-lieu de Ribérac @commune/offer",
                "Service ESS du Périgord Ribéracois @epci/offer",
                "Pôle ESS Dordogne @departement/offer",
                "Réseau rhodanien @departement/offer",
                "Cap ESS Nouvelle-Aquitaine @region/offer",
            ],
            Relays(answer));
        // Funders: Dordogne, Fondation de France, Métropole de Lyon; instructing: Maison de l'ESS, Fondation de France,
        // Métropole de Lyon, Dordogne.
        Assert.Equal([4, 3, 4, 7], Index(answer));
    }

    [Fact]
    public async Task AScicProfile_GetsTheCooperativeProgramme_AndTheRelaysForScic()
    {
        var answer = await AnswerAsync("kinds=scic&commune=24352&on=2026-12-07");

        Assert.Equal(["Fonds ESS Dordogne", "Coopératives en Nouvelle-Aquitaine", "Fonds national tiers-lieux"], Programmes(answer));
        Assert.Equal(["Service ESS du Périgord Ribéracois @epci/offer", "France Active Nouvelle-Aquitaine @region/offer"], Relays(answer));
    }

    [Fact]
    public async Task WithoutADay_TheMazeIsAskedForToday()
    {
        var today = await AnswerAsync("kinds=association&commune=24352");
        var explicitly = await AnswerAsync("kinds=association&commune=24352&on=2026-12-07");

        Assert.Equal("2026-12-07", today.GetProperty("on").GetString());
        Assert.Equal(Programmes(explicitly), Programmes(today));
        // A year earlier only the national fund was open (the Dordogne's opens in 2026).
        Assert.Equal(["Fonds national tiers-lieux"], Programmes(await AnswerAsync("kinds=association&commune=24352&on=2025-12-07")));
    }

    [Fact]
    public async Task AnArrondissement_StandsForItsCommune_AndSeveralKindsMayBeAsked()
    {
        var lyon = await AnswerAsync("kinds=association,scop&commune=69381&on=2026-03-01");

        Assert.Equal("commune:69123", lyon.GetProperty("question").GetProperty("territories")[0].GetProperty("key").GetString());
        Assert.Equal(["Coopératives lyonnaises 2026", "Fonds national tiers-lieux", "Lyon solidaire"], Programmes(lyon));
        Assert.Equal(["Réseau rhodanien @departement/offer"], Relays(lyon));
        Assert.Equal(Programmes(lyon), Programmes(await AnswerAsync("kinds=association&kinds=scop&commune=69123&on=2026-03-01")));
    }

    [Fact]
    public async Task AProgrammeClosingToday_IsGoneTomorrow_SayingItClosed()
    {
        // Fonds ESS Dordogne closes on 7 December 2026: listed that day (first test), not on the 8th.
        var tomorrow = await AnswerAsync("kinds=association&commune=24352&on=2026-12-08&explain=true");

        Assert.Equal(["Fonds national tiers-lieux"], Programmes(tomorrow));
        var fonds = tomorrow.GetProperty("excluded").EnumerateArray().Single(e => e.GetProperty("name").GetString() == "Fonds ESS Dordogne");
        Assert.Equal(["closed"], fonds.GetProperty("reasons").EnumerateArray().Select(r => r.GetProperty("code").GetString()));
        Assert.Equal("Dernier jour de dépôt le 7 décembre 2026, avant le 8 décembre 2026.",
            fonds.GetProperty("reasons")[0].GetProperty("reason").GetString());
        // One programme (Fondation de France funds and instructs it); the relays do not depend on the day.
        Assert.Equal([1, 1, 1, 5], Index(tomorrow));
    }

    [Fact]
    public async Task AFormerCommune_MergedIntoACommuneNouvelle_IsAnsweredForItsCommune_SayingSo()
    {
        // COG 2025: Atur (24013) is a commune déléguée of Boulazac Isle Manoire (24053), in the CA Le Grand Périgueux
        // (200040392), the Dordogne and Nouvelle-Aquitaine.
        var atur = await AnswerAsync("kinds=association&commune=24013&on=2026-12-07");

        var asked = atur.GetProperty("question").GetProperty("territories").EnumerateArray().Single();
        Assert.Equal("commune:24053", asked.GetProperty("key").GetString());
        Assert.Equal("Boulazac Isle Manoire", asked.GetProperty("name").GetString());
        var former = asked.GetProperty("formerCode");
        Assert.Equal("24013", former.GetProperty("code").GetString());
        Assert.Equal("Atur", former.GetProperty("name").GetString());
        Assert.Equal("commune-deleguee", former.GetProperty("kind").GetString());
        Assert.Equal("Atur (24013) n'est plus une commune : elle est commune déléguée de Boulazac Isle Manoire (24053). La réponse vaut pour Boulazac Isle Manoire.",
            former.GetProperty("note").GetString());
        // The Dordogne's fund (closing today) and the national one; Quartiers de Périgueux is Périgueux's alone. Relays:
        // none of Ribérac's commune or EPCI, nor Périgueux's (Allemans' place is in the Ribéracois), so the
        // département's and the région's for associations.
        Assert.Equal(["Fonds ESS Dordogne", "Fonds national tiers-lieux"], Programmes(atur));
        Assert.Equal(["Pôle ESS Dordogne @departement/offer", "Cap ESS Nouvelle-Aquitaine @region/offer"], Relays(atur));

        // A current commune's own code carries no former code, even where a commune déléguée shares it (Brantôme, 24064).
        var brantome = await AnswerAsync("kinds=association&commune=24064&on=2026-12-07");
        Assert.Equal(JsonValueKind.Null, brantome.GetProperty("question").GetProperty("territories")[0].GetProperty("formerCode").ValueKind);
    }

    [Fact]
    public async Task ARelayThatWithdrew_IsNotListed_UntilItDeclaresAgain()
    {
        // In Isère, where no other relay of the world reaches: Grenoble (38185) is covered by this one alone.
        const string Name = "Relais isérois";
        await world.ActorAsync(Name, ["network-head"], "38185");
        var actor = world.Ids[Name];
        var offer = Guid.CreateVersion7();
        TerritoryReference[] isere = [new("departement", "38", 2025)];
        async Task<string[]> GrenobleRelaysAsync() => Relays(await AnswerAsync("kinds=association&commune=38185&on=2026-12-07"));

        await world.PublishAsync(new RelayOfferDeclared(actor, offer, 1, ["funding-advice"], ["association"], isere, "v1@relais-isere.example.org", false,
            DateTimeOffset.UtcNow));
        await Eventually.TrueAsync(async () => (await GrenobleRelaysAsync()).Length == 1, "the declared relay");
        Assert.Equal(["Relais isérois @departement/offer"], await GrenobleRelaysAsync());

        await world.PublishAsync(new RelayOfferWithdrawn(actor, offer, 2, "Fin du dispositif", DateTimeOffset.UtcNow));
        await Eventually.TrueAsync(async () => (await GrenobleRelaysAsync()).Length == 0, "the withdrawal");

        // Declared again (Actors appends to the same offer's stream: version 3), with a new mailbox.
        await world.PublishAsync(new RelayOfferDeclared(actor, offer, 3, ["funding-advice"], ["association"], isere, "v3@relais-isere.example.org", false,
            DateTimeOffset.UtcNow));
        await Eventually.TrueAsync(async () => (await GrenobleRelaysAsync()).Length == 1, "the new declaration");
        var relay = (await AnswerAsync("kinds=association&commune=38185&on=2026-12-07")).GetProperty("relays").EnumerateArray().Single();
        Assert.Equal(Name, relay.GetProperty("name").GetString());
        Assert.Equal("v3@relais-isere.example.org", relay.GetProperty("mailbox").GetString());
    }

    [Theory]
    [InlineData("", new[] { "actor", "commune", "kinds" })]
    [InlineData("on=2026-12-07", new[] { "actor", "commune", "kinds" })]
    [InlineData("actor=0190a1b2-0000-7000-8000-000000000001&kinds=association&commune=24352", new[] { "actor", "commune", "kinds" })]
    [InlineData("actor=0190a1b2-0000-7000-8000-000000000001&commune=24352", new[] { "actor", "commune" })]
    [InlineData("kinds=association", new[] { "commune" })]
    [InlineData("commune=24352", new[] { "kinds" })]
    [InlineData("kinds=association&commune=24352&territory=departement:24", new[] { "territory" })]
    [InlineData("kinds=robot&commune=24352", new[] { "kinds" })]
    [InlineData("kinds=association&commune=99999", new[] { "commune" })]
    [InlineData("kinds=association&commune=24352&on=2026-13-01", new[] { "on" })]
    [InlineData("kinds=association&commune=24352&explain=maybe", new[] { "explain" })]
    [InlineData("actor=not-a-guid", new[] { "actor" })]
    public async Task ABadQuestion_Is400NamingEachWrongParameter(string query, string[] fields)
    {
        using var response = await world.AskAsync(query);

        Assert.Equal(fields, await ErrorFieldsAsync(response));
    }

    [Fact]
    public async Task AnActorFundingDoesNotKnow_Is404()
    {
        using var response = await world.AskAsync($"actor={Guid.CreateVersion7()}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task TheOpenApiDocument_DeclaresTheMazesStatuses()
    {
        var document = await world.Client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var responses = document.GetProperty("paths").GetProperty("/api/funding/maze").GetProperty("get").GetProperty("responses");

        // 429 is every route's (the platform's rate limiter).
        Assert.Equal(["200", "400", "404", "429"], responses.EnumerateObject().Select(r => r.Name).Order(StringComparer.Ordinal));
    }
}
