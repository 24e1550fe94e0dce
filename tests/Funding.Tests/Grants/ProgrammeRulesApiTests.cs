using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using SocialTech.Actors.Contracts;
using SocialTech.Actors.Directory;
using SocialTech.Funding.Tests.OpenData;

namespace SocialTech.Funding.Tests.Grants;

/// <summary>
/// Issue 17, point 1, through the API on real PostgreSQL: the programme "Dordogne Solidarités rurales" (Dordogne only,
/// SCIC and associations, decisions in 2025) refuses what breaks it unless a derogation says why, and regrants stay
/// under their parent's amount, also when two are sent at once.
/// </summary>
public sealed class ProgrammeRulesApiTests(FundingService funding) : IClassFixture<FundingService>
{
    private const string Grants = "/api/funding/grants";

    [Fact]
    public async Task Award_ToALyonAssociationAndToALocalAuthority_UnderTheDordogneProgramme_Is400NamingRecipientAndRules()
    {
        var (departement, programme) = await DordogneProgrammeAsync();
        var association = await funding.SeedActorAsync("Association lyonnaise du réemploi", "69123", "association");
        var authority = await funding.SeedActorAsync("Commune de Lyon", "69123", "local-authority");

        using var toAssociation = await funding.Client.PostAsJsonAsync(Grants, Award(departement, association, programme));
        using var toAuthority = await funding.Client.PostAsJsonAsync(Grants, Award(departement, authority, programme));

        var first = await ProblemAsync(toAssociation, HttpStatusCode.BadRequest);
        var second = await ProblemAsync(toAuthority, HttpStatusCode.BadRequest);
        Assert.Equal([("perimeter", "recipientId")], Breaches(first));
        Assert.Equal([("perimeter", "recipientId"), ("beneficiary-kinds", "recipientId")], Breaches(second));
        Assert.Equal("programme-rules", second.GetProperty("code").GetString());
        Assert.Equal(2, second.GetProperty("errors").GetProperty("recipientId").GetArrayLength());
        Assert.Contains("périmètre éligible", first.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Award_OutsideTheWindow_OrUnderARetiredProgramme_Is400NamingDecisionDate_ButAPlaceOfActionInThePerimeterIsEnough()
    {
        var (departement, programme) = await DordogneProgrammeAsync();
        var riberac = await funding.SeedActorAsync("Recyclerie de Ribérac", "24352", "association");
        var actingInDordogne = await SeedActingAsync("Réseau lyonnais en Périgord", "69123", new TerritoryReference("epci", "200040400", 2025));

        using var early = await funding.Client.PostAsJsonAsync(Grants, Award(departement, riberac, programme, decision: "2024-12-31"));
        var fromLyon = await funding.CreateAsync(Grants, Award(departement, actingInDordogne, programme));
        var details = await funding.GetAsync($"/api/funding/programmes/{programme}");
        using (var retire = FundingService.WithIfMatch(HttpMethod.Post, $"/api/funding/programmes/{programme}/retirement",
            new { retiredOn = "2025-09-30", reason = "Enveloppe épuisée" }, $"W/\"{details.GetProperty("version").GetInt64()}\""))
        {
            using var retired = await funding.Client.SendAsync(retire);
            Assert.Equal(HttpStatusCode.OK, retired.StatusCode);
        }

        using var afterRetirement = await funding.Client.PostAsJsonAsync(Grants, Award(departement, riberac, programme));

        Assert.Equal([("window", "decisionDate")], Breaches(await ProblemAsync(early, HttpStatusCode.BadRequest)));
        Assert.Empty(fromLyon.Body.GetProperty("derogations").EnumerateArray());
        Assert.Equal([("window", "decisionDate")], Breaches(await ProblemAsync(afterRetirement, HttpStatusCode.BadRequest)));
    }

    [Fact]
    public async Task Award_WithAReasonedDerogation_IsCreated_AndTheDerogationShowsInDetailsAndIn360Giving_AWrongOneIs400()
    {
        var (departement, programme) = await DordogneProgrammeAsync();
        var authority = await funding.SeedActorAsync("Commune de Lyon (dérogation)", "69123", "local-authority");
        const string reason = "Délibération CD24 n° 2025-41 : projet pilote avec la Métropole de Lyon";

        using var needless = await funding.Client.PostAsJsonAsync(Grants, Award(departement, authority, programme) with
        {
            derogation = new { rules = new[] { "perimeter", "beneficiary-kinds", "window" }, reason },
        });
        using var unreasoned = await funding.Client.PostAsJsonAsync(Grants, Award(departement, authority, programme) with
        {
            derogation = new { rules = new[] { "perimeter", "beneficiary-kinds" }, reason = "" },
        });
        var (id, _, created) = await funding.CreateAsync(Grants, Award(departement, authority, programme) with
        {
            derogation = new { rules = new[] { "beneficiary-kinds", "perimeter" }, reason },
        });
        var details = await funding.GetAsync($"{Grants}/{id}");
        using var export = await funding.Client.GetAsync(new Uri("/api/funding/exports/360giving", UriKind.Relative));
        var package = await export.Content.ReadAsStringAsync();

        Assert.Equal([("derogation", "derogation.rules")], Breaches(await ProblemAsync(needless, HttpStatusCode.BadRequest)));
        Assert.Equal([("derogation", "derogation.reason")], Breaches(await ProblemAsync(unreasoned, HttpStatusCode.BadRequest)));
        foreach (var grant in new[] { created, details })
        {
            var derogation = Assert.Single(grant.GetProperty("derogations").EnumerateArray());
            Assert.Equal(["perimeter", "beneficiary-kinds"], derogation.GetProperty("rules").EnumerateArray().Select(r => r.GetString()));
            Assert.Equal((reason, "2025-03-01"), (derogation.GetProperty("reason").GetString(), derogation.GetProperty("decidedOn").GetString()));
        }

        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Empty((await OpenDataApiTests.PackageSchemaAsync()).Validate(package));
        var exported = JsonDocument.Parse(package).RootElement.GetProperty("grants").EnumerateArray()
            .Single(g => g.GetProperty("id").GetString() == $"360G-socialtech-{id}");
        var inExport = Assert.Single(exported.GetProperty("programmeDerogations").EnumerateArray());
        Assert.Equal((reason, 2), (inExport.GetProperty("reason").GetString(), inExport.GetProperty("rules").GetArrayLength()));
    }

    [Fact]
    public async Task Regrants_AboveTheParent_Are409NamingTheParent_FromAChildOrFromTheParentsAmendment()
    {
        var (_, intermediary, parent, parentTag) = await ParentAsync(15000m);
        var recipient = await funding.SeedActorAsync("Ressourcerie de Nontron", "24311", "association");

        // Issue 17: a 50 000 € child under a 15 000 € parent was accepted.
        using var fifty = await funding.Client.PostAsJsonAsync(Grants, Regrant(intermediary, recipient, parent, 50000m));
        var (child, childTag, _) = await funding.CreateAsync(Grants, Regrant(intermediary, recipient, parent, 10000m));
        using var beyond = await funding.Client.PostAsJsonAsync(Grants, Regrant(intermediary, recipient, parent, 5000.01m));
        await funding.CreateAsync(Grants, Regrant(intermediary, recipient, parent, 5000m));
        using var parentBelow = await funding.Client.SendAsync(FundingService.WithIfMatch(HttpMethod.Post, $"{Grants}/{parent}/amendments",
            new { amount = 14999.99m, reason = "Réduction", amendedOn = "2025-06-01" }, parentTag));
        using var childAbove = await funding.Client.SendAsync(FundingService.WithIfMatch(HttpMethod.Post, $"{Grants}/{child}/amendments",
            new { amount = 10000.01m, reason = "Avenant", amendedOn = "2025-06-01" }, childTag));
        await funding.SendAsync(HttpMethod.Post, $"{Grants}/{child}/amendments", new { amount = 4000m, reason = "Sous-consommation", amendedOn = "2025-06-01" }, childTag);
        // 15 000 € regranted 4 000 + 5 000 = 9 000 € now: 8 999.99 € is below, 9 000 € is not. Regrants left the parent's ETag as it was.
        using var below = await funding.Client.SendAsync(FundingService.WithIfMatch(HttpMethod.Post, $"{Grants}/{parent}/amendments",
            new { amount = 8999.99m, reason = "Réduction", amendedOn = "2025-06-01" }, parentTag));
        await funding.SendAsync(HttpMethod.Post, $"{Grants}/{parent}/amendments", new { amount = 9000m, reason = "Réduction", amendedOn = "2025-06-01" }, parentTag);

        var problem = await ProblemAsync(fifty, HttpStatusCode.Conflict);
        Assert.Equal(("regrant-ceiling", "parentGrantId", parent), (problem.GetProperty("code").GetString(), problem.GetProperty("field").GetString(),
            problem.GetProperty("parentGrantId").GetGuid()));
        Assert.True(problem.GetProperty("errors").TryGetProperty("parentGrantId", out _));
        Assert.Equal("parentGrantId", (await ProblemAsync(beyond, HttpStatusCode.Conflict)).GetProperty("field").GetString());
        Assert.Equal("amount", (await ProblemAsync(parentBelow, HttpStatusCode.Conflict)).GetProperty("field").GetString());
        Assert.Equal("parentGrantId", (await ProblemAsync(childAbove, HttpStatusCode.Conflict)).GetProperty("field").GetString());
        Assert.Equal("amount", (await ProblemAsync(below, HttpStatusCode.Conflict)).GetProperty("field").GetString());
        Assert.Equal(9000m, (await funding.GetAsync($"{Grants}/{parent}")).GetProperty("awarded").GetDecimal());
    }

    [Fact]
    public async Task TwoRegrantsSentAtOnce_NeverTogetherExceedTheParent()
    {
        // Each round: a 15 000 € parent and two 10 000 € regrants at the same instant. Either fits alone, not both.
        var recipient = await funding.SeedActorAsync("Atelier vélo de Bergerac", "24037", "association");
        for (var round = 0; round < 4; round++)
        {
            var (_, intermediary, parent, _) = await ParentAsync(15000m);
            using var start = new SemaphoreSlim(0);
            var sends = Enumerable.Range(0, 2).Select(async _ =>
            {
                await start.WaitAsync();
                return await funding.Client.PostAsJsonAsync(Grants, Regrant(intermediary, recipient, parent, 10000m));
            }).ToArray();
            start.Release(2);
            var answers = await Task.WhenAll(sends);

            Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Conflict], answers.Select(a => a.StatusCode).Order());
            foreach (var answer in answers)
            {
                answer.Dispose();
            }

            // An independent count: the children recorded under the parent in the grants' own table.
            await using var session = funding.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
            var children = await session.Query<SocialTech.Funding.Grants.Grant>().Where(g => g.Terms.ParentGrantId == parent).ToListAsync();
            Assert.Equal(10000m, children.Sum(c => c.Terms.Amount));
        }
    }

