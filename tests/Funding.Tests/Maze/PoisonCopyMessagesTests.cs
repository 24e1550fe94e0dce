using System.Globalization;
using System.Net;
using System.Text;
using Marten;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using RabbitMQ.Client;
using SocialTech.Actors.Contracts;
using SocialTech.Funding.Hubs;
using SocialTech.Funding.Places;
using SocialTech.Funding.Relays;
using SocialTech.IncubatorNetworks.Contracts;
using SocialTech.Testing;

namespace SocialTech.Funding.Tests.Maze;

/// <summary>
/// Relay, place and hub contracts whose fields no publisher should leave empty (a list, a territory, an id), put on the
/// real broker: each ends in its queue's error queue at once, no retry, nothing of it in the copy; the valid message
/// behind it is applied, and the maze still answers for the territory the bad one named.
/// </summary>
/// <remarks>
/// Before, a declaration without <c>forKinds</c> was copied as it came, and every maze question around Ribérac was then
/// a 500 (the relays' kinds read as a list); one without territories failed on a null, was retried five times, holding
/// the in-order queue for seconds, before the error queue.
/// </remarks>
public sealed class PoisonCopyMessagesTests(FundingService funding) : IClassFixture<FundingService>
{
    private static readonly TerritoryReference[] Riberac = [new("commune", "24352", 2025)];

    private Task PublishAsync<T>(T message, Guid messageId) where T : class =>
        funding.Host.Services.GetRequiredService<IBus>().Publish(message, context => context.MessageId = messageId);

    private async Task<T?> LoadAsync<T>(Guid id) where T : class
    {
        await using var session = funding.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return await session.LoadAsync<T>(id);
    }

    [Fact]
    public async Task RelayOffersWithoutTheirLists_EndInTheErrorQueueAtOnce_AndTheNextOneIsApplied()
    {
        var actor = await funding.SeedActorAsync("Relais empoisonné", "24352", "network-head");
        var poison = new List<(Guid MessageId, Guid OfferId)>();
        async Task PoisonAsync(Func<Guid, object> message)
        {
            var (id, offer) = (Guid.NewGuid(), Guid.CreateVersion7());
            poison.Add((id, offer));
            await funding.Host.Services.GetRequiredService<IBus>().Publish(message(offer), message(offer).GetType(), context => context.MessageId = id);
        }

        await PoisonAsync(offer => new RelayOfferDeclared(actor, offer, 1, ["funding-advice"], null!, Riberac, "a@example.org", false, DateTimeOffset.UtcNow));
        await PoisonAsync(offer => new RelayOfferDeclared(actor, offer, 1, null!, ["association"], Riberac, "b@example.org", false, DateTimeOffset.UtcNow));
        await PoisonAsync(offer => new RelayOfferDeclared(actor, offer, 1, ["funding-advice"], ["association"], null!, "c@example.org", false, DateTimeOffset.UtcNow));
        await PoisonAsync(offer => new RelayOfferDeclared(actor, offer, 1, ["funding-advice"], ["association"], [null!], "d@example.org", false, DateTimeOffset.UtcNow));
        await PoisonAsync(offer => new RelayOfferDeclared(actor, offer, 1, ["funding-advice"], [null!], Riberac, "e@example.org", false, DateTimeOffset.UtcNow));
        await PoisonAsync(offer => new RelayOfferChanged(actor, offer, 2, ["funding-advice"], ["association"], [new TerritoryReference(null!, "24352", 2025)], "f@example.org", false, DateTimeOffset.UtcNow));
        await PoisonAsync(offer => new RelayOfferDeclared(actor, offer, 1, ["funding-advice"], ["association"], Riberac, null!, false, DateTimeOffset.UtcNow));
        await PoisonAsync(offer => new RelayOfferDeclared(Guid.Empty, offer, 1, ["funding-advice"], ["association"], Riberac, "g@example.org", false, DateTimeOffset.UtcNow));
        await PoisonAsync(offer => new RelayOfferWithdrawn(actor, offer, 0, null, DateTimeOffset.UtcNow));

        var valid = Guid.CreateVersion7();
        await PublishAsync(new RelayOfferDeclared(actor, valid, 1, ["funding-advice"], ["association"], Riberac, "relais@example.org", false, DateTimeOffset.UtcNow), Guid.NewGuid());

        await Eventually.GetAsync(() => LoadAsync<KnownRelay>(valid), "the valid offer behind the poison");
        await AssertInErrorQueueAsync("funding-known-relays_error", poison.Select(p => p.MessageId).ToArray());
        foreach (var (_, offer) in poison)
        {
            Assert.Null(await LoadAsync<KnownRelay>(offer));
        }

        using var maze = await funding.Client.GetAsync("/api/funding/maze?kinds=association&commune=24352");
        Assert.True(maze.StatusCode == HttpStatusCode.OK, $"{(int)maze.StatusCode} {await maze.Content.ReadAsStringAsync()}");
    }

