using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Marten;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using SocialTech.Funding.LabelFacts;
using SocialTech.Labelling.Contracts;
using SocialTech.Testing;

namespace SocialTech.Funding.Tests.WhiteZones;

/// <summary>
/// White zones of Dordogne (issue 18.3), against a fixture whose expected lists are worked out by hand below, with the
/// EPCIs and populations read from the referential's data file with plain JSON, not through the code under test.
/// </summary>
/// <remarks>
/// Over 2025: the Grand Périgueux (Périgueux, 24322) has an association and an award: not a white zone. Ribérac's EPCI
/// (24352) has an association and "Économie circulaire", open to associations of Dordogne until 2025-12-31, the last day
/// of the period, and no award: the one white zone. Bergerac's EPCI (24037) has only a SCOP and a foundation, and the programmes for
/// SCOPs are elsewhere (Ribérac's EPCI) or closed before the period: no white zone, but 0 € per inhabitant. The other
/// 19 EPCIs have no actor: no white zone, 0 € per inhabitant. Labels are published on the bus as Labelling would.
/// </remarks>
public sealed class WhiteZonesTests : IAsyncLifetime
{
    private const string GrandPerigueux = "epci:200040392";
    private const string Period = "from=2025-01-01&to=2025-12-31";
    private const decimal Awarded = 12_345.67m;

    private static readonly string[][] Communes = ReadCommunes();

    private readonly FundingService funding = new();
    private readonly Guid scheme = Guid.CreateVersion7();
    private readonly Dictionary<string, Guid> labels = [];
    private string riberac = "";
    private string bergerac = "";
    private Guid formulaHolder;
    private Guid openHolder;
    private Guid funderId;

    private static string EpciOf(string commune) => "epci:" + Communes.Single(c => c[0] == commune)[3];

    public async Task InitializeAsync()
    {
        await funding.InitializeAsync();
        riberac = EpciOf("24352");
        bergerac = EpciOf("24037");
        Assert.Equal(GrandPerigueux, EpciOf("24322"));
        Assert.Equal(3, new[] { GrandPerigueux, riberac, bergerac }.Distinct().Count());

        var funder = funderId = await funding.SeedActorAsync("Département de la Dordogne (zones blanches)", "24322", "local-authority");
        await funding.DeclareFunderAsync(funder, "departement", "departement:24");
        var recyclerie = await funding.SeedActorAsync("Recyclerie de Périgueux", "24322", "association");
        await funding.SeedActorAsync("Jardins de Ribérac", "24352", "association");
        await funding.SeedActorAsync("SCOP de Bergerac", "24037", "scop");
        formulaHolder = await funding.SeedActorAsync("=HYPERLINK(\"http://x\";\"clic\")", "24037", "foundation");
        openHolder = await funding.SeedActorAsync("Tiers-lieu de Boulazac; « ouvert »", "24053", "association");

        await ProgrammeAsync("=Économie circulaire", ["association"], ["departement:24"], "2024-01-01", "2025-12-31");
        await ProgrammeAsync("Fonds SCOP du Ribéracois", ["scop"], [riberac], "2025-01-01", null);
        await ProgrammeAsync("Ancien fonds SCOP", ["scop"], ["departement:24"], "2023-01-01", "2024-12-31");

        await funding.CreateAsync("/api/funding/grants", new
        {
            funders = new[] { new { funderId = funder, amount = Awarded, funderType = "departement" } }, recipientId = recyclerie, purpose = "Atelier",
            amount = Awarded, plannedStart = "2025-01-01", plannedEnd = "2025-12-31", decisionDate = "2025-03-01", fiscalYears = new[] { 2025 },
            beneficiaryCommuneCodes = new[] { "24322" },
        });

        await PublishLabelsAsync();
    }

    public Task DisposeAsync() => funding.DisposeAsync();

    private async Task ProgrammeAsync(string name, string[] kinds, string[] territories, string opensOn, string? closesOn) =>
        await funding.CreateAsync("/api/funding/programmes", new
        {
            name, funders = new[] { Funder() }, instructingBodies = new[] { Funder() }, themes = new[] { "ess" }, beneficiaryKinds = kinds,
            aidTypes = new[] { "grant" }, eligibleTerritories = territories, opensOn, closesOn,
        });

    private Guid Funder() => funderId;

