using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using SocialTech.Actors;
using SocialTech.BuildingBlocks.EventStore;
using SocialTech.BuildingBlocks.Messaging;
using SocialTech.BuildingBlocks.Security;
using SocialTech.Funding;
using SocialTech.Funding.Relays;
using SocialTech.Testing;

namespace SocialTech.Platform.Tests;

/// <summary>
/// Actors with relay offers declared before Funding ever ran: Funding's queue did not exist, so every contract went
/// nowhere. The fixture starts Funding only when a test asks for it.
/// </summary>
public sealed class LateConsumer : IAsyncLifetime
{
    private IsolatedDatabase? actorsDb;
    private IsolatedDatabase? fundingDb;
    private IsolatedVirtualHost? vhost;

    public ServiceHost<ActorsApiEntryPoint> Actors { get; private set; } = null!;

    public ServiceHost<FundingApiEntryPoint>? Funding { get; private set; }

    public Uri Amqp => vhost!.Amqp;

    public async Task InitializeAsync()
    {
        var servers = await TestServers.GetAsync();
        actorsDb = await IsolatedDatabase.CreateAsync(servers, "actors");
        fundingDb = await IsolatedDatabase.CreateAsync(servers, "funding");
        vhost = await IsolatedVirtualHost.CreateAsync(servers, "replay");
        Actors = new ServiceHost<ActorsApiEntryPoint>(ActorsEventStore.ConnectionName, actorsDb.ConnectionString, vhost.Amqp);
        await ActorsAndFunding.WaitUntilBusReadyAsync(Actors.CreateClient());
    }

    public async Task<ServiceHost<FundingApiEntryPoint>> StartFundingAsync()
    {
        if (Funding is null)
        {
            Funding = new ServiceHost<FundingApiEntryPoint>(FundingEventStore.ConnectionName, fundingDb!.ConnectionString, vhost!.Amqp);
            await ActorsAndFunding.WaitUntilBusReadyAsync(Funding.CreateClient());
        }

        return Funding;
    }

    public async Task DisposeAsync()
    {
        await Actors.DisposeAsync();
        if (Funding is not null)
        {
            await Funding.DisposeAsync();
        }

        await vhost!.DisposeAsync();
        await actorsDb!.DisposeAsync();
        await fundingDb!.DisposeAsync();
    }
}

/// <summary>
/// The replay command (issue 18.5, ADR 0013 "Rebuilding"): Actors sends its relay contracts again, from its event log,
/// to Funding's <c>funding-known-relays</c> queue only; Funding's copy fills from the replay alone, and a second replay
/// over the live copy changes nothing.
/// </summary>
public sealed class ContractReplayTests(LateConsumer world) : IClassFixture<LateConsumer>
{
    private static readonly string[] RelayContracts = ["RelayOfferDeclared", "RelayOfferChanged", "RelayOfferWithdrawn"];

    private HttpClient OperatorOfActors() => world.Actors.CreateClientAs(Roles.Operator);

