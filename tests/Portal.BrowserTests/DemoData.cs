using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using SocialTech.Testing;

namespace SocialTech.Portal.BrowserTests;

/// <summary>A grant of the demo data, as the tests' oracle for what the portal must show.</summary>
public sealed record DemoGrant(Guid RecipientId, decimal Amount, DateOnly DecisionDate);

/// <summary>
/// A small ecosystem in Dordogne (département 24), loaded through the services' APIs only, so that everything the
/// portal shows went through the same routes, projections and bus as in production.
/// </summary>
public sealed class DemoData
{
    public const string Territory = "departement:24";
    public const string SchemeName = "Fabrique de territoire solidaire";
    public const string NetworkName = "Réseau des incubateurs du Périgord";
    public const string CohortName = "Promotion printemps 2026";
    public const string ProgrammeName = "Incubation rurale";
    public const string EventTitle = "Demo day du Périgord";
    public const string CallTitle = "Appel à projets ruraux 2026";
    public const string CohortVentureName = "Épicerie mobile";
    public const string TerritorialSchemeName = "Territoire solidaire du Périgord";
    public const string VentureName = "Ressourcerie mobile";

    /// <summary>A SIREN with a valid check digit, the Recyclerie's.</summary>
    public const string RecycleriesSiren = "732829320";

    /// <summary>CA Le Grand Périgueux, an EPCI of Dordogne holding a territorial label.</summary>
    public const string GrandPerigueux = "epci:200040392";

    public Guid Departement { get; private set; }

    public Guid Foundation { get; private set; }

    public Guid Recyclerie { get; private set; }

    public Guid Scic { get; private set; }

    public Guid Incubator { get; private set; }

    public Guid NetworkId { get; private set; }

    public Guid LabelId { get; private set; }

    /// <summary>CA Le Grand Périgueux's territorial label: the Dordogne sheet shows it (a territory inside Dordogne).</summary>
    public Guid TerritorialLabelId { get; private set; }

    public Guid SocialEnterprise { get; private set; }

    public DateOnly LabelValidFrom { get; private set; }

    public List<DemoGrant> Grants { get; } = [];

    public List<Guid> LargerRecipients { get; } = [];

    public static async Task<DemoData> LoadAsync(PortalPlatform platform)
    {
        var demo = new DemoData();
        await demo.LoadActorsAsync(platform);
        await demo.LoadFundingAsync(platform.Funding.Http);
        await demo.LoadLabelAsync(platform.Labelling.Http);
        await demo.LoadNetworkAsync(platform.Networks.Http);
        return demo;
    }

    private async Task LoadActorsAsync(PortalPlatform platform)
    {
        var actors = platform.Actors.Http;
        // Identified as the SCDL export needs (a funder's SIRET, an association's RNA): rows without them are left out of it.
        Departement = await CreateAsync(actors, "/api/actors", new { name = "Département de la Dordogne", kinds = new[] { "local-authority" }, headOfficeCommuneCode = "24322", siren = "222400012", siret = "22240001200001" });
        Foundation = await CreateAsync(actors, "/api/actors", new { name = "Fondation du réemploi", kinds = new[] { "foundation" }, headOfficeCommuneCode = "69123" });
        // With a SIREN: the venture the demo network incorporates under it becomes this actor (its page lists it).
        Recyclerie = await CreateAsync(actors, "/api/actors", new { name = "Recyclerie de Ribérac", kinds = new[] { "association" }, headOfficeCommuneCode = "24352", siren = RecycleriesSiren, rna = "W243000100" });
        Scic = await CreateAsync(actors, "/api/actors", new { name = "SCIC Périgueux Alimentation", kinds = new[] { "scic" }, headOfficeCommuneCode = "24322" });
        Incubator = await CreateAsync(actors, "/api/actors", new { name = "Incubateur du Périgord", kinds = new[] { "incubator", "network-head" }, headOfficeCommuneCode = "24322" });
        await CreateAsync(actors, "/api/places", new { name = "La Fabrique de Ribérac", typologies = new[] { "fablab" }, communeCode = "24352", operatorId = Recyclerie, openedOn = "2024-06-01" });
        // Codes with a hyphen (social-enterprise, shared-workshop, tiers-lieu-operator) that a page must show in French.
        SocialEnterprise = await CreateAsync(actors, "/api/actors", new { name = "Périgord Noir Mobilités", kinds = new[] { "social-enterprise", "tiers-lieu-operator" }, headOfficeCommuneCode = "24520" });
        await CreateAsync(actors, "/api/places", new { name = "Atelier partagé de Sarlat", typologies = new[] { "shared-workshop", "social-innovation-lab" }, communeCode = "24520", operatorId = SocialEnterprise, openedOn = "2023-09-01" });

        // Ten recipients funded more than the label holder: the holder's money before and after its label must not depend on
        // it being among a territory's largest recipients.
        for (var i = 1; i <= 10; i++)
        {
            LargerRecipients.Add(await CreateAsync(actors, "/api/actors", new { name = $"Association périgourdine n° {i}", kinds = new[] { "association" }, headOfficeCommuneCode = "24322", rna = $"W2430000{i:00}" }));
        }

        // Funding and IncubatorNetworks learn the actors from Actors' contracts, over the bus.
        foreach (var id in new[] { Departement, Foundation, Recyclerie, Scic, Incubator, SocialEnterprise }.Concat(LargerRecipients))
        {
            await Eventually.TrueAsync(async () => await ExistsAsync(platform.Funding.Http, $"/api/funding/actors/{id}")
                && await ExistsAsync(platform.Networks.Http, $"/api/networks/actors/{id}"), "the actors to reach Funding's and Networks' directories");
        }
    }