    [Fact]
    public async Task AwardOfAnApplication_AndAmendment_AreCheckedAgainstTheProgramme()
    {
        var (departement, programme) = await DordogneProgrammeAsync();
        var lyon = await funding.SeedActorAsync("Association lyonnaise (candidature)", "69123", "association");
        var riberac = await funding.SeedActorAsync("Recyclerie de Ribérac (avenant)", "24352", "association");
        var application = Award(departement, lyon, programme) with { decisionDate = null };
        var (applied, appliedTag, _) = await funding.CreateAsync($"{Grants}/applications", application);
        var (awarded, awardedTag, _) = await funding.CreateAsync(Grants, Award(departement, riberac, programme));

        using var refused = await funding.Client.SendAsync(FundingService.WithIfMatch(HttpMethod.Post, $"{Grants}/{applied}/award",
            new { decisionDate = DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) }, appliedTag));
        using var raisedLate = await funding.Client.SendAsync(FundingService.WithIfMatch(HttpMethod.Post, $"{Grants}/{awarded}/amendments",
            new { amount = 15000m, reason = "Avenant", amendedOn = "2026-02-01" }, awardedTag));
        await funding.SendAsync(HttpMethod.Post, $"{Grants}/{awarded}/amendments", new
        {
            amount = 15000m, reason = "Avenant", amendedOn = "2026-02-01", derogation = new { rules = new[] { "window" }, reason = "Avenant voté en commission permanente du 26/01/2026" },
        }, awardedTag);
        var amended = await funding.GetAsync($"{Grants}/{awarded}");

