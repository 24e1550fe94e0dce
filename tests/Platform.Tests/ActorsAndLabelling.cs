using System.Collections.Concurrent;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using SocialTech.Actors;
using SocialTech.Labelling;
using SocialTech.Testing;

namespace SocialTech.Platform.Tests;

/// <summary>Actors and Labelling in one test process, each on its own database, sharing one RabbitMQ virtual host.</summary>
public sealed class ActorsAndLabelling : IAsyncLifetime
{
    private IsolatedDatabase? actorsDb;
    private IsolatedDatabase? labellingDb;
    private IsolatedVirtualHost? vhost;

    public ServiceHost<ActorsApiEntryPoint> Actors { get; private set; } = null!;

    public ServiceHost<LabellingApiEntryPoint> Labelling { get; private set; } = null!;

    /// <summary>Every message Labelling's bus has finished consuming, by message id.</summary>
    public ConsumedMessages LabellingConsumed { get; } = new();

    public async Task InitializeAsync()
    {
        var servers = await TestServers.GetAsync();
        actorsDb = await IsolatedDatabase.CreateAsync(servers, "actors");
        labellingDb = await IsolatedDatabase.CreateAsync(servers, "labelling");
        vhost = await IsolatedVirtualHost.CreateAsync(servers, "platform");

        Actors = new ServiceHost<ActorsApiEntryPoint>(ActorsEventStore.ConnectionName, actorsDb.ConnectionString, vhost.Amqp);
        Labelling = new ServiceHost<LabellingApiEntryPoint>(LabellingEventStore.ConnectionName, labellingDb.ConnectionString, vhost.Amqp);

        // Labelling's queues must exist before Actors publishes, as they do in production once Labelling has started.
        await ActorsAndFunding.WaitUntilBusReadyAsync(Labelling.CreateClient());
        await ActorsAndFunding.WaitUntilBusReadyAsync(Actors.CreateClient());
        Labelling.Services.GetRequiredService<IBus>().ConnectConsumeObserver(LabellingConsumed);
    }

    public async Task DisposeAsync()
    {
        await Actors.DisposeAsync();
        await Labelling.DisposeAsync();
        await vhost!.DisposeAsync();
        await actorsDb!.DisposeAsync();
        await labellingDb!.DisposeAsync();
    }
}

/// <summary>
/// Tells when a message has been consumed, even one whose consumer rightly did nothing (a duplicate, an older
/// version): waiting on an effect cannot show that nothing happened.
/// </summary>
public sealed class ConsumedMessages : IConsumeObserver
{
    private readonly ConcurrentDictionary<Guid, TaskCompletionSource> consumed = new();

    public Task WaitAsync(Guid messageId) => Slot(messageId).Task.WaitAsync(Eventually.DefaultTimeout);

    public Task PreConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;

    public Task PostConsume<T>(ConsumeContext<T> context) where T : class
    {
        if (context.MessageId is { } id)
        {
            Slot(id).TrySetResult();
        }

        return Task.CompletedTask;
    }

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class => Task.CompletedTask;

    private TaskCompletionSource Slot(Guid messageId) =>
        consumed.GetOrAdd(messageId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
