using System.Net;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using SocialTech.Funding.Funders;
using SocialTech.Funding.Grants;
using SocialTech.Funding.Programmes;
using SocialTech.Funding.Programmes.GettingDetails;

namespace SocialTech.Funding.Tests;

/// <summary>
/// The inline projections are offered only their state's <c>EventTypes</c>, and each document's version is the ETag
/// that If-Match is compared with the stream's version: an event appended to a stream but left out of its list would
/// leave the document one version behind its stream. Every kind of event each stream receives is appended here through
/// the API, and after each command every document projected from that stream has the stream's version, as has the ETag
/// GET answers.
/// </summary>
/// <remarks>On a clock of its own: an application is recorded on the clock's day, and an award cannot come before it.</remarks>
public sealed class ProjectedVersionTests(ClockedFundingService funding) : IClassFixture<ClockedFundingService>
{
    private const string Funders = "/api/funding/funders";
    private const string Programmes = "/api/funding/programmes";
    private const string Grants = "/api/funding/grants";

    [Fact]
    public async Task Funder_DeclaredThenChanged_ItsDocumentFollowsItsStream()
    {
        var region = await funding.SeedActorAsync("Région Occitanie", "31555", "local-authority");

        var (id, etag, _) = await funding.CreateAsync(Funders, new { actorId = region, funderType = "region", territory = "region:76" });
        await AssertFunderFollowsAsync(id, etag, 1);
        etag = await funding.SendAsync(HttpMethod.Put, $"{Funders}/{id}", new { funderType = "eu-fund", territory = "region:76" }, etag);
        await AssertFunderFollowsAsync(id, etag, 2);
        etag = await funding.SendAsync(HttpMethod.Put, $"{Funders}/{id}", new { funderType = "region", territory = "region:76" }, etag);
        await AssertFunderFollowsAsync(id, etag, 3);
    }

    [Fact]
    public async Task Programme_PublishedAmendedRetired_BothItsDocumentsFollowItsStream()
    {
        var funder = await funding.SeedActorAsync("Département de l'Aude", "11069", "local-authority");
        await funding.DeclareFunderAsync(funder, "state");

        var (id, etag, _) = await funding.CreateAsync(Programmes, ProgrammeBody(funder, "Épiceries solidaires"));
        await AssertProgrammeFollowsAsync(id, etag, 1);
        etag = await funding.SendAsync(HttpMethod.Put, $"{Programmes}/{id}", ProgrammeBody(funder, "Épiceries solidaires rurales"), etag);
        await AssertProgrammeFollowsAsync(id, etag, 2);
        etag = await funding.SendAsync(HttpMethod.Post, $"{Programmes}/{id}/retirement", new { retiredOn = "2025-06-30", reason = "Budget épuisé" }, etag);
        await AssertProgrammeFollowsAsync(id, etag, 3);
    }

    [Fact]
    public async Task Grant_AppliedAwardedSignedPaidAmendedClosed_ItsDocumentFollowsItsStream()
    {
        var funder = await funding.SeedActorAsync("Département de l'Hérault", "34172", "local-authority");
        await funding.DeclareFunderAsync(funder, "state");
        var recipient = await funding.SeedActorAsync("Ressourcerie de Lodève", "34142", "association");

        var (id, etag, _) = await funding.CreateAsync($"{Grants}/applications", GrantBody(funder, recipient, decisionDate: null));
        await AssertGrantFollowsAsync(id, etag, 1);
        etag = await funding.SendAsync(HttpMethod.Post, $"{Grants}/{id}/award", new { decisionDate = "2025-03-03" }, etag);
        await AssertGrantFollowsAsync(id, etag, 2);
        etag = await funding.SendAsync(HttpMethod.Post, $"{Grants}/{id}/agreement", new { signedOn = "2025-03-03" }, etag);
        await AssertGrantFollowsAsync(id, etag, 3);
        etag = await funding.SendAsync(HttpMethod.Post, $"{Grants}/{id}/disbursements", new { amount = 4000m, paidOn = "2025-03-03" }, etag);
        await AssertGrantFollowsAsync(id, etag, 4);
        etag = await funding.SendAsync(HttpMethod.Post, $"{Grants}/{id}/amendments", new { amount = 12000m, reason = "Second atelier", amendedOn = "2025-03-03" }, etag);
        await AssertGrantFollowsAsync(id, etag, 5);
        etag = await funding.SendAsync(HttpMethod.Post, $"{Grants}/{id}/closure", new { closedOn = "2025-12-31" }, etag);
        await AssertGrantFollowsAsync(id, etag, 6);
    }

