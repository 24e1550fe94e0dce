using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SocialTech.Actors.Contracts;
using SocialTech.Funding.Contracts;
using SocialTech.IncubatorNetworks.Contracts;
using SocialTech.Testing;

namespace SocialTech.Labelling.Tests.Eligibility;

/// <summary>
/// Eligibility as the API shows it, from facts that reach Labelling the way they do in production: the Actors,
/// Funding and IncubatorNetworks contracts, published on the test class's RabbitMQ virtual host, consumed into
/// Labelling's own copies in its PostgreSQL database.
/// </summary>
public sealed class EligibilityApiTests(LabellingService labelling) : IClassFixture<LabellingService>
{
    private const string Applications = "/api/labelling/applications";

    [Fact]
    public async Task Eligibility_ChangesAsFactsArriveFromTheOtherServicesOnTheBus()
    {
        var scheme = await PublishTerritorySchemeAsync();
        var campaign = await labelling.PlanCampaignAsync(scheme);
        var carrier = Guid.CreateVersion7();
        // The Grand Périgueux (EPCI) applies; Périgueux is one of its communes, Bordeaux is not.
        var (application, _, _) = await labelling.CreateAsync(Applications, new
        {
            schemeId = scheme, campaignId = campaign, holder = new { territory = "epci:200040392", collective = new[] { carrier } },
        });
        var before = await EligibilityAsync(application);

        var ess = await RegisterAsync(carrier, "Pôle territorial de coopération", "24322", ess: true, "association");
        var scic = await RegisterAsync(Guid.CreateVersion7(), "SCIC Bois du Périgord", "24322", ess: true, "scic");
        await RegisterAsync(Guid.CreateVersion7(), "Association bordelaise", "33063", ess: true, "association");
        var incubator = await RegisterAsync(Guid.CreateVersion7(), "Incubateur Périgord", "24322", ess: false, "incubator");
        var place = Guid.CreateVersion7();
        await labelling.PublishAsync(new PlaceOpened(place, 1, "La Fabrique", ["fablab"], new CommuneReference("24322", 2025), incubator, null, new DateOnly(2022, 4, 1)));
        var network = Guid.CreateVersion7();
        var venture = Guid.CreateVersion7();
        await labelling.PublishAsync(new VentureAdmitted(network, venture, 1, "V-1", "Conserverie solidaire", "incubation", null, "emergence", "24322", new DateOnly(2025, 9, 1)));
        var grant = Guid.CreateVersion7();
        await labelling.PublishAsync(new GrantAwarded(grant, 1, [new GrantFunder(Guid.CreateVersion7(), "region", 60000m)], carrier, ["association"],
            new CommuneReference("24322", 2025), null, null, "Animation du pôle", 60000m, new DateOnly(2025, 5, 1), new DateOnly(2025, 6, 1),
            new DateOnly(2026, 5, 31), [2025, 2026], [new CommuneReference("24322", 2025)], DateTimeOffset.UtcNow));

        var known = await EligibilityWhenAsync(application, e => Value(e, "C4") == 60000m
            && Value(e, "C1") == 2 && Value(e, "C2") == 1 && Value(e, "C3") == 1 && Value(e, "C5") == 1);

        await labelling.PublishAsync(new GrantAmended(grant, 2, carrier, [new GrantFunder(Guid.CreateVersion7(), "region", 40000m)], 40000m, 60000m,
            "Sous-réalisation", new DateOnly(2026, 1, 10)));
        var afterAmendment = await EligibilityWhenAsync(application, e => Value(e, "C4") == 40000m);
        await labelling.PublishAsync(new ActorCeased(scic, 2, new DateOnly(2026, 2, 1), "Dissolution"));
        var afterCessation = await EligibilityWhenAsync(application, e => Value(e, "C1") == 1);

        Assert.Equal(("epci:200040392", "CA Le Grand Périgueux"), (before.GetProperty("territory").GetString(), before.GetProperty("territoryName").GetString()));
        Assert.Equal(["not-met", "not-met", "not-met", "unknown", "not-met", "unknown"], Outcomes(before));
        Assert.Equal(0m, Value(before, "C1"));

        Assert.Equal(["met", "met", "met", "not-met", "met", "unknown"], Outcomes(known));
        Assert.Equal("not-met", known.GetProperty("outcome").GetString());
        Assert.Equal([(ess, "Pôle territorial de coopération"), (scic, "SCIC Bois du Périgord")], Counted(known, "C1"));
        Assert.Equal([(incubator, "Incubateur Périgord")], Counted(known, "C2"));
        Assert.Equal([(place, "La Fabrique")], Counted(known, "C3"));
        Assert.Equal([(grant, "Animation du pôle")], Counted(known, "C4"));
        Assert.Equal(60000m, Value(known, "C4"));
        Assert.Equal([(venture, "Conserverie solidaire")], Counted(known, "C5"));

        Assert.Equal("met", Criterion(afterAmendment, "C4").GetProperty("outcome").GetString());
        Assert.Equal("met", afterAmendment.GetProperty("outcome").GetString());
        Assert.Equal("not-met", Criterion(afterCessation, "C1").GetProperty("outcome").GetString());
        Assert.Equal([(ess, "Pôle territorial de coopération")], Counted(afterCessation, "C1"));
    }

