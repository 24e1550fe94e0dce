using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using SocialTech.Actors.Directory;
using SocialTech.Labelling.FundingFacts;
using SocialTech.Testing;

namespace SocialTech.Platform.Tests;

/// <summary>
/// Each contract the Funding service publishes reaches another service over real RabbitMQ: Labelling's funding
/// facts follow a grant's award, payment, amendment and cancellation, and its programmes follow publication and
/// retirement. The actors come from the Actors service, through Funding's directory, as in production.
/// </summary>
public sealed class FundingContractsTests(ActorsFundingLabelling platform) : IClassFixture<ActorsFundingLabelling>
{
    private HttpClient Funding => platform.Funding.CreateClient();

    [Fact]
    public async Task EveryFundingContract_ReachesLabelling()
    {
        var funder = await RegisterAsync("Département de la Dordogne (contrats)", "24322", "local-authority");
        var cofunder = await RegisterAsync("Fondation des contrats", "69123", "foundation");
        var recipient = await RegisterAsync("Recyclerie des contrats", "24352", "association");
        await DeclareFunderAsync(funder, "departement", "departement:24");
        await DeclareFunderAsync(cofunder, "foundation", null);

        // ProgrammePublished
        var (programme, programmeEtag) = await CreateAsync("/api/funding/programmes", new
        {
            name = "Économie circulaire", funders = new[] { funder }, instructingBodies = new[] { funder }, themes = new[] { "reemploi" },
            beneficiaryKinds = new[] { "association" }, aidTypes = new[] { "grant" }, eligibleTerritories = new[] { "departement:24" },
            opensOn = "2025-01-01",
        });
        var published = await SeenAsync<FundedProgramme>(programme, 1);
        Assert.Equal(("Économie circulaire", "published"), (published.Name, published.Status));
        Assert.Equal(["reemploi"], published.Themes);
        Assert.Equal(("departement", "24", 2025), (published.EligibleTerritories[0].Level, published.EligibleTerritories[0].Code, published.EligibleTerritories[0].Vintage));

        // GrantAwarded (co-funded, under the programme, used in two communes)
        var (grant, etag) = await CreateAsync("/api/funding/grants", new
        {
            funders = new object[] { new { funderId = funder, amount = 8000m, funderType = "departement" }, new { funderId = cofunder, amount = 2000m } },
            recipientId = recipient, programmeId = programme, purpose = "Atelier de réemploi", amount = 10000m,
            plannedStart = "2025-03-01", plannedEnd = "2026-02-28", decisionDate = "2025-02-10", beneficiaryCommuneCodes = new[] { "24352", "24322" },
        });
        var awarded = await SeenAsync<FundingFact>(grant, 1);
        Assert.Equal((recipient, programme, "awarded", 10000m, 0m, new DateOnly(2025, 2, 10)),
            (awarded.RecipientActorId, awarded.ProgrammeId, awarded.Status, awarded.Awarded, awarded.Disbursed, awarded.DecisionDate));
        Assert.Equal([(funder, "departement", 8000m), (cofunder, "foundation", 2000m)], awarded.Funders.Select(f => (f.FunderId, f.FunderType, f.Amount)));
        Assert.Equal([2025, 2026], awarded.FiscalYears);

        // GrantDisbursed (the agreement in between is not published: version 3 is the payment)
        etag = await SendAsync($"/api/funding/grants/{grant}/agreement", new { signedOn = "2025-02-20" }, etag);
        etag = await SendAsync($"/api/funding/grants/{grant}/disbursements", new { funderId = funder, amount = 3000m, paidOn = "2025-03-05" }, etag);
        var paid = await SeenAsync<FundingFact>(grant, 3);
        Assert.Equal((3000m, new DateOnly(2025, 3, 5)), (paid.Disbursed, paid.LastPaidOn));

        // GrantAmended
        await SendAsync($"/api/funding/grants/{grant}/amendments", new
        {
            amount = 9000m, reason = "Sous-réalisation", amendedOn = "2025-06-01",
            funders = new object[] { new { funderId = funder, amount = 7000m }, new { funderId = cofunder, amount = 2000m } },
        }, etag);
        var amended = await SeenAsync<FundingFact>(grant, 4);
        Assert.Equal((9000m, 3000m), (amended.Awarded, amended.Disbursed));
        Assert.Equal([7000m, 2000m], amended.Funders.Select(f => f.Amount));

        // GrantAwarded from an application, then GrantCancelled
        var (application, applicationEtag) = await CreateAsync("/api/funding/grants/applications", new
        {
            funders = new[] { new { funderId = funder } }, recipientId = recipient, purpose = "Second atelier", amount = 500m,
            plannedStart = "2025-06-01", plannedEnd = "2025-12-31",
        });
        // An application is recorded as of today, and its award cannot come before it.
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        applicationEtag = await SendAsync($"/api/funding/grants/{application}/award", new { decisionDate = today }, applicationEtag);
        Assert.Equal((2L, 500m), ((await SeenAsync<FundingFact>(application, 2)).SourceVersion, (await SeenAsync<FundingFact>(application, 2)).Awarded));
        await SendAsync($"/api/funding/grants/{application}/cancellation", new { cancelledOn = today, reason = "Projet abandonné" }, applicationEtag);
        var cancelled = await SeenAsync<FundingFact>(application, 3);
        Assert.Equal(("cancelled", today), (cancelled.Status, cancelled.CancelledOn));

        // ProgrammeRetired
        await SendAsync($"/api/funding/programmes/{programme}/retirement", new { retiredOn = "2025-12-31", reason = "Enveloppe épuisée" }, programmeEtag);
        var retired = await SeenAsync<FundedProgramme>(programme, 2);
        Assert.Equal(("retired", new DateOnly(2025, 12, 31)), (retired.Status, retired.RetiredOn));
    }

