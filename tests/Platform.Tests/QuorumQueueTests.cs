using System.Text.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using SocialTech.Actors;
using SocialTech.Actors.Directory;
using SocialTech.BuildingBlocks.Messaging;
using SocialTech.Funding;
using SocialTech.Testing;

namespace SocialTech.Platform.Tests;

/// <summary>
/// The switch deploy/k8s turns on (<c>Messaging:QuorumQueues=true</c>, for a RabbitMQ cluster): a service declares its
/// receive queues as quorum queues, and messages still flow through them. A single RabbitMQ node accepts quorum
/// queues (with one replica), so the switch is testable here.
/// </summary>
public sealed class QuorumQueueTests : IAsyncLifetime
{
    private TestServers servers = null!;
    private IsolatedDatabase actorsDb = null!;
    private IsolatedDatabase fundingDb = null!;
    private IsolatedVirtualHost vhost = null!;

    public async Task InitializeAsync()
    {
        servers = await TestServers.GetAsync();
        actorsDb = await IsolatedDatabase.CreateAsync(servers, "quorumactors");
        fundingDb = await IsolatedDatabase.CreateAsync(servers, "quorumfunding");
        vhost = await IsolatedVirtualHost.CreateAsync(servers, "quorum");
    }

    public async Task DisposeAsync()
    {
        await vhost.DisposeAsync();
        await fundingDb.DisposeAsync();
        await actorsDb.DisposeAsync();
    }

    [Fact]
    public async Task QuorumSwitch_DeclaresQuorumReceiveQueues_AndMessagesFlowThroughThem()
    {
        await using var funding = new ServiceHost<FundingApiEntryPoint>(FundingEventStore.ConnectionName, fundingDb.ConnectionString, vhost.Amqp,
            settings: new Dictionary<string, string?> { [MessageBusExtensions.QuorumQueuesKey] = "true" });
        await ActorsAndFunding.WaitUntilBusReadyAsync(funding.CreateClient());
        await using var actors = new ServiceHost<ActorsApiEntryPoint>(ActorsEventStore.ConnectionName, actorsDb.ConnectionString, vhost.Amqp);
        await ActorsAndFunding.WaitUntilBusReadyAsync(actors.CreateClient());

        // Receive queues are Funding's consumers' endpoints; MassTransit's own _error/_skipped queues are declared
        // elsewhere and stay classic, which is fine: nothing is consumed from them.
        var receiveQueues = (await QueuesAsync())
            .Where(q => q.Name.StartsWith("funding-", StringComparison.Ordinal) && !q.Name.EndsWith("_error", StringComparison.Ordinal) && !q.Name.EndsWith("_skipped", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(receiveQueues);
        Assert.All(receiveQueues, q => Assert.True(q.Type == "quorum", $"{q.Name} is {q.Type}"));

        var id = await ActorsAndFunding.RegisterActorAsync(actors.CreateClient(), "Association en file quorum");
        var seen = await Eventually.GetAsync(async () =>
        {
            await using var session = funding.Services.GetRequiredService<IDocumentStore>().QuerySession();
            return await session.LoadAsync<DirectoryActor>(id);
        }, $"actor {id} in Funding's directory through a quorum queue");
        Assert.Equal("Association en file quorum", seen.Name);
    }

    [Fact]
    public async Task WithoutTheSwitch_ReceiveQueuesAreClassic()
    {
        await using var funding = new ServiceHost<FundingApiEntryPoint>(FundingEventStore.ConnectionName, fundingDb.ConnectionString, vhost.Amqp);
        await ActorsAndFunding.WaitUntilBusReadyAsync(funding.CreateClient());

        var receiveQueues = (await QueuesAsync()).Where(q => q.Name.StartsWith("funding-", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(receiveQueues);
        Assert.All(receiveQueues, q => Assert.True(q.Type == "classic", $"{q.Name} is {q.Type}"));
    }

    private async Task<List<(string Name, string? Type)>> QueuesAsync() =>
        await Eventually.GetAsync(async () =>
        {
            using var queues = JsonDocument.Parse(await vhost.GetQueuesJsonAsync());
            var list = queues.RootElement.EnumerateArray()
                .Select(q => (q.GetProperty("name").GetString()!, q.TryGetProperty("type", out var t) ? t.GetString() : null))
                .ToList();
            return list.Count > 0 ? list : null;
        }, "the service's queues to be declared");
}