    private static async Task<Guid> DeclareAsync(HttpClient actors, string name, string territory, string mailbox)
    {
        using var registered = await actors.PostAsJsonAsync("/api/actors",
            new { name, kinds = new[] { "incubator" }, headOfficeCommuneCode = "24352" });
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        var actorId = (await registered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        using var declared = await actors.PostAsJsonAsync($"/api/actors/{actorId}/relay-offer",
            new { supports = new[] { "incubation" }, forKinds = new[] { "association" }, territories = new[] { territory }, mailbox, includesPlaces = false });
        Assert.Equal(HttpStatusCode.Created, declared.StatusCode);
        return actorId;
    }

    private static async Task SendAsync(HttpClient client, HttpMethod method, string uri, object body, string etag)
    {
        using var request = new HttpRequestMessage(method, uri) { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        using var response = await client.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"{uri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task<Guid> OfferIdOfAsync(HttpClient actors, Guid actorId) =>
        (await actors.GetFromJsonAsync<JsonElement>($"/api/actors/{actorId}/relay-offer")).GetProperty("id").GetGuid();

    /// <summary>Waits until Actors' outbox has published its whole log: nothing is left for live traffic to deliver later.</summary>
    private async Task WaitForActorsOutboxAsync()
    {
        var store = world.Actors.Services.GetRequiredService<IDocumentStore>();
        await Eventually.TrueAsync(async () =>
        {
            var last = (await store.Advanced.FetchEventStoreStatistics()).EventSequenceNumber;
            var progress = await store.Advanced.AllProjectionProgress();
            return progress.Any(p => p.ShardName.StartsWith(EventLogOutbox.SubscriptionName, StringComparison.Ordinal) && p.Sequence >= last);
        }, "Actors' outbox to publish everything");
    }

    private static async Task<JsonElement> ReplayAsync(HttpClient client, string queue, string[] contracts)
    {
        using var started = await client.PostAsJsonAsync("/api/admin/replays", new { queue, contracts });
        var body = await started.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(started.StatusCode == HttpStatusCode.Accepted, $"{(int)started.StatusCode} {body}");
        var location = started.Headers.Location!.ToString();
        Assert.Equal($"/api/admin/replays/{body.GetProperty("id").GetGuid()}", location);
        return await Eventually.GetAsync<JsonElement?>(async () =>
        {
            var replay = await client.GetFromJsonAsync<JsonElement>(location);
            Assert.NotEqual("failed", replay.GetProperty("status").GetString());
            return replay.GetProperty("status").GetString() == "completed" ? replay : null;
        }, "the replay to complete") ?? default;
    }

    private async Task<KnownRelay[]> CopiesAsync()
    {
        await using var session = world.Funding!.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return (await session.Query<KnownRelay>().ToListAsync()).OrderBy(r => r.Mailbox, StringComparer.Ordinal).ToArray();
    }

    private async Task<string[]> ProcessedByRelaysConsumerAsync()
    {
        await using var session = world.Funding!.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var prefix = $"{nameof(KnownRelaysConsumer)}/";
        return (await session.Query<ProcessedMessage>().ToListAsync()).Select(p => p.Id).Where(i => i.StartsWith(prefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).ToArray();
    }

    [Fact]
    public async Task AFreshCopy_FillsFromTheReplayAlone_AndReplayingAgainOverTheLiveCopy_ChangesNothing()
    {
        var actors = world.Actors.CreateClient();
        // Worked by hand: three offers; the first changed once (version 2), the second withdrawn (version 2), the third as declared.
        var changed = await DeclareAsync(actors, "Incubateur du Ribéracois", "commune:24352", "a@relais.example.org");
        var withdrawn = await DeclareAsync(actors, "Pépinière fermée", "departement:24", "b@relais.example.org");
        var kept = await DeclareAsync(actors, "Réseau régional", "region:75", "c@relais.example.org");
        await SendAsync(actors, HttpMethod.Put, $"/api/actors/{changed}/relay-offer",
            new { supports = new[] { "funding-advice" }, forKinds = new[] { "association", "scic" }, territories = new[] { "epci:200040400" },
                mailbox = "a@relais.example.org", includesPlaces = false }, "W/\"1\"");
        await SendAsync(actors, HttpMethod.Post, $"/api/actors/{withdrawn}/relay-offer/withdrawal", new { }, "W/\"1\"");
        var offers = new Dictionary<Guid, Guid>();
        foreach (var actor in new[] { changed, withdrawn, kept })
        {
            offers[actor] = await OfferIdOfAsync(actors, actor);
        }

        await WaitForActorsOutboxAsync();
        await world.StartFundingAsync();
        Assert.Empty(await CopiesAsync());

        // A bystander subscribed to RelayOfferDeclared like any other consumer: a publish reaches it, a replay must not.
        var factory = new RabbitMQ.Client.ConnectionFactory { Uri = world.Amqp };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        const string Bystander = "replay-bystander";
        await channel.QueueDeclareAsync(Bystander, durable: false, exclusive: false, autoDelete: false);
        await channel.QueueBindAsync(Bystander, "SocialTech.Actors.Contracts:RelayOfferDeclared", "");

        var replay = await ReplayAsync(OperatorOfActors(), "funding-known-relays", RelayContracts);
        // Five relay events in Actors' log: three declarations, one change, one withdrawal.
        Assert.Equal(5, replay.GetProperty("eventsSent").GetInt64());
        Assert.Equal(replay.GetProperty("highWaterMark").GetInt64(), replay.GetProperty("lastSequence").GetInt64());

        // The messages are the outbox's own (and all five were consumed before the copies are read): one processed record per relay event of Actors' log, keyed by the event's id.
        string[] expectedIds;
        await using (var actorsLog = world.Actors.Services.GetRequiredService<IDocumentStore>().QuerySession())
        {
            var offerIds = offers.Values.ToArray();
            expectedIds = (await actorsLog.Events.QueryAllRawEvents().Where(e => e.StreamId.IsOneOf(offerIds)).ToListAsync())
                .Select(e => $"{nameof(KnownRelaysConsumer)}/{e.Id:N}").Order(StringComparer.Ordinal).ToArray();
        }

        Assert.Equal(5, expectedIds.Length);
        Assert.Equal(expectedIds, await Eventually.GetAsync(async () => await ProcessedByRelaysConsumerAsync() is { Length: 5 } five ? five : null,
            "five processed records"));

        var copies = await CopiesAsync();
        Assert.Equal(
            [
                (offers[changed], changed, KnownRelay.Active, 2L, "epci:200040400"),
                (offers[withdrawn], withdrawn, KnownRelay.Withdrawn, 2L, "departement:24"),
                (offers[kept], kept, KnownRelay.Active, 1L, "region:75"),
            ],
            copies.Select(c => (c.Id, c.ActorId, c.Status, c.SourceVersion, string.Join(",", c.TerritoryKeys))).ToArray());
        Assert.Equal(["association", "scic"], copies[0].ForKinds);

        // Live traffic now reaches the copy: the third offer changes (version 2).
        await SendAsync(actors, HttpMethod.Put, $"/api/actors/{kept}/relay-offer",
            new { supports = new[] { "funding-advice" }, forKinds = new[] { "association" }, territories = new[] { "region:75" },
                mailbox = "c@relais.example.org", includesPlaces = true }, "W/\"1\"");
        await Eventually.TrueAsync(async () => (await CopiesAsync())[2].SourceVersion == 2, "the live change");
        var before = JsonSerializer.Serialize(await CopiesAsync());
        var processedBefore = await ProcessedByRelaysConsumerAsync();

        var again = await ReplayAsync(OperatorOfActors(), "funding-known-relays", RelayContracts);
        Assert.Equal(6, again.GetProperty("eventsSent").GetInt64());

        // A witness declared after the replay: the queue is consumed in order, so once it is there the replay was consumed.
        var witness = await DeclareAsync(actors, "Témoin", "commune:24352", "w@relais.example.org");
        var witnessOffer = await OfferIdOfAsync(actors, witness);
        await Eventually.TrueAsync(async () => (await CopiesAsync()).Any(c => c.Id == witnessOffer), "the witness offer");

        var after = (await CopiesAsync()).Where(c => c.Id != witnessOffer).ToArray();
        // Same documents to the last field (UpdatedAt included: nothing was rewritten), and no record but the witness's.
        Assert.Equal(before, JsonSerializer.Serialize(after));
        Assert.Equal(processedBefore.Length + 1, (await ProcessedByRelaysConsumerAsync()).Length);

        // Two replays sent three declarations each to funding-known-relays; the bystander got only the witness's, published.
        Assert.Equal(1u, await Eventually.GetAsync<uint?>(async () => await channel.MessageCountAsync(Bystander) is > 0 and var n ? n : null,
            "the witness in the bystander's queue"));
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        Assert.Equal(1u, await channel.MessageCountAsync(Bystander));
    }

    [Fact]
    public async Task AnUnknownQueueOrContract_IsA400NamingTheField_AndOnlyOperatorsMayReplay()
    {
        var client = OperatorOfActors();
        using var unknownQueue = await client.PostAsJsonAsync("/api/admin/replays", new { queue = "funding-no-such-copy", contracts = RelayContracts });
        await AssertFieldAsync(unknownQueue, "queue");

        using var unknownContract = await client.PostAsJsonAsync("/api/admin/replays",
            new { queue = "funding-known-relays", contracts = new[] { "RelayOfferDeclared", "GrantAwarded" } });
        await AssertFieldAsync(unknownContract, "contracts[1]");

        using var noContracts = await client.PostAsJsonAsync("/api/admin/replays", new { queue = "funding-known-relays", contracts = Array.Empty<string>() });
        await AssertFieldAsync(noContracts, "contracts");

        using var badName = await client.PostAsJsonAsync("/api/admin/replays", new { queue = "Funding Known Relays", contracts = RelayContracts });
        await AssertFieldAsync(badName, "queue");

        var body = new { queue = "funding-known-relays", contracts = RelayContracts };
        using var asFunder = await world.Actors.CreateClientAs(Roles.Funder).PostAsJsonAsync("/api/admin/replays", body);
        Assert.Equal(HttpStatusCode.Forbidden, asFunder.StatusCode);
        using var asActor = await world.Actors.CreateClientAs(Roles.Actor).PostAsJsonAsync("/api/admin/replays", body);
        Assert.Equal(HttpStatusCode.Forbidden, asActor.StatusCode);
        using var anonymous = await world.Actors.CreateAnonymousClient().PostAsJsonAsync("/api/admin/replays", body);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        using var anonymousRead = await world.Actors.CreateAnonymousClient().GetAsync($"/api/admin/replays/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymousRead.StatusCode);
        using var unknown = await client.GetAsync($"/api/admin/replays/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    private static async Task AssertFieldAsync(HttpResponseMessage response, string field)
    {
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode} {problem}");
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{field} not named: {problem}");
    }
}
