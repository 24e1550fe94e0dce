using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Marten;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using SocialTech.Actors.Contracts;
using SocialTech.BuildingBlocks.EventStore;
using SocialTech.Labelling.EcosystemFacts;
using SocialTech.Testing;

namespace SocialTech.Platform.Tests;

/// <summary>
/// Each place contract the Actors service publishes reaches Labelling over real RabbitMQ: its known places follow
/// opening, change and closing, and ignore duplicates and late, older copies.
/// </summary>
public sealed class PlaceContractsTests(ActorsAndLabelling platform) : IClassFixture<ActorsAndLabelling>
{
    private HttpClient Actors => platform.Actors.CreateClient();

    [Fact]
    public async Task EveryPlaceContract_ReachesLabellingsKnownPlaces()
    {
        var operatorId = await ActorsAndFunding.RegisterActorAsync(Actors, "Contrats Opérateur de tiers-lieux", "24352");

        // PlaceOpened
        using var opened = await Actors.PostAsJsonAsync(new Uri("/api/places", UriKind.Relative), new
        {
            name = "Contrats La Fabrique",
            typologies = new[] { "fablab", "coworking" },
            communeCode = "24352",
            operatorId,
            openedOn = "2021-09-04",
        });
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        var id = (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var seen = await SeenAsync(id, 1);
        Assert.Equal("Contrats La Fabrique", seen.Name);
        Assert.Equal(["fablab", "coworking"], seen.Typologies);
        Assert.Equal(new CommuneReference("24352", 2025), seen.Commune);
        Assert.Equal(operatorId, seen.OperatorActorId);
        Assert.Equal(new DateOnly(2021, 9, 4), seen.OpenedOn);
        Assert.Equal(KnownPlace.Open, seen.Status);

        // PlaceDetailsChanged
        var etag = await SendAsync(HttpMethod.Put, $"/api/places/{id}",
            new { name = "Contrats La Fabrique solidaire", typologies = new[] { "fablab", "food" }, communeCode = "24352", operatorId },
            opened.Headers.ETag!.ToString());
        var changed = await SeenAsync(id, 2);
        Assert.Equal("Contrats La Fabrique solidaire", changed.Name);
        Assert.Equal(["fablab", "food"], changed.Typologies);

        // PlaceClosed
        await SendAsync(HttpMethod.Post, $"/api/places/{id}/closure", new { closedOn = "2025-12-31", reason = "Fin du bail" }, etag);
        var closed = await SeenAsync(id, 3);
        Assert.Equal(KnownPlace.Closed, closed.Status);
        Assert.Equal(new DateOnly(2025, 12, 31), closed.ClosedOn);
        Assert.Equal("Contrats La Fabrique solidaire", closed.Name);

        // Labelling answers from its own copy.
        var labelling = platform.Labelling.CreateClient();
        var closedThere = await labelling.GetFromJsonAsync<JsonElement>(new Uri("/api/labelling/ecosystem/places?territory=commune:24352&status=closed", UriKind.Relative));
        Assert.Equal([id], closedThere.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("id").GetGuid()));
        var openThere = await labelling.GetFromJsonAsync<JsonElement>(new Uri("/api/labelling/ecosystem/places?territory=commune:24352", UriKind.Relative));
        Assert.Equal(0, openThere.GetProperty("totalItems").GetInt64());
    }

    [Fact]
    public async Task RedeliveredDuplicate_AndOlderVersion_HaveNoEffect()
    {
        var bus = platform.Labelling.Services.GetRequiredService<IBus>();
        var placeId = Guid.CreateVersion7();
        var openingId = Guid.NewGuid();
        var opening = new PlaceOpened(placeId, 1, "Original", ["food"], new CommuneReference("69123", 2025), Guid.CreateVersion7(), null,
            new DateOnly(2024, 1, 1));
        await PublishAndWaitAsync(bus, opening, openingId);
        await PublishAndWaitAsync(bus, new PlaceClosed(placeId, 3, new DateOnly(2025, 6, 30), "Fin du bail"), Guid.NewGuid());
        var before = await SeenAsync(placeId, 3);

        // The same message id again, with a body that would change the place if it were applied.
        await PublishAndWaitAsync(bus, opening with { Name = "Changed by a duplicate", Version = 4 }, openingId);
        // A change older than the closure, delivered late.
        await PublishAndWaitAsync(bus, new PlaceDetailsChanged(placeId, 2, "Changed by a late copy", ["food"], opening.Commune,
            opening.OperatorActorId, null, DateTimeOffset.UtcNow), Guid.NewGuid());

        var after = await LoadAsync(placeId);
        Assert.Equal("Original", after!.Name);
        Assert.Equal(KnownPlace.Closed, after.Status);
        Assert.Equal(3, after.SourceVersion);
        Assert.Equal(before.UpdatedAt, after.UpdatedAt);

        await using var session = platform.Labelling.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var records = await session.Query<ProcessedMessage>().Where(m => m.Id.EndsWith(openingId.ToString("N"))).CountAsync();
        Assert.Equal(1, records);
    }

    private async Task PublishAndWaitAsync<T>(IBus bus, T message, Guid messageId) where T : class
    {
        var consumed = platform.LabellingConsumed.WaitAsync(messageId);
        await bus.Publish(message, context => context.MessageId = messageId);
        await consumed;
    }

    private async Task<string> SendAsync(HttpMethod method, string uri, object body, string etag)
    {
        using var request = new HttpRequestMessage(method, new Uri(uri, UriKind.Relative)) { Content = JsonContent.Create(body) };
        request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(etag));
        using var response = await Actors.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response.Headers.ETag!.ToString();
    }

    private async Task<KnownPlace?> LoadAsync(Guid id)
    {
        await using var session = platform.Labelling.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return await session.LoadAsync<KnownPlace>(id);
    }

    private async Task<KnownPlace> SeenAsync(Guid id, long version) =>
        await Eventually.GetAsync(async () => await LoadAsync(id) is { } seen && seen.SourceVersion >= version ? seen : null,
            $"version {version} of place {id} in Labelling's known places");
}
