using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Marten;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using SocialTech.Actors.Contracts;
using SocialTech.Actors.Directory;
using SocialTech.IncubatorNetworks.Activity.Receiving;
using SocialTech.Testing;

namespace SocialTech.IncubatorNetworks.Tests;

/// <summary>
/// The IncubatorNetworks service as it runs in production, on a database and a virtual host of its own, shared by
/// one test class.
/// </summary>
public sealed class NetworksService() : ServiceUnderTest<IncubatorNetworksApiEntryPoint>(IncubatorNetworksEventStore.ConnectionName, "networks")
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();

        // A message published before the consumer's queue is bound would be dropped by the exchange: wait for the bus.
        await Eventually.TrueAsync(async () => await MessagingHealthAsync() == "Healthy", "the bus to connect");

        // The AMQP inbox is a background service of its own that declares and binds its queue when it gets to it:
        // a network's message published before then would be returned unroutable (the publisher sets mandatory).
        await Eventually.TrueAsync(InboxConsumesAsync, "the networks' AMQP inbox to consume its queue");
    }

    private async Task<bool> InboxConsumesAsync()
    {
        var factory = new ConnectionFactory { Uri = Amqp };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        try
        {
            // Passive: only asks. The queue is bound before the inbox starts consuming, so a consumer means bound.
            return (await channel.QueueDeclarePassiveAsync(NetworkInbox.Queue)).ConsumerCount > 0;
        }
        catch (OperationInterruptedException)
        {
            return false;
        }
    }

    private async Task<string?> MessagingHealthAsync()
    {
        using var response = await Client.GetAsync("/health");
        using var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return report.RootElement.GetProperty("entries").GetProperty("messaging").GetProperty("status").GetString();
    }

    /// <summary>Publishes an actors' contract on this service's bus, as the Actors service's outbox would.</summary>
    public async Task PublishAsync<T>(T message, Guid messageId) where T : class
    {
        var bus = Host.Services.GetRequiredService<IBus>();
        await bus.Publish(message, context => context.MessageId = messageId);
    }

    /// <summary>
    /// Puts an actor straight into the directory, as the consumer would have after <c>ActorRegistered</c>: tests of
    /// networks need actors, not the bus (the directory's own tests go through the bus).
    /// </summary>
    public async Task<Guid> SeedActorAsync(string name, string status = DirectoryActor.Active, string kind = "incubator", string commune = "69123", string? siren = null)
    {
        var id = Guid.CreateVersion7();
        var store = Host.Services.GetRequiredService<IDocumentStore>();
        await using var session = store.LightweightSession();
        session.Store(new DirectoryActor(id, name, [kind], new ActorIdentifiers(siren, null, null), false, new CommuneReference(commune, 2025),
            [], status, null, 1, DateTimeOffset.UtcNow));
        await session.SaveChangesAsync();
        return id;
    }

    public static HttpRequestMessage WithIfMatch(HttpMethod method, string uri, object? body, string etag)
    {
        var request = new HttpRequestMessage(method, uri) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(etag));
        return request;
    }

    public static async Task<string[]> ErrorFieldsAsync(HttpResponseMessage response)
    {
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        return problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal).ToArray();
    }
}