    private async Task LoadFundingAsync(HttpClient funding)
    {
        // Only a declared funder funds a programme or awards a grant.
        await DeclareFunderAsync(funding, new { actorId = Departement, funderType = "departement", territory = Territory });
        await DeclareFunderAsync(funding, new { actorId = Foundation, funderType = "foundation" });
        var programme = await CreateAsync(funding, "/api/funding/programmes", new
        {
            name = "Alimentation durable", funders = new[] { Departement }, instructingBodies = new[] { Departement }, themes = new[] { "alimentation" },
            beneficiaryKinds = new[] { "scic", "association" }, aidTypes = new[] { "grant" }, eligibleTerritories = new[] { Territory }, opensOn = "2024-01-01",
        });
        await AwardAsync(funding, [(Departement, "departement", 6000m), (Foundation, "foundation", 4000m)], Scic, programme, new(2025, 2, 1));
        await AwardAsync(funding, [(Departement, "departement", 1500m)], Recyclerie, null, new(2024, 3, 1));
        await AwardAsync(funding, [(Foundation, "foundation", 2500m)], Recyclerie, null, new(2025, 9, 1));
        await AwardAsync(funding, [(Departement, "departement", 3000m)], SocialEnterprise, null, new(2025, 6, 1));
        foreach (var (recipient, i) in LargerRecipients.Select((r, i) => (r, i)))
        {
            await AwardAsync(funding, [(Departement, "departement", 20_000m + (1_000m * i))], recipient, null, new(2025, 4, 1));
        }
    }

    public async Task<Guid> AwardAsync(HttpClient funding, (Guid Funder, string Type, decimal Amount)[] funders, Guid recipient, Guid? programme, DateOnly decision)
    {
        var id = await CreateAsync(funding, "/api/funding/grants", new
        {
            funders = funders.Select(f => new { funderId = f.Funder, amount = f.Amount, funderType = f.Type }),
            recipientId = recipient, programmeId = programme, purpose = "Projet de territoire", amount = funders.Sum(f => f.Amount),
            decisionDate = decision, plannedStart = $"{decision.Year}-01-01", plannedEnd = $"{decision.Year}-12-31", fiscalYears = new[] { decision.Year },
        });
        Grants.Add(new DemoGrant(recipient, funders.Sum(f => f.Amount), decision));
        return id;
    }

