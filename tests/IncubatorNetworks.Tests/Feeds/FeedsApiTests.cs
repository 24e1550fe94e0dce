using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace SocialTech.IncubatorNetworks.Tests.Feeds;

/// <summary>The activity feed and the iCalendar feed, on real PostgreSQL, from activity published over HTTP.</summary>
public sealed class FeedsApiTests(NetworksService networks) : IClassFixture<NetworksService>
{
    private HttpClient Client => networks.Client;

    private async Task<Guid> NetworkWithHubAsync(string name, string hubCommune)
    {
        var head = await networks.SeedActorAsync($"{name} (association)", kind: "network-head");
        using var founded = await Client.PostAsJsonAsync("/api/networks", new { name, headActorId = head });
        var id = (await founded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        using var hub = await Client.SendAsync(NetworksService.WithIfMatch(HttpMethod.Post, $"/api/networks/{id}/hubs",
            new { name = "Antenne", communeCode = hubCommune, openedOn = "2024-01-08" }, founded.Headers.ETag!.ToString()));
        Assert.Equal(HttpStatusCode.OK, hub.StatusCode);
        return id;
    }

    private async Task<string[]> SubjectsInAsync(string query)
    {
        using var response = await Client.GetAsync($"/api/networks/feed?{query}&pageSize=500");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadFromJsonAsync<JsonElement>();
        return page.GetProperty("items").EnumerateArray().Select(e => $"{e.GetProperty("kind").GetString()} {e.GetProperty("subject").GetString()}").ToArray();
    }

    [Fact]
    public async Task TheActivityFeed_RollsCommunesUpToEpciDepartementAndRegion_AndPlacesTheRestAtTheNetworksHubs()
    {
        var id = await NetworkWithHubAsync("Ronalpia", "69123");
        await Client.PostAsJsonAsync($"/api/networks/{id}/programmes",
            new { eventId = "p-1", programmeRef = "RURAL", name = "Rural 2026", kind = "rural", launchedOn = "2026-01-05" });
        await Client.PostAsJsonAsync($"/api/networks/{id}/ventures",
            new { eventId = "v-1", ventureRef = "V-1", name = "Épicerie de Ribérac", programmeRef = "RURAL", phase = "idea", communeCode = "24352", admittedOn = "2026-01-12" });
        // Restating the phase it has is recorded but is not news.
        await Client.PostAsJsonAsync($"/api/networks/{id}/ventures/V-1/phase", new { eventId = "v-2", phase = "idea", changedOn = "2026-01-13" });

        var dordogne = await SubjectsInAsync("territory=departement:24");
        var rhone = await SubjectsInAsync("territory=departement:69");

        Assert.Equal([$"venture-admitted /api/networks/{id}/ventures/V-1"], dordogne);
        Assert.Contains($"programme-launched /api/networks/{id}/programmes/RURAL", rhone);
        Assert.DoesNotContain(rhone, s => s.StartsWith("venture", StringComparison.Ordinal));
        Assert.Equal(dordogne, await SubjectsInAsync("territory=commune:24352"));
        Assert.Equal(2, (await SubjectsInAsync($"network={id}")).Length);

        // Ribérac (24352): CC du Périgord Ribéracois, Dordogne, Nouvelle-Aquitaine (75); the hub in Lyon (69123):
        // Métropole de Lyon (200046977), Auvergne-Rhône-Alpes (84). COG 2025, through Actors.Territories.
        Assert.Equal(dordogne, await SubjectsInAsync("territory=region:75"));
        Assert.Equal(dordogne, await SubjectsInAsync("territory=epci:200040400"));
        Assert.Equal(rhone, await SubjectsInAsync("territory=epci:200046977"));
        Assert.Equal(rhone, await SubjectsInAsync($"territory=region:84&network={id}"));

        using var bad = await Client.GetAsync("/api/networks/feed?territory=region:84&page=0");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(["page"], await NetworksService.ErrorFieldsAsync(bad));
        using var badTerritory = await Client.GetAsync("/api/networks/feed?territory=epci:999999999");
        Assert.Equal(["territory"], await NetworksService.ErrorFieldsAsync(badTerritory));
    }

    [Fact]
    public async Task EverySummary_IsAFrenchSentence_WithFrenchWordsForCodesAndFrenchDates()
    {
        var id = await NetworkWithHubAsync("Périgord Initiatives", "35238"); // Rennes: away from the other tests' territories
        var startsAt = new DateTimeOffset(2027, 1, 20, 16, 0, 0, TimeSpan.Zero);
        // Each message, and the sentence a person reads for it, written by hand: codes (rural, demo-day, creation,
        // honour-loan, graduated) in their French words, dates as « 20 janvier 2027 », « 1er mars 2026 ».
        (string Path, object Body, string Summary)[] messages =
        [
            ("programmes", new { eventId = "s-1", programmeRef = "RUR", name = "Incubation rurale", kind = "rural", launchedOn = "2026-01-05" },
                "Périgord Initiatives lance le programme Incubation rurale (ruralité)"),
            ("calls", new { eventId = "s-2", callRef = "AP-1", programmeRef = "RUR", title = "Appel 2026", opensOn = "2026-01-10", closesOn = "2026-03-01" },
                "Périgord Initiatives ouvre un appel à candidatures : Appel 2026, jusqu'au 1er mars 2026"),
            ("calls/AP-1/closure", new { eventId = "s-3", closedOn = "2026-03-01", applications = 12 },
                "Périgord Initiatives : l'appel à candidatures Appel 2026 est clos, 12 candidatures reçues"),
            ("cohorts", new { eventId = "s-4", cohortRef = "C-1", programmeRef = "RUR", name = "Promotion printemps", startsOn = "2026-03-15", ventures = new[] { new { ventureRef = "V-1", name = "Épicerie mobile" } } },
                "Périgord Initiatives annonce la promotion Promotion printemps : 1 projet dans le programme Incubation rurale"),
            ("ventures", new { eventId = "s-5", ventureRef = "V-2", name = "Conserverie", programmeRef = "RUR", phase = "idea", communeCode = "35238", admittedOn = "2026-01-12" },
                "Conserverie rejoint le programme Incubation rurale (Périgord Initiatives)"),
            ("ventures/V-2/phase", new { eventId = "s-6", phase = "creation", changedOn = "2026-02-01" },
                "Conserverie (Périgord Initiatives) passe en phase création"),
            ("ventures/V-2/funding", new { eventId = "s-7", amountEuros = 15000, kind = "honour-loan", funder = "France Active", raisedOn = "2026-02-15" },
                "Conserverie (Périgord Initiatives) lève 15\u202f000\u00a0€ (prêt d'honneur)"),
            ("ventures/V-2/graduation", new { eventId = "s-8", on = "2026-02-28" },
                "Conserverie (Périgord Initiatives) : fin de l'accompagnement, projet sorti avec succès"),
            ("events", new { eventId = "s-9", publicEventRef = "DD-1", title = "Demo day du Périgord", format = "demo-day", startsAt, endsAt = startsAt.AddHours(3), communeCode = "35238", online = false, audiences = new[] { "general-public" } },
                "Périgord Initiatives : Demo day du Périgord (demo day) le 20 janvier 2027"),
        ];
        foreach (var (path, body, summary) in messages)
        {
            using var response = await Client.PostAsJsonAsync($"/api/networks/{id}/{path}", body);
            Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            Assert.Equal(Spaced(summary), Spaced((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("summary").GetString()!));
        }

        // The feed carries the same sentences, and still the stable codes beside them.
        using var feed = await Client.GetAsync($"/api/networks/feed?network={id}&pageSize=500");
        var entries = (await feed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray().ToArray();
        Assert.Equal(messages.Select(m => Spaced(m.Summary)).Order(StringComparer.Ordinal),
            entries.Select(e => Spaced(e.GetProperty("summary").GetString()!)).Order(StringComparer.Ordinal));
        Assert.Contains(entries, e => e.GetProperty("kind").GetString() == "programme-launched");
    }

    // fr-FR's no-break spaces (which ones depends on ICU's version) compared as spaces.
    private static string Spaced(string text) => new([.. text.Select(c => char.IsWhiteSpace(c) ? ' ' : c)]);

    [Fact]
    public async Task TheCalendar_IsStrictRfc5545_AndOpensInAStandardParser()
    {
        var id = await NetworkWithHubAsync("Alter'Incub Drôme", "26362");
        var startsAt = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(30).AddHours(16), TimeSpan.Zero);
        var longTitle = "Jury de sélection ; promotion « Économie circulaire, réemploi et tiers-lieux nourriciers » en Drôme-Ardèche";
        using var jury = await Client.PostAsJsonAsync($"/api/networks/{id}/events", new
        {
            eventId = "e-1", publicEventRef = "JURY-1", title = longTitle, format = "jury", startsAt, endsAt = startsAt.AddHours(3),
            communeCode = "26362", online = false, audiences = new[] { "entrepreneurs", "funders" }, registrationUrl = "https://alter-incub.example.org/jury",
        });
        using var webinar = await Client.PostAsJsonAsync($"/api/networks/{id}/events", new
        {
            eventId = "e-2", publicEventRef = "WEB-1", title = "Webinaire", format = "workshop", startsAt, endsAt = startsAt.AddHours(1),
            online = true, audiences = new[] { "general-public" },
        });
        Assert.Equal(HttpStatusCode.Created, jury.StatusCode);
        Assert.Equal(HttpStatusCode.Created, webinar.StatusCode);
        await Client.PostAsJsonAsync($"/api/networks/{id}/events/WEB-1/cancellation", new { eventId = "e-3", reason = "Intervenant absent" });

        using var response = await Client.GetAsync($"/api/networks/events.ics?network={id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType!.MediaType);
        var text = await response.Content.ReadAsStringAsync();

        // What lenient parsers forgive: CRLF only, no line over 75 octets, continuation lines start with a space.
        Assert.DoesNotContain("\n", text.Replace("\r\n", "", StringComparison.Ordinal), StringComparison.Ordinal);
        var lines = text.Split("\r\n")[..^1];
        Assert.All(lines, line => Assert.True(Encoding.UTF8.GetByteCount(line) <= 75, $"Line over 75 octets: {line}"));
        Assert.Contains(lines, line => line.StartsWith(' '));
        Assert.Equal("BEGIN:VCALENDAR", lines[0]);
        Assert.Equal("END:VCALENDAR", lines[^1]);

        var calendar = Ical.Net.Calendar.Load(text)!;
        var events = calendar.Events.OrderBy(e => e.Summary).ToArray();
        Assert.Equal(2, events.Length);
        Assert.Equal(longTitle, events[0].Summary);
        Assert.Equal("CONFIRMED", events[0].Status);
        Assert.Equal(new Uri("https://alter-incub.example.org/jury"), events[0].Url);
        Assert.Equal(startsAt.UtcDateTime, events[0].DtStart!.AsUtc);
        Assert.Equal("Webinaire", events[1].Summary);
        Assert.Equal("CANCELLED", events[1].Status);
        Assert.Equal(1, events[1].Sequence);
        Assert.Equal(startsAt.AddHours(3).UtcDateTime, events[0].DtEnd!.AsUtc);
        Assert.Equal("Valence (26362)", events[0].Location);
        Assert.Equal("En ligne", events[1].Location);
        Assert.Equal(["jury"], events[0].Categories);
        Assert.StartsWith("Alter'Incub Drôme — jury", events[0].Description, StringComparison.Ordinal);
        Assert.All(events, e => Assert.EndsWith("@networks.socialtech", e.Uid, StringComparison.Ordinal));

        using var drome = await Client.GetAsync("/api/networks/events.ics?territory=departement:26");
        var inDrome = Ical.Net.Calendar.Load(await drome.Content.ReadAsStringAsync())!;
        Assert.Equal([longTitle], inDrome.Events.Select(e => e.Summary));
        using var auvergneRhoneAlpes = await Client.GetAsync("/api/networks/events.ics?territory=region:84");
        Assert.Equal([longTitle], Ical.Net.Calendar.Load(await auvergneRhoneAlpes.Content.ReadAsStringAsync())!.Events.Select(e => e.Summary));
    }
}