    /// <summary>
    /// Asked on 2026-03-01 within 6 months (up to 2026-09-01), in Dordogne: Ribérac's collective (expires 2026-06-30, nobody
    /// applied) and the "=HYPERLINK" foundation in Bergerac (its renewal was withdrawn) are expiring; the Grand Périgueux's
    /// collective lapsed (ended 2025-12-31); the association of Boulazac applied to renew (not listed); Gironde's is elsewhere;
    /// the one ending 2026-12-31 is beyond 6 months; the place's cannot be placed (unlocated).
    /// </summary>
    private async Task PublishLabelsAsync()
    {
        var bus = funding.Host.Services.GetRequiredService<IBus>();
        Task Grant(string name, string kind, Guid? id, string? territory, string until)
        {
            var label = labels[name] = Guid.CreateVersion7();
            return bus.Publish(new LabelGranted(label, 1, scheme, Guid.CreateVersion7(), new LabelHolderReference(kind, id, territory, []), "jury",
                new DateOnly(2024, 1, 1), DateOnly.Parse(until, System.Globalization.CultureInfo.InvariantCulture), [], null, DateTimeOffset.UtcNow));
        }

        await Grant("riberac", "territorial-collective", null, riberac, "2026-06-30");
        await Grant("formula", "organisation", formulaHolder, null, "2026-04-30");
        await Grant("perigueux", "territorial-collective", null, GrandPerigueux, "2025-12-31");
        await Grant("boulazac", "organisation", openHolder, null, "2026-05-31");
        await Grant("gironde", "territorial-collective", null, "departement:33", "2026-05-31");
        await Grant("later", "territorial-collective", null, bergerac, "2026-12-31");
        await Grant("place", "place", Guid.CreateVersion7(), null, "2026-05-31");
        await bus.Publish(new LabelExpired(labels["perigueux"], 2, new DateOnly(2026, 1, 1)));

        var renewal = Guid.CreateVersion7();
        await bus.Publish(new LabelApplicationSubmitted(renewal, 2, scheme, null, new LabelHolderReference("organisation", openHolder, null, []), DateTimeOffset.UtcNow, labels["boulazac"]));
        var withdrawn = Guid.CreateVersion7();
        var formula = new LabelHolderReference("organisation", formulaHolder, null, []);
        await bus.Publish(new LabelApplicationSubmitted(withdrawn, 2, scheme, null, formula, DateTimeOffset.UtcNow, labels["formula"]));
        await bus.Publish(new LabelApplicationWithdrawn(withdrawn, 3, scheme, formula, labels["formula"], DateTimeOffset.UtcNow));

        var store = funding.Host.Services.GetRequiredService<IDocumentStore>();
        await Eventually.TrueAsync(async () =>
        {
            await using var session = store.QuerySession();
            var known = await session.Query<KnownLabel>().ToListAsync();
            var applications = await session.Query<KnownLabelApplication>().ToListAsync();
            return known.Count == 7 && known.Single(l => l.Id == labels["perigueux"]).Status == KnownLabel.Expired
                && applications.Count == 2 && applications.Single(a => a.Id == withdrawn).Status == KnownLabelApplication.Withdrawn
                && applications.Single(a => a.Id == renewal).Status == KnownLabelApplication.Submitted;
        }, "Labelling's contracts in Funding's copies");
    }

    [Fact]
    public async Task FundingWhiteZones_OfDordogne_ListRiberacsEpciOnly()
    {
        var answer = await funding.GetAsync($"/api/funding/white-zones/funding?territory=departement:24&{Period}");

        Assert.Equal(("departement:24", "Dordogne", "epci"), (answer.GetProperty("territory").GetString(), answer.GetProperty("territoryName").GetString(), answer.GetProperty("level").GetString()));
        var items = answer.GetProperty("items").EnumerateArray().ToArray();
        Assert.Equal([riberac], items.Select(i => i.GetProperty("key").GetString()));
        Assert.Equal(["=Économie circulaire"], items[0].GetProperty("eligibleProgrammes").EnumerateArray().Select(p => p.GetProperty("name").GetString()));
        Assert.Equal(PopulationOf(riberac), items[0].GetProperty("population").GetInt64());
    }

