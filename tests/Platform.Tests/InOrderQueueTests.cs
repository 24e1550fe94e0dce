using System.Text.Json;
using SocialTech.BuildingBlocks.Messaging;
using SocialTech.Funding;
using SocialTech.Testing;

namespace SocialTech.Platform.Tests;

/// <summary>
/// A consumer that keeps a local copy in stream order (<see cref="InOrderConsumerDefinition{TConsumer}"/>) must see one
/// message at a time per queue, not per process: with two replicas of Funding on one virtual host, RabbitMQ would
/// otherwise hand an actor's version 2 to one replica and version 3 to the other. Its queue is declared with a single
/// active consumer, classic or quorum alike; the other receive queues are left as they were.
/// </summary>
public sealed class InOrderQueueTests : IAsyncLifetime
{
    /// <summary>The queue of Funding's <c>ActorDirectoryConsumer</c> (kebab-case, prefixed with the service's name).</summary>
    private const string DirectoryQueue = "funding-actor-directory";

    private TestServers servers = null!;
    private IsolatedDatabase database = null!;
    private IsolatedVirtualHost vhost = null!;

    public async Task InitializeAsync()
    {
        servers = await TestServers.GetAsync();
        database = await IsolatedDatabase.CreateAsync(servers, "inorder");
        vhost = await IsolatedVirtualHost.CreateAsync(servers, "inorder");
    }

    public async Task DisposeAsync()
    {
        await vhost.DisposeAsync();
        await database.DisposeAsync();
    }

    [Theory]
    [InlineData("false")]
    [InlineData("true")]
    public async Task TwoReplicas_ShareTheInOrderQueue_WithOneActiveConsumer(string quorum)
    {
        var settings = new Dictionary<string, string?> { [MessageBusExtensions.QuorumQueuesKey] = quorum };
        await using var first = new ServiceHost<FundingApiEntryPoint>(FundingEventStore.ConnectionName, database.ConnectionString, vhost.Amqp, settings: settings);
        await ActorsAndFunding.WaitUntilBusReadyAsync(first.CreateClient());
        await using var second = new ServiceHost<FundingApiEntryPoint>(FundingEventStore.ConnectionName, database.ConnectionString, vhost.Amqp, settings: settings);
        await ActorsAndFunding.WaitUntilBusReadyAsync(second.CreateClient());

        var queue = await Eventually.GetAsync(async () =>
        {
            using var json = JsonDocument.Parse(await vhost.GetQueuesJsonAsync());
            var found = json.RootElement.EnumerateArray().FirstOrDefault(q => q.GetProperty("name").GetString() == DirectoryQueue);
            // The management API adds a queue's statistics (consumers…) a moment after it lists the queue.
            return found.ValueKind == JsonValueKind.Object && found.TryGetProperty("consumers", out var consumers) && consumers.GetInt32() == 2
                ? found.Clone() : (JsonElement?)null;
        }, $"{DirectoryQueue} with both replicas subscribed");

        var arguments = queue!.Value.GetProperty("arguments");
        Assert.True(arguments.TryGetProperty("x-single-active-consumer", out var single) && single.GetBoolean(),
            $"{DirectoryQueue} is not single-active-consumer: {arguments}");
        Assert.Equal(quorum == "true" ? "quorum" : "classic", queue.Value.GetProperty("type").GetString());
    }
}