    [Fact]
    public async Task PlacesAndHubsWithoutTheirIds_EndInTheErrorQueueAtOnce_AndTheNextOneIsApplied()
    {
        var operatorId = Guid.CreateVersion7();
        var badPlaces = new List<Guid>();
        foreach (var message in new object[]
                 {
                     new PlaceOpened(Guid.CreateVersion7(), 1, "Sans commune", ["tiers-lieu"], null!, operatorId, null, new DateOnly(2025, 1, 1)),
                     new PlaceOpened(Guid.Empty, 1, "Sans id", ["tiers-lieu"], new CommuneReference("24352", 2025), operatorId, null, new DateOnly(2025, 1, 1)),
                     new PlaceOpened(Guid.CreateVersion7(), 0, "Version 0", ["tiers-lieu"], new CommuneReference("24352", 2025), operatorId, null, new DateOnly(2025, 1, 1)),
                 })
        {
            var id = Guid.NewGuid();
            badPlaces.Add(id);
            await funding.Host.Services.GetRequiredService<IBus>().Publish(message, message.GetType(), context => context.MessageId = id);
        }

        var place = Guid.CreateVersion7();
        await PublishAsync(new PlaceOpened(place, 1, "Tiers-lieu valide", ["tiers-lieu"], new CommuneReference("24352", 2025), operatorId, null, new DateOnly(2025, 1, 1)), Guid.NewGuid());

        var badHubs = new List<Guid>();
        foreach (var message in new object[]
                 {
                     new NetworkHubOpened(Guid.Empty, 1, "Réseau", Guid.CreateVersion7(), "Antenne", "24352", "FR", "Ribérac", new DateOnly(2025, 1, 1)),
                     new NetworkHubOpened(Guid.CreateVersion7(), 1, "Réseau", Guid.Empty, "Antenne", "24352", "FR", "Ribérac", new DateOnly(2025, 1, 1)),
                     new NetworkHubOpened(Guid.CreateVersion7(), -3, "Réseau", Guid.CreateVersion7(), "Antenne", "24352", "FR", "Ribérac", new DateOnly(2025, 1, 1)),
                 })
        {
            var id = Guid.NewGuid();
            badHubs.Add(id);
            await funding.Host.Services.GetRequiredService<IBus>().Publish(message, message.GetType(), context => context.MessageId = id);
        }

        var hub = Guid.CreateVersion7();
        await PublishAsync(new NetworkHubOpened(Guid.CreateVersion7(), 1, "Réseau valide", hub, "Antenne valide", "24352", "FR", "Ribérac", new DateOnly(2025, 1, 1)), Guid.NewGuid());

        await Eventually.GetAsync(() => LoadAsync<KnownPlace>(place), "the valid place behind the poison");
        await Eventually.GetAsync(() => LoadAsync<KnownHub>(hub), "the valid hub behind the poison");
        await AssertInErrorQueueAsync("funding-known-places_error", [.. badPlaces]);
        await AssertInErrorQueueAsync("funding-known-hubs_error", [.. badHubs]);
        Assert.Null(await LoadAsync<KnownPlace>(Guid.Empty));
        Assert.Null(await LoadAsync<KnownHub>(Guid.Empty));
    }