    /// <summary>
    /// The eligibility step reads the directory's duplicated columns (status, head office, kinds), not its JSON. A
    /// database whose copies were stored before those columns existed gets them from Marten's migration, filled from
    /// each document: here the columns are dropped (the copies as an older Funding left them) and the migration run
    /// again as a start-up would. Without the fill the Ribérac association is not found and no white zone is listed.
    /// </summary>
    [Fact]
    public async Task FundingWhiteZones_CopiesStoredBeforeTheDirectoryColumns_AreFoundOnceMigrated()
    {
        await funding.ExecuteSqlAsync("ALTER TABLE funding.mt_doc_directoryactor DROP COLUMN status, DROP COLUMN head_office_code, DROP COLUMN head_office_vintage, DROP COLUMN kinds");
        await funding.Host.Services.GetRequiredService<IDocumentStore>().Storage.ApplyAllConfiguredChangesToDatabaseAsync();

        Assert.Equal(6, await funding.ScalarAsync<long>(
            "SELECT count(*) FROM funding.mt_doc_directoryactor WHERE status = data->>'Status' AND head_office_code = data->'HeadOffice'->>'Code' " +
            "AND head_office_vintage = (data->'HeadOffice'->>'Vintage')::int AND kinds = ARRAY(SELECT jsonb_array_elements_text(data->'Kinds'))"));
        var answer = await funding.GetAsync($"/api/funding/white-zones/funding?territory=departement:24&{Period}");
        Assert.Equal([riberac], answer.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("key").GetString()));
    }

    /// <summary>
    /// The directory is read only for the unfunded children's communes of the current vintage; a head office recorded
    /// in another vintage (here 2024, which the referential does not embed, so it is read in the current one) is always
    /// read and placed by the referential. An association of Bergerac recorded so makes Bergerac's EPCI a white zone
    /// beside Ribérac's: "Économie circulaire" is open to the associations of Dordogne and Bergerac had no award.
    /// </summary>
    [Fact]
    public async Task FundingWhiteZones_AHeadOfficeRecordedInAnotherVintage_CountsWhereTheReferentialPlacesIt()
    {
        await using (var session = funding.Host.Services.GetRequiredService<IDocumentStore>().LightweightSession())
        {
            session.Store(new Actors.Directory.DirectoryActor(Guid.CreateVersion7(), "Association bergeracoise (COG 2024)", ["association"],
                new Actors.Contracts.ActorIdentifiers(null, null, null), true, new Actors.Contracts.CommuneReference("24037", 2024), [], "active", null, 1, DateTimeOffset.UtcNow));
            await session.SaveChangesAsync();
        }

        var answer = await funding.GetAsync($"/api/funding/white-zones/funding?territory=departement:24&{Period}");

        Assert.Equal(new[] { riberac, bergerac }.Order(StringComparer.Ordinal), answer.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("key").GetString()));
    }

    [Fact]
    public async Task FundingWhiteZones_TheYearAfter_NoneSinceTheProgrammeClosedOnTheLastDayOfTheOneBefore()
    {
        var answer = await funding.GetAsync("/api/funding/white-zones/funding?territory=departement:24&from=2026-01-01&to=2026-12-31");

        // Only the SCOP fund of Ribérac's EPCI is still open, and no SCOP is there.
        Assert.Empty(answer.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task FundingWhiteZones_OfAPeriodStartingOnTheDayTheProgrammeCloses_CountIt()
    {
        // "Économie circulaire" closes 2025-12-31, the period's first day: open during it. The Grand Périgueux's award
        // (2025-03-01) is before the period, so both EPCIs with an association are white zones.
        var answer = await funding.GetAsync("/api/funding/white-zones/funding?territory=departement:24&from=2025-12-31&to=2026-06-30&sort=-key");

        Assert.Equal(new[] { GrandPerigueux, riberac }.OrderDescending(StringComparer.Ordinal), answer.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("key").GetString()));
    }

    [Fact]
    public async Task FundingWhiteZones_OfFranceAndOfItsRegion_LeaveDordogneOut_SinceItReceivedMoney()
    {
        var france = await funding.GetAsync($"/api/funding/white-zones/funding?territory=france&{Period}");
        var region = await funding.GetAsync($"/api/funding/white-zones/funding?territory=region:75&{Period}");

        // Dordogne received money (in Périgueux), so it is no white zone at département level either.
        Assert.Empty(france.GetProperty("items").EnumerateArray());
        Assert.Equal("departement", region.GetProperty("level").GetString());
        Assert.Empty(region.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Money_OfDordogne_ListsEveryEpci_ZeroIncluded_PerInhabitantByHand()
    {
        var epcis = Communes.Where(c => c[2] == "24" && c[3].Length > 0).Select(c => "epci:" + c[3]).Distinct().Order(StringComparer.Ordinal).ToArray();

        var answer = await funding.GetAsync($"/api/funding/white-zones/money?territory=departement:24&{Period}&sort=-awarded");

        var items = answer.GetProperty("items").EnumerateArray().ToArray();
        Assert.Equal(22, epcis.Length);
        Assert.Equal(epcis, items.Select(i => i.GetProperty("key").GetString()!).Order(StringComparer.Ordinal));
        Assert.Equal(GrandPerigueux, items[0].GetProperty("key").GetString());
        Assert.Equal((Awarded, 1, Math.Round(Awarded / PopulationOf(GrandPerigueux), 2)),
            (items[0].GetProperty("awarded").GetDecimal(), items[0].GetProperty("grants").GetInt32(), items[0].GetProperty("perInhabitant").GetDecimal()));
        Assert.All(items.Skip(1), i => Assert.Equal((0m, 0m), (i.GetProperty("awarded").GetDecimal(), i.GetProperty("perInhabitant").GetDecimal())));
        var scop = items.Single(i => i.GetProperty("key").GetString() == bergerac);
        Assert.Equal(PopulationOf(bergerac), scop.GetProperty("population").GetInt64());
        // Ties (every EPCI at 0) in key order, so that the list is the same from one call to the next.
        Assert.Equal(epcis.Where(e => e != GrandPerigueux), items.Skip(1).Select(i => i.GetProperty("key").GetString()!));
    }

    [Fact]
    public async Task LabelWhiteZones_OfDordogne_ExpiringWithoutRenewal_AndLapsed()
    {
        var answer = await funding.GetAsync("/api/funding/white-zones/labels?territory=departement:24&withinMonths=6&on=2026-03-01");

        var items = answer.GetProperty("items").EnumerateArray()
            .Select(i => (i.GetProperty("labelId").GetGuid(), i.GetProperty("situation").GetString(), i.GetProperty("territory").GetString())).ToArray();
        Assert.Equal(
            [(labels["perigueux"], "lapsed", GrandPerigueux), (labels["formula"], "expiring", "commune:24037"), (labels["riberac"], "expiring", riberac)],
            items);
        Assert.Equal(1, answer.GetProperty("unlocated").GetInt32());
    }

    [Fact]
    public async Task LabelWhiteZones_AsCsv_NeutraliseANameStartingWithEquals_AndQuoteSeparators()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/funding/white-zones/labels?territory=departement:24&on=2026-03-01&sort=holder");
        request.Headers.Accept.ParseAdd("text/csv");
        using var response = await funding.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var text = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF');
        var lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("Situation;Label;Dispositif;Type de porteur;Porteur;Code territoire;Territoire;Valide jusqu'au;", lines[0], StringComparison.Ordinal);
        Assert.Equal(4, lines.Length);
        Assert.Contains(lines, l => l.Contains(";\"'=HYPERLINK(\"\"http://x\"\";\"\"clic\"\")\";commune:24037;Bergerac;2026-04-30;", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains(";=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task FundingWhiteZones_AsCsv_NeutraliseTheProgrammeName()
    {
        using var response = await funding.Client.GetAsync($"/api/funding/white-zones/funding?territory=departement:24&{Period}&format=csv");

        var lines = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Code territoire;Territoire;Population municipale;Programmes ouverts et éligibles;Programmes", lines[0]);
        Assert.Equal($"{riberac};{NameOfEpci(riberac)};{PopulationOf(riberac)};1;'=Économie circulaire", lines[1]);
        Assert.Equal(2, lines.Length);
    }

    [Theory]
    [InlineData("/api/funding/white-zones/funding?territory=departement:24&from=2025-01-01&to=2025-12-31&sort=budget", "sort")]
    [InlineData("/api/funding/white-zones/money?territory=departement:24&from=2025-01-01&to=2025-12-31&sort=-size", "sort")]
    [InlineData("/api/funding/white-zones/labels?territory=departement:24&sort=name", "sort")]
    [InlineData("/api/funding/white-zones/funding?territory=departement:24&from=2025-01-01&to=2025-12-31&teritory=x", "teritory")]
    [InlineData("/api/funding/white-zones/labels?territory=departement:24&withinMonth=6", "withinMonth")]
    [InlineData("/api/funding/white-zones/funding?territory=epci:200040392&from=2025-01-01&to=2025-12-31", "territory")]
    [InlineData("/api/funding/white-zones/funding?territory=departement:999&from=2025-01-01&to=2025-12-31", "territory")]
    [InlineData("/api/funding/white-zones/money?from=2025-01-01&to=2025-12-31", "territory")]
    [InlineData("/api/funding/white-zones/funding?territory=departement:24&to=2025-12-31", "from")]
    [InlineData("/api/funding/white-zones/money?territory=departement:24&from=2025-12-31&to=2025-01-01", "to")]
    [InlineData("/api/funding/white-zones/money?territory=departement:24&from=2025-01-01&to=2025-12-31&format=xlsx", "format")]
    [InlineData("/api/funding/white-zones/labels?territory=departement:24&withinMonths=0", "withinMonths")]
    [InlineData("/api/funding/white-zones/labels?territory=region:84&on=9999-12-31", "on")]
    [InlineData("/api/funding/white-zones/labels?territory=region:84&lapsedSince=0001-01-01", "lapsedSince")]
    [InlineData("/api/funding/white-zones/support?territory=epci:200040392", "territory")]
    [InlineData("/api/funding/white-zones/support", "territory")]
    [InlineData("/api/funding/white-zones/support?territory=departement:24&on=9999-12-31", "on")]
    [InlineData("/api/funding/white-zones/support?territory=departement:24&on=1899-12-31", "on")]
    [InlineData("/api/funding/white-zones/support?territory=departement:24&sort=budget", "sort")]
    [InlineData("/api/funding/white-zones/support?territory=departement:24&on=demain", "on")]
    [InlineData("/api/funding/white-zones/support?territory=departement:24&page=0", "page")]
    [InlineData("/api/funding/white-zones/support?territory=departement:24&page=deux", "page")]
    [InlineData("/api/funding/white-zones/support?territory=departement:24&pageSize=501", "pageSize")]
    [InlineData("/api/funding/white-zones/support?territory=departement:24&format=xlsx", "format")]
    [InlineData("/api/funding/white-zones/support?territory=departement:24&from=2025-01-01", "from")]
    public async Task BadRequests_Are400_NamingTheField(string uri, string field)
    {
        using var response = await funding.Client.GetAsync(uri);

        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{uri}: {(int)response.StatusCode} {problem}");
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{uri}: {problem}");
    }

    /// <summary>An EPCI's municipal population: the sum of its member communes' in the data file.</summary>
    private static long PopulationOf(string epci) =>
        Communes.Where(c => "epci:" + c[3] == epci).Sum(c => long.Parse(c[4], System.Globalization.CultureInfo.InvariantCulture));

    private static string NameOfEpci(string epci) => Epcis[epci["epci:".Length..]];

    private static readonly Dictionary<string, string> Epcis = ReadEpcis();

    /// <summary>The referential's data file read with plain JSON, not through the code under test.</summary>
    internal static JsonDocument ReadCog()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "services/Actors/Actors.Territories/Data/cog-2025.json.gz")))
        {
            directory = directory.Parent;
        }

        Assert.NotNull(directory);
        using var file = File.OpenRead(Path.Combine(directory.FullName, "services/Actors/Actors.Territories/Data/cog-2025.json.gz"));
        using var json = new GZipStream(file, CompressionMode.Decompress);
        return JsonDocument.Parse(json);
    }

    private static Dictionary<string, string> ReadEpcis()
    {
        using var document = ReadCog();
        return document.RootElement.GetProperty("epcis").EnumerateArray().ToDictionary(e => e.GetProperty("siren").GetString()!, e => e.GetProperty("name").GetString()!);
    }

    /// <summary>Communes as code, name, département, EPCI, municipal population.</summary>
    private static string[][] ReadCommunes()
    {
        using var document = ReadCog();
        return document.RootElement.GetProperty("communes").EnumerateArray()
            .Select(c => c.EnumerateArray().Take(5).Select(v => v.ValueKind == JsonValueKind.String ? v.GetString()! : v.ValueKind == JsonValueKind.Number ? v.GetRawText() : "").ToArray())
            .ToArray();
    }
}
