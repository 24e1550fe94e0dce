using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using SocialTech.BuildingBlocks.Security;
using SocialTech.IncubatorNetworks.Activity.Receiving;
using SocialTech.Samples.NetworkPublisher;
using SocialTech.Testing;

namespace SocialTech.IncubatorNetworks.Tests.Activity;

/// <summary>
/// The raw AMQP path on real RabbitMQ and PostgreSQL, published with the sample publisher (RabbitMQ.Client alone):
/// applied as over HTTP, idempotent on the eventId, refusals dead-lettered with their reason without blocking, and
/// each network's own RabbitMQ user confined to its routing keys.
/// </summary>
public sealed class AmqpPublishingTests(NetworksService networks) : IClassFixture<NetworksService>
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

    private static byte[] Admission(string eventId, string ventureRef, string? name = "Recyclerie du Rhône") =>
        JsonSerializer.SerializeToUtf8Bytes(new
        {
            eventId, ventureRef, name, programmeRef = "INC-2026", phase = "creation", communeCode = "69123", admittedOn = "2026-01-12",
        });

    private async Task<JsonElement?> VentureAsync(Guid network, string ventureRef)
    {
        using var response = await Client.GetAsync($"/api/networks/{network}/ventures/{ventureRef}");
        return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadFromJsonAsync<JsonElement>() : null;
    }

    [Fact]
    public async Task AValidMessage_IsApplied_AndTheSameEventIdTwice_HasOneEffect()
    {
        var id = await NetworkWithProgrammeAsync("Ronalpia");
        await using var publisher = await InboxPublisher.ConnectAsync(networks.Amqp);

        await publisher.PublishAsync($"{id}.venture-admitted", Admission("amqp-1", "V-1"));
        await publisher.PublishAsync($"{id}.venture-admitted", Admission("amqp-1", "V-1"));
        await publisher.PublishAsync($"{id}.venture-phase-changed",
            JsonSerializer.SerializeToUtf8Bytes(new { eventId = "amqp-2", ventureRef = "V-1", phase = "launch", changedOn = "2026-03-01" }));

        // The phase change comes after both copies: once it shows, both copies were handled.
        var venture = await Eventually.GetAsync<JsonElement?>(async () => await VentureAsync(id, "V-1") is { } v && v.GetProperty("phase").GetString() == "launch" ? v : (JsonElement?)null,
            "the venture admitted and moved on over AMQP");
        Assert.Equal("Recyclerie du Rhône", venture!.Value.GetProperty("name").GetString());
        Assert.Equal(2, venture.Value.GetProperty("version").GetInt64());

        // A second admission would have been refused (409) and dead-lettered: the copy was recognised instead.
        Assert.DoesNotContain(await DrainErrorQueueAsync(), m => m.RoutingKey.StartsWith($"{id}.", StringComparison.Ordinal));
        using var feed = await Client.GetFromJsonAsync<JsonDocument>($"/api/networks/feed?network={id}");
        Assert.Equal(["venture-phase-changed", "venture-admitted", "programme-launched"],
            feed!.RootElement.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("kind").GetString()));

        // Audit: what came over AMQP names the network the broker let through, as HTTP writes name the token's subject.
        var configuration = networks.Host.Services.GetRequiredService<IConfiguration>();
        await using var connection = new NpgsqlConnection(configuration.GetConnectionString(IncubatorNetworksEventStore.ConnectionName));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"SELECT count(*) FROM {IncubatorNetworksEventStore.Schema}.mt_events WHERE user_name = @actor AND headers ->> 'acting-roles' = 'network'", connection);
        command.Parameters.AddWithValue("actor", InboxSessionFactory.ActorPrefix + id);
        Assert.Equal(2L, (long)(await command.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task AnInvalidMessage_GoesToTheErrorQueueWithItsReason_AndTheNextOneIsApplied()
    {
        var id = await NetworkWithProgrammeAsync("Alter'Incub");
        await using var publisher = await InboxPublisher.ConnectAsync(networks.Amqp);

        await publisher.PublishAsync($"{id}.venture-admitted", Admission("bad-1", "V-BAD", name: null));
        await publisher.PublishAsync($"{id}.venture-incorporated",
            JsonSerializer.SerializeToUtf8Bytes(new { eventId = "bad-2", ventureRef = "V-NONE", siren = "123456789", incorporatedOn = "2026-02-01" }));
        await publisher.PublishAsync($"{id}.no-such-kind", Encoding.UTF8.GetBytes("{}"));
        await publisher.PublishAsync($"{id}.venture-admitted", Encoding.UTF8.GetBytes("{\"eventId\": \"bad-3\", \"admittedOn\": 12"));
        await publisher.PublishAsync($"{id}.venture-admitted", Admission("good-1", "V-GOOD"));

        await Eventually.TrueAsync(async () => await VentureAsync(id, "V-GOOD") is not null, "the valid message behind the invalid ones");
        Assert.Null(await VentureAsync(id, "V-BAD"));

        var refused = new List<Refused>();
        await Eventually.TrueAsync(async () =>
        {
            refused.AddRange((await DrainErrorQueueAsync()).Where(m => m.RoutingKey.StartsWith($"{id}.", StringComparison.Ordinal)));
            return refused.Count >= 4;
        }, "4 messages in the error queue");
        Assert.Equal(4, refused.Count);
        var missingName = refused.Single(m => m.RoutingKey == $"{id}.venture-admitted" && m.Body.Contains("bad-1", StringComparison.Ordinal));
        Assert.Equal("400", missingName.Status);
        Assert.Contains("name", missingName.Fields!.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Contains("name: is required.", missingName.Reason, StringComparison.Ordinal);
        Assert.Equal(Encoding.UTF8.GetString(Admission("bad-1", "V-BAD", name: null)), missingName.Body);

        // Exactly the fields the HTTP route names for the same body.
        using var overHttp = await Client.PostAsync($"/api/networks/{id}/ventures",
            new ByteArrayContent(Admission("bad-1", "V-BAD", name: null)) { Headers = { { "Content-Type", "application/json" } } });
        Assert.Equal(await NetworksService.ErrorFieldsAsync(overHttp),
            missingName.Fields.RootElement.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray());

        var badSiren = refused.Single(m => m.RoutingKey.EndsWith(".venture-incorporated", StringComparison.Ordinal));
        Assert.Equal("400", badSiren.Status);
        Assert.Contains("siren", badSiren.Fields!.RootElement.EnumerateObject().Select(p => p.Name));

        var unknownKind = refused.Single(m => m.RoutingKey.EndsWith(".no-such-kind", StringComparison.Ordinal));
        Assert.Contains("routingKey", unknownKind.Fields!.RootElement.EnumerateObject().Select(p => p.Name));

        var malformed = refused.Single(m => m.Body.Contains("bad-3", StringComparison.Ordinal));
        Assert.Equal("400", malformed.Status);
        Assert.Contains("not valid JSON", malformed.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ANetworksOwnUser_PublishesUnderItsOwnRoutingKeys_AndIsRefusedAnothersKeys()
    {
        var id = await NetworkWithProgrammeAsync("Réseau rural Dordogne");
        var other = await NetworkWithProgrammeAsync("Autre réseau");
        var amqp = await CreateNetworkUserAsync(id);
        try
        {
            await using (var own = await InboxPublisher.ConnectAsync(amqp))
            {
                await own.PublishAsync($"{id}.venture-admitted", Admission("own-1", "V-OWN"));
            }

            await Eventually.TrueAsync(async () => await VentureAsync(id, "V-OWN") is not null, "the network's own message");

            await using var impostor = await InboxPublisher.ConnectAsync(amqp);
            var refused = await Assert.ThrowsAnyAsync<OperationInterruptedException>(() =>
                impostor.PublishAsync($"{other}.venture-admitted", Admission("stolen-1", "V-STOLEN")));
            Assert.Equal(403, refused.ShutdownReason!.ReplyCode);
            Assert.Contains("ACCESS_REFUSED", refused.ShutdownReason.ReplyText, StringComparison.Ordinal);

            // The user may not declare or read anything either: it cannot drain the inbox it writes to.
            var factory = new ConnectionFactory { Uri = amqp };
            await using var connection = await factory.CreateConnectionAsync();
            await using var channel = await connection.CreateChannelAsync();
            var read = await Assert.ThrowsAnyAsync<OperationInterruptedException>(() => channel.BasicGetAsync(NetworkInbox.Queue, autoAck: true));
            Assert.Equal(403, read.ShutdownReason!.ReplyCode);

            // Its own key still works after the refusal: the publisher opens a new channel.
            await impostor.PublishAsync($"{id}.venture-admitted", Admission("own-2", "V-OWN-2"));
            await Eventually.TrueAsync(async () => await VentureAsync(id, "V-OWN-2") is not null, "the network's second message");
            Assert.Null(await VentureAsync(other, "V-STOLEN"));
        }
        finally
        {
            await DeleteNetworkUserAsync(id);
        }
    }

    [Fact]
    public async Task ARefusedMessage_IsListedForItsNetworkOverHttp_WithTheReasonAndField_AndNoOtherNetworkSeesIt()
    {
        var id = await NetworkWithProgrammeAsync("Makesense Lyon");
        var other = await NetworkWithProgrammeAsync("Réseau voisin");
        var amqp = await CreateNetworkUserAsync(id);
        var missingName = Admission("refused-1", "V-REFUSED", name: null);
        var malformed = Encoding.UTF8.GetBytes("{\"eventId\": \"refused-2\", \"name\": ");
        try
        {
            // A plain RabbitMQ.Client publisher on the address the script printed, as a network's system would.
            var factory = new ConnectionFactory { Uri = amqp };
            await using var connection = await factory.CreateConnectionAsync();
            await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
            await channel.BasicPublishAsync(NetworkInbox.Exchange, $"{id}.venture-admitted", mandatory: true,
                new BasicProperties { Persistent = true, ContentType = "application/json", MessageId = "msg-refused-1" }, missingName);
            await channel.BasicPublishAsync(NetworkInbox.Exchange, $"{id}.venture-admitted", mandatory: true,
                new BasicProperties { Persistent = true, ContentType = "application/json", MessageId = "msg-refused-2" }, malformed);
        }
        finally
        {
            await DeleteNetworkUserAsync(id);
        }

        using var own = networks.Host.CreateClientAs(Roles.Network, id);
        var page = await Eventually.GetAsync<JsonElement?>(async () =>
        {
            using var response = await own.GetAsync(new Uri($"/api/networks/{id}/refused-messages", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            return body.GetProperty("totalItems").GetInt64() >= 2 ? body : (JsonElement?)null;
        }, "both refusals listed for the network");
        var items = page!.Value.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(2, items.Count);

        // Newest first: the malformed body came second.
        var notJson = items[0];
        Assert.Equal("msg-refused-2", notJson.GetProperty("messageId").GetString());
        Assert.Equal(JsonValueKind.Null, notJson.GetProperty("eventId").ValueKind);
        Assert.Equal(400, notJson.GetProperty("status").GetInt32());
        Assert.Contains("not valid JSON", notJson.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal("{\"eventId\": \"refused-2\", \"name\": ", notJson.GetProperty("excerpt").GetString());

        var noName = items[1];
        Assert.Equal(id, noName.GetProperty("networkId").GetGuid());
        Assert.Equal("msg-refused-1", noName.GetProperty("messageId").GetString());
        Assert.Equal("refused-1", noName.GetProperty("eventId").GetString());
        Assert.Equal($"{id}.venture-admitted", noName.GetProperty("routingKey").GetString());
        Assert.Equal("venture-admitted", noName.GetProperty("kind").GetString());
        Assert.Equal(400, noName.GetProperty("status").GetInt32());
        Assert.Contains("name: is required.", noName.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(["is required."], noName.GetProperty("errors").GetProperty("name").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(Encoding.UTF8.GetString(missingName), noName.GetProperty("excerpt").GetString());
        Assert.Equal(missingName.Length, noName.GetProperty("bodyBytes").GetInt32());
        Assert.False(noName.GetProperty("truncated").GetBoolean());
        Assert.True(notJson.GetProperty("receivedAt").GetDateTimeOffset() >= noName.GetProperty("receivedAt").GetDateTimeOffset());

        // Paged like every list.
        var first = await own.GetFromJsonAsync<JsonElement>(new Uri($"/api/networks/{id}/refused-messages?page=1&pageSize=1", UriKind.Relative));
        Assert.Equal("msg-refused-2", first.GetProperty("items")[0].GetProperty("messageId").GetString());
        Assert.True(first.GetProperty("hasNextPage").GetBoolean());
        using var badPage = await own.GetAsync(new Uri($"/api/networks/{id}/refused-messages?pageSize=0", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, badPage.StatusCode);
        Assert.Equal(["pageSize"], await NetworksService.ErrorFieldsAsync(badPage));

        // Another network may not read them, and its own list does not hold them; operators may, anonymous callers not.
        using var neighbour = networks.Host.CreateClientAs(Roles.Network, other);
        using var forbidden = await neighbour.GetAsync(new Uri($"/api/networks/{id}/refused-messages", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        var its = await neighbour.GetFromJsonAsync<JsonElement>(new Uri($"/api/networks/{other}/refused-messages", UriKind.Relative));
        Assert.Equal(0, its.GetProperty("totalItems").GetInt64());
        using var operatorClient = networks.Host.CreateClientAs(Roles.Operator);
        var seen = await operatorClient.GetFromJsonAsync<JsonElement>(new Uri($"/api/networks/{id}/refused-messages", UriKind.Relative));
        Assert.Equal(2, seen.GetProperty("totalItems").GetInt64());
        using var anonymous = networks.Host.CreateAnonymousClient();
        using var unauthorized = await anonymous.GetAsync(new Uri($"/api/networks/{id}/refused-messages", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);

        // The error queue still gets both, for operators.
        var queued = new List<Refused>();
        await Eventually.TrueAsync(async () =>
        {
            queued.AddRange((await DrainErrorQueueAsync()).Where(m => m.RoutingKey.StartsWith($"{id}.", StringComparison.Ordinal)));
            return queued.Count >= 2;
        }, "both in the error queue");
    }

    [Fact]
    public async Task TheRefusedMessagesRoute_DeclaresItsStatusesInOpenApi()
    {
        var document = await Client.GetFromJsonAsync<JsonElement>(new Uri("/openapi/v1.json", UriKind.Relative));
        var responses = document.GetProperty("paths").GetProperty("/api/networks/{networkId}/refused-messages").GetProperty("get").GetProperty("responses");
        Assert.Equal(["200", "400", "401", "403"], responses.EnumerateObject().Select(r => r.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task TheAddressTheScriptPrints_ForTheRootVirtualHost_NamesItEscaped_AndOpensAChannel()
    {
        var network = Guid.CreateVersion7();
        var amqp = await CreateNetworkUserAsync(network, virtualHost: "/");
        try
        {
            // "/%2F", not "/": clients of the AMQP URI spec (pika, amqp-tools) read an empty path as the vhost "".
            Assert.Equal("/%2F", amqp.AbsolutePath);
            var factory = new ConnectionFactory { Uri = amqp };
            Assert.Equal("/", factory.VirtualHost);
            await using var connection = await factory.CreateConnectionAsync();
            await using var channel = await connection.CreateChannelAsync();
            Assert.True(channel.IsOpen);
        }
        finally
        {
            await DeleteNetworkUserAsync(network);
        }
    }

    /// <summary>Runs the documented command against this test class's virtual host and returns the address it prints.</summary>
    private async Task<Uri> CreateNetworkUserAsync(Guid network, string? virtualHost = null)
    {
        var servers = await TestServers.GetAsync();
        var script = Path.Combine(RepositoryRoot(), "deploy", "local", "network-credentials.sh");
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(network.ToString());
        var (user, password) = Admin(servers);
        start.Environment["RABBITMQ_MANAGEMENT_URL"] = servers.RabbitMqManagement.ToString();
        start.Environment["RABBITMQ_ADMIN_USER"] = user;
        start.Environment["RABBITMQ_ADMIN_PASSWORD"] = password;
        start.Environment["NETWORK_VHOST"] = virtualHost ?? VirtualHost;
        start.Environment["NETWORK_AMQP_HOST"] = $"{servers.RabbitMq.Host}:{servers.RabbitMq.Port}";
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"network-credentials.sh failed: {error}");
        var line = output.Split('\n').Single(l => l.StartsWith("NETWORKS_AMQP=", StringComparison.Ordinal));
        var amqp = new Uri(line["NETWORKS_AMQP=".Length..]);
        Assert.StartsWith($"network-{network}:", amqp.UserInfo, StringComparison.Ordinal);
        return amqp;
    }

    private static async Task DeleteNetworkUserAsync(Guid network)
    {
        var servers = await TestServers.GetAsync();
        using var management = await ManagementAsync(servers);
        await management.DeleteAsync($"api/users/network-{network}");
    }

    private string VirtualHost => Uri.UnescapeDataString(networks.Amqp.AbsolutePath.TrimStart('/'));

    private sealed record Refused(string RoutingKey, string Body, string? Status, string Reason, JsonDocument? Fields);

    /// <summary>Takes every message out of the error queue, as an operator would to inspect them.</summary>
    private async Task<List<Refused>> DrainErrorQueueAsync()
    {
        var factory = new ConnectionFactory { Uri = networks.Amqp };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var refused = new List<Refused>();
        while (await channel.BasicGetAsync(NetworkInbox.ErrorQueue, autoAck: true) is { } message)
        {
            var fields = NetworkInbox.HeaderText(message.BasicProperties, NetworkInbox.FieldsHeader);
            refused.Add(new Refused(
                NetworkInbox.HeaderText(message.BasicProperties, NetworkInbox.RoutingKeyHeader)!,
                Encoding.UTF8.GetString(message.Body.Span),
                NetworkInbox.HeaderText(message.BasicProperties, NetworkInbox.StatusHeader),
                NetworkInbox.HeaderText(message.BasicProperties, NetworkInbox.ReasonHeader)!,
                fields is null ? null : JsonDocument.Parse(fields)));
        }

        return refused;
    }

    private static (string User, string Password) Admin(TestServers servers)
    {
        var parts = servers.RabbitMq.UserInfo.Split(':', 2);
        return (Uri.UnescapeDataString(parts[0]), Uri.UnescapeDataString(parts[1]));
    }

    private static Task<HttpClient> ManagementAsync(TestServers servers)
    {
        var (user, password) = Admin(servers);
        var client = new HttpClient { BaseAddress = servers.RabbitMqManagement };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        return Task.FromResult(client);
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SocialTech.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (SocialTech.sln) was not found above the test assembly.");
    }
}