    /// <summary>Declares a funder, as it must be before it funds a programme or awards a grant.</summary>
    private async Task DeclareFunderAsync(Guid actorId, string funderType, string? territory)
    {
        using var response = await Funding.PostAsJsonAsync(new Uri("/api/funding/funders", UriKind.Relative), new { actorId, funderType, territory });
        Assert.True(response.IsSuccessStatusCode, $"declaring {actorId}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private async Task<Guid> RegisterAsync(string name, string commune, string kind)
    {
        using var actors = platform.Actors.CreateClient();
        using var response = await actors.PostAsJsonAsync(new Uri("/api/actors", UriKind.Relative),
            new { name, kinds = new[] { kind }, headOfficeCommuneCode = commune });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await Eventually.GetAsync(async () =>
        {
            await using var session = platform.Funding.Services.GetRequiredService<IDocumentStore>().QuerySession();
            return await session.LoadAsync<DirectoryActor>(id);
        }, $"actor {id} in Funding's directory");
        return id;
    }

    private async Task<(Guid Id, string ETag)> CreateAsync(string uri, object body)
    {
        using var response = await Funding.PostAsJsonAsync(new Uri(uri, UriKind.Relative), body);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{uri}: {(int)response.StatusCode} {json}");
        return (json.GetProperty("id").GetGuid(), response.Headers.ETag!.ToString());
    }

    private async Task<string> SendAsync(string uri, object body, string etag)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(uri, UriKind.Relative)) { Content = JsonContent.Create(body) };
        request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(etag));
        using var response = await Funding.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{uri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return response.Headers.ETag!.ToString();
    }

    private async Task<T> SeenAsync<T>(Guid id, long version) where T : class, SocialTech.BuildingBlocks.EventStore.ILocalCopy =>
        await Eventually.GetAsync(async () =>
        {
            await using var session = platform.Labelling.Services.GetRequiredService<IDocumentStore>().QuerySession();
            var seen = await session.LoadAsync<T>(id);
            return seen?.SourceVersion >= version ? seen : null;
        }, $"version {version} of {typeof(T).Name} {id} in Labelling");
}