        // Today is after the programme's window as well as outside its perimeter.
        Assert.Equal([("perimeter", "recipientId"), ("window", "decisionDate")], Breaches(await ProblemAsync(refused, HttpStatusCode.BadRequest)));
        Assert.Equal([("window", "amendedOn")], Breaches(await ProblemAsync(raisedLate, HttpStatusCode.BadRequest)));
        Assert.Equal((15000m, "2026-02-01"), (amended.GetProperty("awarded").GetDecimal(),
            Assert.Single(amended.GetProperty("derogations").EnumerateArray()).GetProperty("decidedOn").GetString()));
    }

    private async Task<(Guid Departement, Guid Programme)> DordogneProgrammeAsync()
    {
        var departement = await funding.SeedActorAsync("Département de la Dordogne", "24322", "local-authority");
        await funding.DeclareFunderAsync(departement, "departement", "departement:24");
        var (programme, _, _) = await funding.CreateAsync("/api/funding/programmes", new
        {
            name = "Dordogne Solidarités rurales", funders = new[] { departement }, instructingBodies = new[] { departement }, themes = new[] { "solidarite" },
            beneficiaryKinds = new[] { "association", "scic" }, aidTypes = new[] { "grant" }, eligibleTerritories = new[] { "departement:24" },
            opensOn = "2025-01-01", closesOn = "2025-12-31",
        });
        return (departement, programme);
    }

    /// <summary>A 15 000 € grant of the Dordogne to an intermediary declared as a funder, which regrants it.</summary>
    private async Task<(Guid Departement, Guid Intermediary, Guid Parent, string ETag)> ParentAsync(decimal amount)
    {
        var departement = await funding.SeedActorAsync("Département de la Dordogne (reversements)", "24322", "local-authority");
        await funding.DeclareFunderAsync(departement, "departement", "departement:24");
        var intermediary = await funding.SeedActorAsync("Fonds associatif du Périgord", "24322", "association");
        await funding.DeclareFunderAsync(intermediary, "foundation");
        var (parent, etag, _) = await funding.CreateAsync(Grants, Award(departement, intermediary, null, amount));
        return (departement, intermediary, parent, etag);
    }

    private static GrantBody Award(Guid funder, Guid recipient, Guid? programme, decimal amount = 12000m, string? decision = "2025-03-01") => new(
        [new { funderId = funder }], recipient, programme, "Atelier de réparation", amount, "2025-01-01", "2025-12-31", decision, null, null);

    private static GrantBody Regrant(Guid intermediary, Guid recipient, Guid parent, decimal amount) =>
        Award(intermediary, recipient, null, amount) with { parentGrantId = parent };

    private async Task<Guid> SeedActingAsync(string name, string headOffice, params TerritoryReference[] places)
    {
        var id = Guid.CreateVersion7();
        await using var session = funding.Host.Services.GetRequiredService<IDocumentStore>().LightweightSession();
        session.Store(new DirectoryActor(id, name, ["association"], new ActorIdentifiers(null, null, null), true,
            new CommuneReference(headOffice, 2025), places, DirectoryActor.Active, null, 1, DateTimeOffset.UtcNow));
        await session.SaveChangesAsync();
        return id;
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode} {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return body;
    }

    private static (string, string)[] Breaches(JsonElement problem) =>
        [.. problem.GetProperty("breaches").EnumerateArray().Select(b => (b.GetProperty("rule").GetString()!, b.GetProperty("field").GetString()!))];

#pragma warning disable IDE1006, SA1300 // JSON property names, as the API spells them.
    private sealed record GrantBody(
        object[] funders, Guid recipientId, Guid? programmeId, string purpose, decimal amount, string plannedStart, string plannedEnd,
        string? decisionDate, Guid? parentGrantId, object? derogation);
#pragma warning restore IDE1006, SA1300
}