    [Fact]
    public async Task Grant_AwardedThenCancelled_ItsDocumentFollowsItsStream()
    {
        var funder = await funding.SeedActorAsync("Fondation du Languedoc", "34172", "foundation");
        await funding.DeclareFunderAsync(funder, "foundation");
        var recipient = await funding.SeedActorAsync("Jardin partagé de Sète", "34301", "association");

        var (id, etag, _) = await funding.CreateAsync(Grants, GrantBody(funder, recipient, decisionDate: "2025-02-01"));
        await AssertGrantFollowsAsync(id, etag, 1);
        etag = await funding.SendAsync(HttpMethod.Post, $"{Grants}/{id}/cancellation", new { cancelledOn = "2025-03-01", reason = "Projet abandonné" }, etag);
        await AssertGrantFollowsAsync(id, etag, 2);
    }

    private static object ProgrammeBody(Guid funder, string name) => new
    {
        name,
        funders = new[] { funder },
        instructingBodies = new[] { funder },
        themes = new[] { "alimentation" },
        beneficiaryKinds = new[] { "association" },
        aidTypes = new[] { "grant" },
        eligibleTerritories = new[] { "departement:11" },
        opensOn = "2025-01-01",
        closesOn = "2025-12-31",
        callForProjects = false,
        budgetEnvelope = 100000m,
    };

    private static object GrantBody(Guid funder, Guid recipient, string? decisionDate) => new
    {
        funders = new[] { new { funderId = funder } },
        recipientId = recipient,
        purpose = "Atelier de réemploi",
        amount = 10000m,
        plannedStart = "2025-01-01",
        plannedEnd = "2025-12-31",
        decisionDate,
    };

    private async Task AssertFunderFollowsAsync(Guid id, string etag, long expected)
    {
        await using var session = Query();
        var stream = await StreamVersionAsync(session, id, expected);
        Assert.Equal(stream, (await session.LoadAsync<Funder>(id))!.Version);
        await AssertETagsAsync($"{Funders}/{id}", etag, stream);
    }

    private async Task AssertProgrammeFollowsAsync(Guid id, string etag, long expected)
    {
        await using var session = Query();
        var stream = await StreamVersionAsync(session, id, expected);
        Assert.Equal(stream, (await session.LoadAsync<Programme>(id))!.Version);
        Assert.Equal(stream, (await session.LoadAsync<ProgrammeDetails>(id))!.Version);
        await AssertETagsAsync($"{Programmes}/{id}", etag, stream);
    }

    private async Task AssertGrantFollowsAsync(Guid id, string etag, long expected)
    {
        await using var session = Query();
        var stream = await StreamVersionAsync(session, id, expected);
        Assert.Equal(stream, (await session.LoadAsync<Grant>(id))!.Version);
        await AssertETagsAsync($"{Grants}/{id}", etag, stream);
    }

    private IQuerySession Query() => funding.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();

    // The command did append (the stream is where the sequence expects it), so a document left behind shows.
    private static async Task<long> StreamVersionAsync(IQuerySession session, Guid id, long expected)
    {
        var version = (await session.Events.FetchStreamStateAsync(id))!.Version;
        Assert.Equal(expected, version);
        return version;
    }

    // The command's answer and GET both carry the stream's version: the next If-Match is compared with that.
    private async Task AssertETagsAsync(string uri, string answered, long stream)
    {
        using var read = await funding.Client.GetAsync(uri);
        Assert.Equal((HttpStatusCode.OK, $"W/\"{stream}\"", $"W/\"{stream}\""), (read.StatusCode, answered, read.Headers.ETag!.ToString()));
    }
}
