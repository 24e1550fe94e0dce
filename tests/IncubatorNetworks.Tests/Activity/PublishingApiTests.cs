using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using SocialTech.IncubatorNetworks.Activity;
using SocialTech.IncubatorNetworks.Ventures;

namespace SocialTech.IncubatorNetworks.Tests.Activity;

/// <summary>Networks publishing their activity over HTTP, on real PostgreSQL: validation, transitions, idempotency.</summary>
public sealed class PublishingApiTests(NetworksService networks) : IClassFixture<NetworksService>
{
    private HttpClient Client => networks.Client;

    private async Task<Guid> NetworkWithProgrammeAsync(string name)
    {
        var head = await networks.SeedActorAsync($"{name} (association)", kind: "network-head");
        using var founded = await Client.PostAsJsonAsync("/api/networks", new { name, headActorId = head });
        var id = (await founded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        using var programme = await Client.PostAsJsonAsync($"/api/networks/{id}/programmes",
            new { eventId = "p-1", programmeRef = "INC-2026", name = "Incubation 2026", kind = "incubation", launchedOn = "2026-01-05" });
        Assert.Equal(HttpStatusCode.Created, programme.StatusCode);
        return id;
    }

    private static object Admission(string eventId, string ventureRef, string name = "Tiers-lieu nourricier") => new
    {
        eventId, ventureRef, name, programmeRef = "INC-2026", cohortRef = "C-2026-1", phase = "emergence", communeCode = "24352", admittedOn = "2026-01-12",
    };

    [Fact]
    public async Task ADuplicatePublication_HasOneEffect_AndAnswersTheFirstResult()
    {
        var id = await NetworkWithProgrammeAsync("Ronalpia");

        using var first = await Client.PostAsJsonAsync($"/api/networks/{id}/ventures", Admission("evt-42", "V-17"));
        using var retry = await Client.PostAsJsonAsync($"/api/networks/{id}/ventures", Admission("evt-42", "V-17"));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal($"/api/networks/{id}/ventures/V-17", first.Headers.Location!.ToString());
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(await first.Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());

        // One effect: the venture's stream holds one admission, whatever the number of deliveries.
        await using var session = networks.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var events = await session.Events.FetchStreamAsync(Subjects.StreamId(Subjects.Ventures, id, "V-17"));
        Assert.IsType<VentureAdmitted>(Assert.Single(events).Data);

        // The same eventId for another message is a client's mistake, not a retry.
        using var reused = await Client.PostAsJsonAsync($"/api/networks/{id}/ventures", Admission("evt-42", "V-18"));
        Assert.Equal(HttpStatusCode.Conflict, reused.StatusCode);
        Assert.Equal($"/api/networks/{id}/ventures/V-17", (await reused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("subject").GetString());
    }

    [Fact]
    public async Task ManyReportsAboutOneVenture_AtOnce_AreEachAppliedOnce_WithoutAConflict()
    {
        // A network's system sends its reports in parallel, several about the same busy venture. None carries If-Match:
        // each must be applied, in some order, and none answered 412 because another report won a race.
        var id = await NetworkWithProgrammeAsync("Alter'Incub");
        using var admitted = await Client.PostAsJsonAsync($"/api/networks/{id}/ventures", Admission("adm-1", "V-HOT"));
        Assert.Equal(HttpStatusCode.Created, admitted.StatusCode);

        const int reports = 24;
        var answers = await Task.WhenAll(Enumerable.Range(0, reports).Select(async i =>
        {
            using var answer = await Client.PostAsJsonAsync($"/api/networks/{id}/ventures/V-HOT/indicators",
                new { eventId = $"ind-{i}", year = 2000 + i, jobs = i, revenueEuros = 1000 * i, beneficiaries = 10 + i });
            return answer.StatusCode;
        }));

        Assert.All(answers, status => Assert.Equal(HttpStatusCode.OK, status));
        await using var session = networks.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var events = await session.Events.FetchStreamAsync(Subjects.StreamId(Subjects.Ventures, id, "V-HOT"));
        Assert.Equal(1 + reports, events.Count);
        Assert.Equal(Enumerable.Range(2000, reports), events.Skip(1).Select(e => ((VentureIndicatorsReported)e.Data).Year).Order());
        Assert.Equal(Enumerable.Range(1, 1 + reports).Select(v => (long)v), events.Select(e => e.Version));
    }

    [Fact]
    public async Task TheSameEventIdInTwoNetworks_AreTwoMessages()
    {
        var a = await NetworkWithProgrammeAsync("Réseau A");
        var b = await NetworkWithProgrammeAsync("Réseau B");

        using var inA = await Client.PostAsJsonAsync($"/api/networks/{a}/ventures", Admission("evt-1", "V-1"));
        using var inB = await Client.PostAsJsonAsync($"/api/networks/{b}/ventures", Admission("evt-1", "V-1"));

        Assert.Equal(HttpStatusCode.Created, inA.StatusCode);
        Assert.Equal(HttpStatusCode.Created, inB.StatusCode);
        Assert.False(inB.Headers.Contains("Idempotent-Replayed"));
    }

    [Fact]
    public async Task AVentureJourney_ThroughEveryStep_AndAnEndedOneRefusesToChange()
    {
        var id = await NetworkWithProgrammeAsync("Alter'Incub");
        var venture = $"/api/networks/{id}/ventures/V-7";
        using var admitted = await Client.PostAsJsonAsync($"/api/networks/{id}/ventures", Admission("a-1", "V-7"));
        Assert.Equal(HttpStatusCode.Created, admitted.StatusCode);

        (string Path, object Body)[] journey =
        [
            ("phase", new { eventId = "a-2", phase = "creation", changedOn = "2026-02-01" }),
            ("incorporation", new { eventId = "a-3", siren = "732 829 320", incorporatedOn = "2026-02-10" }),
            ("funding", new { eventId = "a-4", amountEuros = 15000, kind = "honour-loan", funder = "France Active", raisedOn = "2026-02-15" }),
            ("indicators", new { eventId = "a-5", year = 2025, jobs = 2, revenueEuros = 12000, beneficiaries = 40 }),
            ("graduation", new { eventId = "a-6", on = "2026-02-28" }),
        ];
        var version = 1;
        foreach (var (path, body) in journey)
        {
            using var response = await Client.PostAsJsonAsync($"{venture}/{path}", body);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(++version, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("subjectVersion").GetInt64());
        }

        using var read = await Client.GetAsync(venture);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("W/\"6\"", read.Headers.ETag!.ToString());
        var state = await read.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("graduated", state.GetProperty("status").GetString());
        Assert.Equal("creation", state.GetProperty("phase").GetString());
        Assert.Equal("732829320", state.GetProperty("siren").GetString());
        Assert.Equal(15000m, state.GetProperty("fundingRaisedEuros").GetDecimal());
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/api/networks/{id}/ventures/V-404")).StatusCode);

        using var abandoned = await Client.PostAsJsonAsync($"{venture}/abandonment", new { eventId = "a-7", on = "2026-02-28", reason = "Plus d'activité" });
        Assert.Equal(HttpStatusCode.Conflict, abandoned.StatusCode);
        Assert.Equal("the venture is graduated since 2026-02-28",
            (await abandoned.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("currentState").GetString());
    }

    [Fact]
    public async Task AVentureAndAnEventInAnArrondissement_AreRecordedAtItsCommune()
    {
        var id = await NetworkWithProgrammeAsync("Réseau lyonnais");

        // Lyon 1er (69381) and Paris 1er (75101): COMPARENT 69123 and 75056 in INSEE's v_commune_2025.csv.
        using var admitted = await Client.PostAsJsonAsync($"/api/networks/{id}/ventures", new
        {
            eventId = "a-1", ventureRef = "V-1", name = "Atelier des Pentes", programmeRef = "INC-2026", phase = "emergence", communeCode = "69381", admittedOn = "2026-01-12",
        });
        using var scheduled = await Client.PostAsJsonAsync($"/api/networks/{id}/events", new
        {
            eventId = "e-1", publicEventRef = "DD-1", title = "Demo day", format = "demo-day", startsAt = DateTimeOffset.UtcNow.Date.AddDays(30).AddHours(16), endsAt = DateTimeOffset.UtcNow.Date.AddDays(30).AddHours(19),
            communeCode = "75101", online = false, audiences = new[] { "general-public" },
        });

        Assert.Equal(HttpStatusCode.Created, admitted.StatusCode);
        Assert.True(scheduled.StatusCode == HttpStatusCode.Created, await scheduled.Content.ReadAsStringAsync());
        var venture = await Client.GetFromJsonAsync<JsonElement>($"/api/networks/{id}/ventures/V-1");
        Assert.Equal("69123", venture.GetProperty("communeCode").GetString());
        var publicEvent = await Client.GetFromJsonAsync<JsonElement>($"/api/networks/{id}/events/DD-1");
        Assert.Equal("75056", publicEvent.GetProperty("description").GetProperty("communeCode").GetString());
    }

    [Fact]
    public async Task InvalidMessages_AnswerProblemsNamingEachField()
    {
        var id = await NetworkWithProgrammeAsync("Réseau rural");
        using var admitted = await Client.PostAsJsonAsync($"/api/networks/{id}/ventures", Admission("r-1", "V-1"));

        using var badAdmission = await Client.PostAsJsonAsync($"/api/networks/{id}/ventures", new
        {
            eventId = "r-2", ventureRef = "V-2", name = "", programmeRef = "NOPE", phase = "unicorn", communeCode = "99999", admittedOn = "2099-01-01",
        });
        using var badSiren = await Client.PostAsJsonAsync($"/api/networks/{id}/ventures/V-1/incorporation",
            new { eventId = "r-3", siren = "732829321", incorporatedOn = "2026-02-10" });
        using var noEventId = await Client.PostAsJsonAsync($"/api/networks/{id}/ventures/V-1/phase", new { phase = "growth", changedOn = "2026-02-01" });
        using var unknownVenture = await Client.PostAsJsonAsync($"/api/networks/{id}/ventures/V-404/phase", new { eventId = "r-4", phase = "growth", changedOn = "2026-02-01" });
        using var unknownNetwork = await Client.PostAsJsonAsync($"/api/networks/{Guid.CreateVersion7()}/ventures", Admission("r-5", "V-5"));

        Assert.Equal(HttpStatusCode.BadRequest, badAdmission.StatusCode);
        Assert.Equal(["admittedOn", "communeCode", "name", "phase", "programmeRef"], await NetworksService.ErrorFieldsAsync(badAdmission));
        Assert.Equal(["siren"], await NetworksService.ErrorFieldsAsync(badSiren));
        Assert.Equal(["eventId"], await NetworksService.ErrorFieldsAsync(noEventId));
        Assert.Equal(HttpStatusCode.Conflict, unknownVenture.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownNetwork.StatusCode);
    }

    [Fact]
    public async Task PublicEvents_AreScheduledChangedAndCancelled_AndACancelledOneCannotBeHeld()
    {
        var id = await NetworkWithProgrammeAsync("Ronalpia Drôme");
        var startsAt = DateTimeOffset.UtcNow.AddDays(20);
        var description = new
        {
            eventId = "e-1", publicEventRef = "DD-2026", title = "Demo day", format = "demo-day", startsAt, endsAt = startsAt.AddHours(3),
            communeCode = "26362", online = true, audiences = new[] { "general-public", "funders" }, registrationUrl = "https://ronalpia.example.org/dd",
        };
        using var scheduled = await Client.PostAsJsonAsync($"/api/networks/{id}/events", description);
        Assert.Equal(HttpStatusCode.Created, scheduled.StatusCode);

        using var changed = await Client.PostAsJsonAsync($"/api/networks/{id}/events/DD-2026/changes", new
        {
            eventId = "e-2", title = "Demo day de printemps", format = "demo-day", startsAt, endsAt = startsAt.AddHours(4),
            communeCode = "26362", online = true, audiences = new[] { "general-public" },
        });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);

        using var cancelled = await Client.PostAsJsonAsync($"/api/networks/{id}/events/DD-2026/cancellation", new { eventId = "e-3", reason = "Salle indisponible" });
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        using var held = await Client.PostAsJsonAsync($"/api/networks/{id}/events/DD-2026/held", new { eventId = "e-4", attendance = 80 });
        Assert.Equal(HttpStatusCode.Conflict, held.StatusCode);

        using var invalid = await Client.PostAsJsonAsync($"/api/networks/{id}/events", new
        {
            eventId = "e-5", publicEventRef = "X", title = "Atelier", format = "party", startsAt, endsAt = startsAt.AddHours(-1), audiences = Array.Empty<string>(),
            registrationUrl = "mailto:x@example.org",
        });
        Assert.Equal(["audiences", "communeCode", "endsAt", "format", "registrationUrl"], await NetworksService.ErrorFieldsAsync(invalid));
    }
}
