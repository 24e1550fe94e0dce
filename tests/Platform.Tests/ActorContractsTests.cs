using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using SocialTech.Actors.Directory;
using SocialTech.Testing;

namespace SocialTech.Platform.Tests;

/// <summary>
/// Each contract the Actors service publishes reaches another service over real RabbitMQ: Funding's directory
/// follows registration, profile change, relocation, cessation and merge.
/// </summary>
public sealed class ActorContractsTests(ActorsAndFunding platform) : IClassFixture<ActorsAndFunding>
{
    private HttpClient Actors => platform.Actors.CreateClient();

    [Fact]
    public async Task EveryActorContract_ReachesFundingsDirectory()
    {
        // ActorRegistered
        var (id, etag) = await RegisterAsync("Contrats Association", "W691000025");
        var registered = await SeenAsync(id, 1);
        Assert.Equal("Contrats Association", registered.Name);
        Assert.Equal("W691000025", registered.Identifiers.Rna);

        // ActorProfileChanged (from a kind added: the whole profile travels)
        etag = await SendAsync(HttpMethod.Post, $"/api/actors/{id}/kinds", new { kind = "incubator" }, etag);
        Assert.Equal(["association", "incubator"], (await SeenAsync(id, 2)).Kinds);

        // ActorProfileChanged (from the profile itself)
        etag = await SendAsync(HttpMethod.Put, $"/api/actors/{id}/profile", new { name = "Contrats Association renommée", ess = true }, etag);
        var renamed = await SeenAsync(id, 3);
        Assert.Equal("Contrats Association renommée", renamed.Name);
        Assert.True(renamed.Ess);

        // ActorRelocated
        etag = await SendAsync(HttpMethod.Put, $"/api/actors/{id}/head-office", new { communeCode = "24352" }, etag);
        Assert.Equal("24352", (await SeenAsync(id, 4)).HeadOffice.Code);

        // ActorCeased
        await SendAsync(HttpMethod.Post, $"/api/actors/{id}/cessation", new { ceasedOn = "2026-01-15", reason = "Dissolution" }, etag);
        Assert.Equal("ceased", (await SeenAsync(id, 5)).Status);

        // ActorsMerged
        var (survivor, _) = await RegisterAsync("Contrats Survivante", null);
        var (duplicate, duplicateEtag) = await RegisterAsync("Contrats Doublon", "W691000033");
        await SendAsync(HttpMethod.Post, $"/api/actors/{duplicate}/merge", new { survivorId = survivor }, duplicateEtag);
        var absorbed = await SeenAsync(duplicate, 2);
        Assert.Equal("merged", absorbed.Status);
        Assert.Equal(survivor, absorbed.MergedInto);
        Assert.Equal("W691000033", (await SeenAsync(survivor, 2)).Identifiers.Rna);
    }

    private async Task<(Guid Id, string ETag)> RegisterAsync(string name, string? rna)
    {
        using var response = await Actors.PostAsJsonAsync(new Uri("/api/actors", UriKind.Relative),
            new { name, kinds = new[] { "association" }, headOfficeCommuneCode = "69123", rna });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return ((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid(), response.Headers.ETag!.ToString());
    }

    private async Task<string> SendAsync(HttpMethod method, string uri, object body, string etag)
    {
        using var request = new HttpRequestMessage(method, new Uri(uri, UriKind.Relative)) { Content = JsonContent.Create(body) };
        request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(etag));
        using var response = await Actors.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response.Headers.ETag!.ToString();
    }

    private async Task<DirectoryActor> SeenAsync(Guid id, long version) =>
        await Eventually.GetAsync(async () =>
        {
            await using var session = platform.Funding.Services.GetRequiredService<IDocumentStore>().QuerySession();
            var seen = await session.LoadAsync<DirectoryActor>(id);
            return seen?.SourceVersion >= version ? seen : null;
        }, $"version {version} of actor {id} in Funding's directory");
}