    [Fact]
    public async Task Eligibility_OfAnOrganisation_ReadsItsHeadOfficeFromTheDirectory_AndOfAnUnknownApplication_IsNotFound()
    {
        var scheme = (await labelling.CreateAsync("/api/labelling/schemes", new
        {
            name = "Charte ouverte", ownerId = Guid.CreateVersion7(), labels = "organisation", mode = "open-brand", charter = "Nous nous engageons.",
            criteria = new object[] { new { code = "T1", wording = "Un tiers-lieu dans la commune", fact = new { name = "tiers-lieux", atLeast = 1 } } },
            validity = new { years = 2 },
        })).Id;
        var organisation = Guid.CreateVersion7();
        var (application, _, _) = await labelling.CreateAsync(Applications, new { schemeId = scheme, holder = new { id = organisation } });
        var unknownHolder = await EligibilityAsync(application);

        await RegisterAsync(organisation, "Recyclerie de Ribérac", "24352", ess: true, "association");
        await labelling.PublishAsync(new PlaceOpened(Guid.CreateVersion7(), 1, "Le Quai", ["coworking"], new CommuneReference("24352", 2025), organisation, null, new DateOnly(2021, 1, 1)));
        var known = await EligibilityWhenAsync(application, e => Value(e, "T1") == 1);
        using var missing = await labelling.Client.GetAsync($"{Applications}/{Guid.CreateVersion7()}/eligibility");

        Assert.Equal("unknown", Criterion(unknownHolder, "T1").GetProperty("outcome").GetString());
        Assert.Contains("n'est pas (encore) dans l'annuaire des acteurs de Labelling", Criterion(unknownHolder, "T1").GetProperty("explanation").GetString(), StringComparison.Ordinal);
        Assert.Equal(("commune:24352", "met"), (known.GetProperty("territory").GetString(), known.GetProperty("outcome").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Scheme_WithAFactLabellingDoesNotKeep_IsRefusedNamingTheField()
    {
        using var response = await labelling.Client.PostAsJsonAsync("/api/labelling/schemes", new
        {
            name = "Fait inconnu", ownerId = Guid.CreateVersion7(), labels = "territorial-collective", mode = "obtention",
            criteria = new object[] { new { code = "C1", wording = "Des licornes", fact = new { name = "unicorns", atLeast = 1 } } },
            validity = new { years = 3 },
        });
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("active-ess-actors", problem.GetProperty("errors").GetProperty("criteria[0].fact.name")[0].GetString(), StringComparison.Ordinal);
    }

    private async Task<Guid> PublishTerritorySchemeAsync() =>
        (await labelling.CreateAsync("/api/labelling/schemes", new
        {
            name = $"Territoire d'innovation sociale {Guid.NewGuid():N}", ownerId = Guid.CreateVersion7(), labels = "territorial-collective", mode = "obtention",
            criteria = new object[]
            {
                new { code = "C1", wording = "Au moins deux acteurs de l'ESS actifs", fact = new { name = "active-ess-actors", atLeast = 2 } },
                new { code = "C2", wording = "Un incubateur", fact = new { name = "incubators", atLeast = 1 } },
                new { code = "C3", wording = "Un tiers-lieu", fact = new { name = "tiers-lieux", atLeast = 1 } },
                new { code = "C4", wording = "Pas plus de 50 000 € d'argent public l'an dernier", fact = new { name = "public-funding-last-year", atMost = 50000 } },
                new { code = "C5", wording = "Des projets accompagnés par un réseau d'incubateurs", fact = new { name = "supported-ventures", atLeast = 1 } },
                new { code = "C6", wording = "Un projet de territoire", evidence = "délibération" },
            },
            validity = new { years = 3 },
        })).Id;

    private async Task<Guid> RegisterAsync(Guid id, string name, string commune, bool ess, string kind)
    {
        await labelling.PublishAsync(new ActorRegistered(id, 1,
            new ActorProfile(name, [kind], new ActorIdentifiers(null, null, null), null, ess, null, new CommuneReference(commune, 2025), [], null, null, "active"),
            DateTimeOffset.UtcNow));
        return id;
    }

    private async Task<JsonElement> EligibilityAsync(Guid application) =>
        await labelling.Client.GetFromJsonAsync<JsonElement>($"{Applications}/{application}/eligibility");

    private async Task<JsonElement> EligibilityWhenAsync(Guid application, Func<JsonElement, bool> ready) =>
        (await Eventually.GetAsync<JsonElement?>(async () => await EligibilityAsync(application) is var e && ready(e) ? e : null,
            $"the eligibility of {application} to reflect the published facts")) ?? default;

    private static JsonElement Criterion(JsonElement eligibility, string code) =>
        eligibility.GetProperty("criteria").EnumerateArray().Single(c => c.GetProperty("code").GetString() == code);

    private static decimal? Value(JsonElement eligibility, string code) =>
        Criterion(eligibility, code).GetProperty("value") is { ValueKind: JsonValueKind.Number } v ? v.GetDecimal() : null;

    private static string[] Outcomes(JsonElement eligibility) =>
        [.. eligibility.GetProperty("criteria").EnumerateArray().Select(c => c.GetProperty("outcome").GetString() ?? "")];

    private static (Guid, string?)[] Counted(JsonElement eligibility, string code) =>
        [.. Criterion(eligibility, code).GetProperty("counted").EnumerateArray().Select(c => (c.GetProperty("id").GetGuid(), c.GetProperty("name").GetString()))];
}