    [Fact]
    public async Task DirectoryActorsWithoutKindsOrHeadOffice_EndInTheErrorQueueAtOnce_AndTheMazeOfThatActorIsNo500()
    {
        ActorProfile Profile(IReadOnlyList<string> kinds, CommuneReference headOffice) =>
            new("Acteur empoisonné", kinds, new ActorIdentifiers(null, null, null), null, true, null, headOffice, [], null, null, "active");
        var riberac = new CommuneReference("24352", 2025);
        var bad = new List<(Guid MessageId, Guid ActorId, object Message)>();
        foreach (var make in new Func<Guid, object>[]
                 {
                     actor => new ActorRegistered(actor, 1, Profile(null!, riberac), DateTimeOffset.UtcNow),
                     actor => new ActorRegistered(actor, 1, Profile(["association"], null!), DateTimeOffset.UtcNow),
                     actor => new ActorRegistered(actor, 1, null!, DateTimeOffset.UtcNow),
                     actor => new ActorProfileChanged(actor, 2, Profile([null!], riberac), DateTimeOffset.UtcNow),
                 })
        {
            var actor = Guid.CreateVersion7();
            bad.Add((Guid.NewGuid(), actor, make(actor)));
        }

        foreach (var (id, _, message) in bad)
        {
            await funding.Host.Services.GetRequiredService<IBus>().Publish(message, message.GetType(), context => context.MessageId = id);
        }

        var valid = Guid.CreateVersion7();
        await PublishAsync(new ActorRegistered(valid, 1, Profile(["association"], riberac), DateTimeOffset.UtcNow), Guid.NewGuid());

        await Eventually.GetAsync(() => LoadAsync<SocialTech.Actors.Directory.DirectoryActor>(valid), "the valid actor behind the poison");
        await AssertInErrorQueueAsync("funding-actor-directory_error", [.. bad.Select(b => b.MessageId)]);
        foreach (var (_, actor, _) in bad)
        {
            using var maze = await funding.Client.GetAsync($"/api/funding/maze?actor={actor}");
            Assert.True(maze.StatusCode == HttpStatusCode.NotFound, $"{actor}: {(int)maze.StatusCode} {await maze.Content.ReadAsStringAsync()}");
        }

        using var answered = await funding.Client.GetAsync($"/api/funding/maze?actor={valid}");
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
    }

    /// <summary>Each message is in the error queue, faulted on its first attempt (MassTransit's retry count header absent or 0).</summary>
    private async Task AssertInErrorQueueAsync(string errorQueue, Guid[] messageIds)
    {
        var factory = new ConnectionFactory { Uri = funding.Amqp };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var found = new Dictionary<Guid, int>();
        await Eventually.TrueAsync(async () =>
        {
            while (await channel.BasicGetAsync(errorQueue, autoAck: true) is { } got)
            {
                var headers = got.BasicProperties.Headers ?? new Dictionary<string, object?>();
                var retries = headers.TryGetValue(MessageHeaders.FaultRetryCount, out var value) && value is not null
                    ? int.Parse(value is byte[] bytes ? Encoding.UTF8.GetString(bytes) : value.ToString()!, CultureInfo.InvariantCulture)
                    : 0;
                var body = Encoding.UTF8.GetString(got.Body.Span);
                foreach (var id in messageIds.Where(id => got.BasicProperties.MessageId == id.ToString() || body.Contains(id.ToString(), StringComparison.Ordinal)))
                {
                    found[id] = retries;
                }
            }

            return messageIds.All(found.ContainsKey);
        }, $"{messageIds.Length} messages in {errorQueue}");

        Assert.All(messageIds, id => Assert.Equal(0, found[id]));
    }
}