    private async Task LoadLabelAsync(HttpClient labelling)
    {
        var scheme = await CreateAsync(labelling, "/api/labelling/schemes", new
        {
            name = SchemeName, ownerId = Departement, labels = "organisation", mode = "open-brand", charter = "Nous nous engageons à…",
            criteria = new object[] { new { code = "C1", wording = "Ouvert à tous les habitants", evidence = "charte signée" } },
            validity = new { years = 3 },
        });
        using var drafted = await labelling.PostAsJsonAsync("/api/labelling/applications", new
        {
            schemeId = scheme, holder = new { id = Recyclerie },
            evidence = new[] { new { criterionCode = "C1", reference = "Nous déclarons remplir ce critère." } },
        });
        await EnsureAsync(drafted, HttpStatusCode.Created);
        var application = (await drafted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        using var signed = await SendAsync(labelling, $"/api/labelling/applications/{application}/charter-signature",
            new { signatory = "la présidente", signedOn = DateOnly.FromDateTime(DateTime.UtcNow), declaresCriteriaMet = true }, drafted.Headers.ETag!);
        await EnsureAsync(signed, HttpStatusCode.OK);
        var register = await labelling.GetFromJsonAsync<JsonElement>($"/api/labelling/register?holder={Recyclerie}");
        var label = register.GetProperty("items")[0];
        LabelId = label.GetProperty("id").GetGuid();
        LabelValidFrom = DateOnly.Parse(label.GetProperty("validFrom").GetString()!, System.Globalization.CultureInfo.InvariantCulture);

        // A territorial label of an EPCI inside Dordogne, by charter (an open brand for territorial collectives).
        var territorial = await CreateAsync(labelling, "/api/labelling/schemes", new
        {
            name = TerritorialSchemeName, ownerId = Departement, labels = "territorial-collective", mode = "open-brand", charter = "Nous nous engageons à…",
            criteria = new object[] { new { code = "T1", wording = "Un collectif d'acteurs du territoire", evidence = "charte signée" } },
            validity = new { years = 3 },
        });
        using var collective = await labelling.PostAsJsonAsync("/api/labelling/applications", new
        {
            schemeId = territorial, holder = new { territory = GrandPerigueux, collective = new[] { Scic, Incubator } },
            evidence = new[] { new { criterionCode = "T1", reference = "Nous déclarons remplir ce critère." } },
        });
        await EnsureAsync(collective, HttpStatusCode.Created);
        var collectiveApplication = (await collective.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        using var charter = await SendAsync(labelling, $"/api/labelling/applications/{collectiveApplication}/charter-signature",
            new { signatory = "le président", signedOn = DateOnly.FromDateTime(DateTime.UtcNow), declaresCriteriaMet = true }, collective.Headers.ETag!);
        await EnsureAsync(charter, HttpStatusCode.OK);
        TerritorialLabelId = (await charter.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("labelId").GetGuid();

        // The register places an organisation's label by the head office Labelling learnt from Actors, over the bus.
        await Eventually.TrueAsync(async () =>
        {
            var held = await labelling.GetFromJsonAsync<JsonElement>($"/api/labelling/register?territory={Territory}&pageSize=500");
            var ids = held.GetProperty("items").EnumerateArray().Select(l => l.GetProperty("id").GetGuid()).ToHashSet();
            return ids.Contains(LabelId) && ids.Contains(TerritorialLabelId);
        }, "Labelling's register to hold the demo labels in Dordogne");
    }

    private async Task LoadNetworkAsync(HttpClient networks)
    {
        using var founded = await networks.PostAsJsonAsync("/api/networks", new { name = NetworkName, headActorId = Incubator });
        await EnsureAsync(founded, HttpStatusCode.Created);
        NetworkId = (await founded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        using var hub = await SendAsync(networks, $"/api/networks/{NetworkId}/hubs", new { name = "Périgueux", communeCode = "24322", openedOn = "2024-01-01" }, founded.Headers.ETag!);
        await EnsureAsync(hub, HttpStatusCode.OK);
        // The Recyclerie runs a tiers-lieu in the network, and a venture the network supports was incorporated as it.
        using var member = await SendAsync(networks, $"/api/networks/{NetworkId}/members", new { actorId = Recyclerie, role = "tiers-lieu", joinedOn = "2024-06-01" }, hub.Headers.ETag!);
        await EnsureAsync(member, HttpStatusCode.OK);
        // A hub abroad: the network page names its country in French.
        using var abroad = await SendAsync(networks, $"/api/networks/{NetworkId}/hubs", new { name = "Antenne de Berlin", countryCode = "DE", city = "Berlin", openedOn = "2025-02-03" }, member.Headers.ETag!);
        await EnsureAsync(abroad, HttpStatusCode.OK);
        await PublishAsync(networks, "programmes", new { eventId = "p-1", programmeRef = "INC-2026", name = ProgrammeName, kind = "rural", launchedOn = "2026-01-05" });
        await PublishAsync(networks, "cohorts", new
        {
            eventId = "c-1", cohortRef = "C-2026", programmeRef = "INC-2026", name = CohortName, startsOn = "2026-03-01",
            ventures = new[] { new { ventureRef = "V-1", name = "Épicerie mobile" } },
        });
        await PublishEventAsync(networks, "e-1", "DEMO-1", EventTitle, "24322");
        await PublishAsync(networks, "ventures", new
        {
            eventId = "v-2", ventureRef = "V-2", name = VentureName, programmeRef = "INC-2026", phase = "emergence", communeCode = "24352", admittedOn = "2026-02-02",
        });
        await PublishAsync(networks, "ventures/V-2/incorporation", new { eventId = "v-2-i", siren = RecycleriesSiren, incorporatedOn = "2026-06-01" });
        await PublishAsync(networks, "ventures/V-2/phase", new { eventId = "v-2-p", phase = "launch", changedOn = "2026-07-01" });

        // A call that closed, and a venture of the cohort through three phases: the network page shows its journey.
        await PublishAsync(networks, "calls", new { eventId = "a-1", callRef = "AAP-2026", programmeRef = "INC-2026", title = CallTitle, opensOn = "2026-01-10", closesOn = "2026-02-15" });
        await PublishAsync(networks, "calls/AAP-2026/closure", new { eventId = "a-1-close", closedOn = "2026-02-15", applications = 14 });
        await PublishAsync(networks, "ventures", new { eventId = "v-1", ventureRef = "V-1", name = CohortVentureName, programmeRef = "INC-2026", cohortRef = "C-2026", phase = "emergence", communeCode = "24352", admittedOn = "2026-03-02" });
        await PublishAsync(networks, "ventures/V-1/phase", new { eventId = "v-1-creation", phase = "creation", changedOn = "2026-06-01" });
        await PublishAsync(networks, "ventures/V-1/phase", new { eventId = "v-1-launch", phase = "launch", changedOn = "2026-10-01" });
    }

    /// <summary>A public event of the demo network, starting in 30 days.</summary>
    public async Task PublishEventAsync(HttpClient networks, string eventId, string reference, string title, string communeCode)
    {
        var startsAt = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(30).AddHours(16), TimeSpan.Zero);
        await PublishAsync(networks, "events", new
        {
            eventId, publicEventRef = reference, title, format = "demo-day", startsAt, endsAt = startsAt.AddHours(3), communeCode, online = false,
            audiences = new[] { "general-public" }, registrationUrl = "https://example.org/inscription",
        });
    }

    private async Task PublishAsync(HttpClient networks, string route, object body)
    {
        using var response = await networks.PostAsJsonAsync($"/api/networks/{NetworkId}/{route}", body);
        Assert.True(response.IsSuccessStatusCode, $"{route}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Declares a funder; 200 when an earlier load declared it already.</summary>
    private static async Task DeclareFunderAsync(HttpClient http, object declaration)
    {
        using var response = await http.PostAsJsonAsync("/api/funding/funders", declaration);
        Assert.True(response.IsSuccessStatusCode, $"/api/funding/funders: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task<Guid> CreateAsync(HttpClient http, string uri, object body)
    {
        using var response = await http.PostAsJsonAsync(uri, body);
        await EnsureAsync(response, HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, string uri, object body, EntityTagHeaderValue etag)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = JsonContent.Create(body) };
        request.Headers.IfMatch.Add(etag);
        return await http.SendAsync(request);
    }

    private static async Task EnsureAsync(HttpResponseMessage response, HttpStatusCode expected) =>
        Assert.True(response.StatusCode == expected,
            $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");

    private static async Task<bool> ExistsAsync(HttpClient http, string uri)
    {
        using var response = await http.GetAsync(new Uri(uri, UriKind.Relative));
        return response.IsSuccessStatusCode;
    }
}
