using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using RabbitMQ.Client;
using SocialTech.BuildingBlocks.Security;
using SocialTech.Testing;

namespace SocialTech.Actors.Tests.Relays;

/// <summary>Declaring, changing and withdrawing a relay offer over HTTP, on real PostgreSQL and RabbitMQ.</summary>
public sealed class RelayOffersApiTests(ActorsService actors) : IClassFixture<ActorsService>
{
    private HttpClient Client => actors.Client;

    private static object Offer(string mailbox = "accompagnement@pole-ess-riberacois.example.org", string[]? territories = null, string[]? supports = null,
        bool includesPlaces = false, bool? includesHubs = null) => includesHubs is null
        ? new
        {
            supports = supports ?? ["funding-advice", "label-preparation"],
            forKinds = new[] { "association", "scic" },
            territories = territories ?? ["epci:200040400", "commune:24352"],
            mailbox,
            includesPlaces,
        }
        : new
        {
            supports = supports ?? ["funding-advice", "label-preparation"],
            forKinds = new[] { "association", "scic" },
            territories = territories ?? ["epci:200040400", "commune:24352"],
            mailbox,
            includesPlaces,
            includesHubs,
        };

    private static string Uri(Guid actorId) => $"/api/actors/{actorId}/relay-offer";

    [Fact]
    public async Task Declare_AnswersCreatedWithETag_AndTheOfferReadsBackWithFrenchWording()
    {
        var (actorId, _) = await actors.RegisterAsync("Pôle ESS du Ribéracois", "24352", kind: "network-head");

        using var declared = await Client.PostAsJsonAsync(Uri(actorId), Offer(mailbox: "Accompagnement@Pole-ESS-Riberacois.example.org"));

        Assert.Equal(HttpStatusCode.Created, declared.StatusCode);
        Assert.Equal("W/\"1\"", declared.Headers.ETag!.ToString());
        Assert.Equal(Uri(actorId), declared.Headers.Location!.ToString());
        using var get = await Client.GetAsync(Uri(actorId));
        Assert.Equal("W/\"1\"", get.Headers.ETag!.ToString());
        var offer = await get.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(actorId, offer.GetProperty("actorId").GetGuid());
        Assert.Equal("active", offer.GetProperty("status").GetString());
        Assert.Equal(["funding-advice", "label-preparation"], offer.GetProperty("supports").EnumerateArray().Select(s => s.GetProperty("code").GetString()));
        Assert.Equal(["Conseil en financement", "Préparation d'une labellisation"], offer.GetProperty("supports").EnumerateArray().Select(s => s.GetProperty("label").GetString()));
        Assert.Equal(["association", "scic"], offer.GetProperty("forKinds").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(["epci:200040400", "commune:24352"], offer.GetProperty("territoryKeys").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal("accompagnement@pole-ess-riberacois.example.org", offer.GetProperty("mailbox").GetString());
    }

    [Fact]
    public async Task IncludesHubs_IsFalseUnlessSaid_RoundTrips_AndChangingItAloneIsAChange()
    {
        var (actorId, _) = await actors.RegisterAsync("Réseau des incubateurs d'Isère", "38185", kind: "network-head");

        using var declared = await Client.PostAsJsonAsync(Uri(actorId), Offer(territories: ["departement:38"]));
        var first = await declared.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(first.GetProperty("includesHubs").GetBoolean());

        using var changed = await Client.SendAsync(ActorsService.WithIfMatch(HttpMethod.Put, Uri(actorId),
            Offer(territories: ["departement:38"], includesHubs: true), declared.Headers.ETag!.ToString()));
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal("W/\"2\"", changed.Headers.ETag!.ToString());
        using var get = await Client.GetAsync(Uri(actorId));
        var offer = await get.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(offer.GetProperty("includesHubs").GetBoolean());
        Assert.False(offer.GetProperty("includesPlaces").GetBoolean());
        Assert.Equal("W/\"2\"", get.Headers.ETag!.ToString());

        // The same terms again, hubs included: nothing changes.
        using var same = await Client.SendAsync(ActorsService.WithIfMatch(HttpMethod.Put, Uri(actorId),
            Offer(territories: ["departement:38"], includesHubs: true), "W/\"2\""));
        Assert.Equal("W/\"2\"", same.Headers.ETag!.ToString());
    }

    [Fact]
    public void AContractPublishedBeforeIncludesHubs_ReadsAsFalse()
    {
        const string Old = """
            {"actorId":"0190a0c0-0000-7000-8000-000000000001","offerId":"0190a0c0-0000-7000-8000-000000000002","version":1,"supports":["premises"],
             "forKinds":["association"],"territories":[{"level":"commune","code":"24352","vintage":2025}],"mailbox":"contact@example.org",
             "includesPlaces":true,"declaredAt":"2026-01-01T00:00:00+00:00"}
            """;

        var declared = JsonSerializer.Deserialize<Contracts.RelayOfferDeclared>(Old, JsonSerializerOptions.Web)!;

        Assert.True(declared.IncludesPlaces);
        Assert.False(declared.IncludesHubs);
    }

    [Fact]
    public async Task GetOffer_OfAnActorThatDeclaredNone_Is404Problem()
    {
        var (actorId, _) = await actors.RegisterAsync("Association sans offre", "24352");

        using var get = await Client.GetAsync(Uri(actorId));

        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal("application/problem+json", get.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Change_WithIfMatch_ReplacesTheOffer_AndAStaleOrMissingETagIsRefused()
    {
        var (actorId, _) = await actors.RegisterAsync("Incubateur Périgord", "24322", kind: "incubator");
        using var declared = await Client.PostAsJsonAsync(Uri(actorId), Offer(territories: ["departement:24"]));
        var etag = declared.Headers.ETag!.ToString();

        using var changed = await Client.SendAsync(ActorsService.WithIfMatch(HttpMethod.Put, Uri(actorId),
            Offer(territories: ["departement:24", "departement:47"], supports: ["incubation"]), etag));
        using var stale = await Client.SendAsync(ActorsService.WithIfMatch(HttpMethod.Put, Uri(actorId), Offer(), etag));
        using var missing = await Client.PutAsJsonAsync(Uri(actorId), Offer());
        // The same terms in another order: nothing changes, the version stays.
        using var same = await Client.SendAsync(ActorsService.WithIfMatch(HttpMethod.Put, Uri(actorId),
            Offer(territories: ["departement:47", "departement:24"], supports: ["incubation"]), "W/\"2\""));

        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal("W/\"2\"", changed.Headers.ETag!.ToString());
        var offer = await changed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["departement:24", "departement:47"], offer.GetProperty("territoryKeys").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(["incubation"], offer.GetProperty("supports").EnumerateArray().Select(s => s.GetProperty("code").GetString()));
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal(2, (await stale.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("currentVersion").GetInt64());
        Assert.Equal((HttpStatusCode)428, missing.StatusCode);
        Assert.Equal(HttpStatusCode.OK, same.StatusCode);
        Assert.Equal("W/\"2\"", same.Headers.ETag!.ToString());
    }

    [Fact]
    public async Task Withdraw_KeepsTheRecordAsWithdrawn_RefusesChanges_AndTheOfferMayBeDeclaredAgain()
    {
        var (actorId, _) = await actors.RegisterAsync("Tiers-lieu de la Double", "24352", kind: "tiers-lieu-operator");
        using var declared = await Client.PostAsJsonAsync(Uri(actorId), Offer());

        using var withdrawn = await Client.SendAsync(ActorsService.WithIfMatch(HttpMethod.Post, $"{Uri(actorId)}/withdrawal",
            new { reason = "Fin du poste d'animation" }, declared.Headers.ETag!.ToString()));
        using var change = await Client.SendAsync(ActorsService.WithIfMatch(HttpMethod.Put, Uri(actorId), Offer(), "W/\"2\""));
        using var again = await Client.PostAsJsonAsync(Uri(actorId), Offer(territories: ["commune:24352"]));

        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        Assert.Equal("withdrawn", (await withdrawn.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, change.StatusCode);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal("W/\"3\"", again.Headers.ETag!.ToString());
        Assert.Equal("active", (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Declare_Twice_Is409_ButARetryWithTheSameIdempotencyKeyIsAnsweredTheFirstOffer()
    {
        var (actorId, _) = await actors.RegisterAsync("Réseau des tiers-lieux du Périgord", "24322", kind: "network-head");
        HttpRequestMessage Declare(string key) => new(HttpMethod.Post, Uri(actorId))
        {
            Content = JsonContent.Create(Offer()),
            Headers = { { "Idempotency-Key", key } },
        };

        using var first = await Client.SendAsync(Declare("declaration-1"));
        using var retry = await Client.SendAsync(Declare("declaration-1"));
        using var other = await Client.SendAsync(Declare("declaration-2"));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal("W/\"1\"", retry.Headers.ETag!.ToString());
        Assert.Equal(HttpStatusCode.Conflict, other.StatusCode);
    }

    [Fact]
    public async Task Declare_WithBadFields_Is400NamingEachField()
    {
        var (actorId, _) = await actors.RegisterAsync("Association mal renseignée", "24352");

        using var response = await Client.PostAsJsonAsync(Uri(actorId), new
        {
            supports = new[] { "funding-advice", "free-lunch" },
            forKinds = Array.Empty<string>(),
            territories = new[] { "epci:200040400", "canton:2401", "commune:99999" },
            mailbox = "jean.dupont@example.org",
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(["supports[1]", "forKinds", "territories[1]", "territories[2]", "mailbox"],
            errors.EnumerateObject().Select(e => e.Name));
        Assert.Contains("role mailbox", errors.GetProperty("mailbox")[0].GetString(), StringComparison.Ordinal);

        using var notAnAddress = await Client.PostAsJsonAsync(Uri(actorId), Offer(mailbox: "contact@@example"));
        Assert.Equal(["mailbox"], (await notAnAddress.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(e => e.Name));
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync(Uri(actorId))).StatusCode);
    }

    [Fact]
    public async Task Declare_ForAnUnknownActor_Is404_AndForACeasedOne409()
    {
        var (ceasedId, etag) = await actors.RegisterAsync("Association dissoute", "24352");
        using var ceased = await Client.SendAsync(ActorsService.WithIfMatch(HttpMethod.Post, $"/api/actors/{ceasedId}/cessation",
            new { ceasedOn = "2025-01-31", reason = "Dissolution" }, etag));
        Assert.Equal(HttpStatusCode.OK, ceased.StatusCode);

        using var unknown = await Client.PostAsJsonAsync(Uri(Guid.NewGuid()), Offer());
        using var ofCeased = await Client.PostAsJsonAsync(Uri(ceasedId), Offer());

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, ofCeased.StatusCode);
    }

    [Fact]
    public async Task AnActorToken_WritesItsOwnOffer_AndAnotherActorsTokenIs403()
    {
        var (actorId, _) = await actors.RegisterAsync("Coopérative d'activités du Ribéracois", "24352", kind: "scic");
        var (otherId, _) = await actors.RegisterAsync("Autre association", "24352");
        using var itself = actors.Host.CreateClientAs(Roles.Actor, actorId);
        using var another = actors.Host.CreateClientAs(Roles.Actor, otherId);
        using var funder = actors.Host.CreateClientAs(Roles.Funder, actorId);

        using var byAnother = await another.PostAsJsonAsync(Uri(actorId), Offer());
        using var byFunder = await funder.PostAsJsonAsync(Uri(actorId), Offer());
        using var byItself = await itself.PostAsJsonAsync(Uri(actorId), Offer());
        using var changeByAnother = await another.SendAsync(ActorsService.WithIfMatch(HttpMethod.Put, Uri(actorId), Offer(), "W/\"1\""));
        using var withdrawByAnother = await another.SendAsync(ActorsService.WithIfMatch(HttpMethod.Post, $"{Uri(actorId)}/withdrawal", new { }, "W/\"1\""));
        using var withdrawByItself = await itself.SendAsync(ActorsService.WithIfMatch(HttpMethod.Post, $"{Uri(actorId)}/withdrawal", new { }, "W/\"1\""));

        Assert.Equal(HttpStatusCode.Forbidden, byAnother.StatusCode);
        Assert.Contains("the actor in the route", await byAnother.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, byFunder.StatusCode);
        Assert.Equal(HttpStatusCode.Created, byItself.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, changeByAnother.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, withdrawByAnother.StatusCode);
        Assert.Equal(HttpStatusCode.OK, withdrawByItself.StatusCode);
    }

    [Fact]
    public async Task ContractEvents_ArePublishedOnce_DeclaredChangedWithdrawn()
    {
        var (declaredConnection, declaredChannel, declaredQueue) = await ListenAsync("RelayOfferDeclared");
        var (changedConnection, changedChannel, changedQueue) = await ListenAsync("RelayOfferChanged");
        var (withdrawnConnection, withdrawnChannel, withdrawnQueue) = await ListenAsync("RelayOfferWithdrawn");
        await using var _ = declaredConnection;
        await using var __ = changedConnection;
        await using var ___ = withdrawnConnection;
        var (actorId, _) = await actors.RegisterAsync("Pôle territorial de coopération économique Isle-Double", "24352", kind: "network-head");

        using var first = new HttpRequestMessage(HttpMethod.Post, Uri(actorId)) { Content = JsonContent.Create(Offer()), Headers = { { "Idempotency-Key", "k" } } };
        using var declared = await Client.SendAsync(first);
        using var second = new HttpRequestMessage(HttpMethod.Post, Uri(actorId)) { Content = JsonContent.Create(Offer()), Headers = { { "Idempotency-Key", "k" } } };
        using var replay = await Client.SendAsync(second);
        using var changed = await Client.SendAsync(ActorsService.WithIfMatch(HttpMethod.Put, Uri(actorId), Offer(territories: ["departement:24"], includesHubs: true),
            "W/\"1\""));
        using var withdrawn = await Client.SendAsync(ActorsService.WithIfMatch(HttpMethod.Post, $"{Uri(actorId)}/withdrawal", new { reason = "Fusion" }, "W/\"2\""));
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);

        var d = await NextAsync(declaredChannel, declaredQueue, "RelayOfferDeclared", actorId);
        Assert.Equal(actorId, d.GetProperty("actorId").GetGuid());
        Assert.Equal(1, d.GetProperty("version").GetInt64());
        Assert.Equal(["funding-advice", "label-preparation"], d.GetProperty("supports").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal("epci", d.GetProperty("territories")[0].GetProperty("level").GetString());
        Assert.Equal("200040400", d.GetProperty("territories")[0].GetProperty("code").GetString());
        var c = await NextAsync(changedChannel, changedQueue, "RelayOfferChanged", actorId);
        Assert.Equal(2, c.GetProperty("version").GetInt64());
        Assert.Equal("departement", c.GetProperty("territories")[0].GetProperty("level").GetString());
        Assert.False(d.GetProperty("includesHubs").GetBoolean());
        Assert.True(c.GetProperty("includesHubs").GetBoolean());
        var w = await NextAsync(withdrawnChannel, withdrawnQueue, "RelayOfferWithdrawn", actorId);
        Assert.Equal(3, w.GetProperty("version").GetInt64());
        Assert.Equal("Fusion", w.GetProperty("reason").GetString());

        // Once each: the replayed declaration appended nothing, and the outbox does not publish twice. The withdrawal,
        // published last, has arrived, so anything still to come from the earlier events would be a second copy.
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.False(await AnyLeftAboutAsync(declaredChannel, declaredQueue, actorId));
        Assert.False(await AnyLeftAboutAsync(changedChannel, changedQueue, actorId));
        Assert.False(await AnyLeftAboutAsync(withdrawnChannel, withdrawnQueue, actorId));
    }

    private async Task<(IConnection, IChannel, string)> ListenAsync(string contract)
    {
        var connection = await new ConnectionFactory { Uri = actors.Amqp }.CreateConnectionAsync();
        var channel = await connection.CreateChannelAsync();
        var exchange = $"SocialTech.Actors.Contracts:{contract}";
        await channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true);
        var queue = (await channel.QueueDeclareAsync($"test-{contract}-{Guid.NewGuid():N}", durable: false, exclusive: true, autoDelete: true)).QueueName;
        await channel.QueueBindAsync(queue, exchange, "");
        return (connection, channel, queue);
    }

    /// <summary>
    /// The next contract about <paramref name="actorId"/>. The class shares one virtual host, and the outbox may publish
    /// an earlier test's contracts after this test's queue is bound: those are skipped, not taken for this actor's.
    /// </summary>
    private static async Task<JsonElement> NextAsync(IChannel channel, string queue, string what, Guid actorId)
    {
        var body = await Eventually.GetAsync(async () =>
        {
            while (await channel.BasicGetAsync(queue, autoAck: true) is { } got)
            {
                var message = JsonDocument.Parse(Encoding.UTF8.GetString(got.Body.Span)).RootElement.GetProperty("message").Clone();
                if (message.GetProperty("actorId").GetGuid() == actorId)
                {
                    return (JsonElement?)message;
                }
            }

            return null;
        }, what);
        return body!.Value;
    }

    /// <summary>Whether the queue still holds a contract about <paramref name="actorId"/> (others' are drained).</summary>
    private static async Task<bool> AnyLeftAboutAsync(IChannel channel, string queue, Guid actorId)
    {
        while (await channel.BasicGetAsync(queue, autoAck: true) is { } got)
        {
            if (JsonDocument.Parse(Encoding.UTF8.GetString(got.Body.Span)).RootElement.GetProperty("message").GetProperty("actorId").GetGuid() == actorId)
            {
                return true;
            }
        }

        return false;
    }
}
