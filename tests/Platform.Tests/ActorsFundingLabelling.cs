using SocialTech.Actors;
using SocialTech.Funding;
using SocialTech.Labelling;
using SocialTech.Testing;

namespace SocialTech.Platform.Tests;

/// <summary>
/// Actors, Funding and Labelling in one test process, each on its own database, sharing one RabbitMQ virtual host:
/// an actor registered in Actors reaches Funding's directory, and what Funding then decides reaches Labelling.
/// </summary>
public sealed class ActorsFundingLabelling : IAsyncLifetime
{
    private IsolatedDatabase? actorsDb;
    private IsolatedDatabase? fundingDb;
    private IsolatedDatabase? labellingDb;
    private IsolatedVirtualHost? vhost;

    public ServiceHost<ActorsApiEntryPoint> Actors { get; private set; } = null!;

    public ServiceHost<FundingApiEntryPoint> Funding { get; private set; } = null!;

    public ServiceHost<LabellingApiEntryPoint> Labelling { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var servers = await TestServers.GetAsync();
        actorsDb = await IsolatedDatabase.CreateAsync(servers, "actors");
        fundingDb = await IsolatedDatabase.CreateAsync(servers, "funding");
        labellingDb = await IsolatedDatabase.CreateAsync(servers, "labelling");
        vhost = await IsolatedVirtualHost.CreateAsync(servers, "platform");

        Actors = new ServiceHost<ActorsApiEntryPoint>(ActorsEventStore.ConnectionName, actorsDb.ConnectionString, vhost.Amqp);
        Funding = new ServiceHost<FundingApiEntryPoint>(FundingEventStore.ConnectionName, fundingDb.ConnectionString, vhost.Amqp);
        Labelling = new ServiceHost<LabellingApiEntryPoint>(LabellingEventStore.ConnectionName, labellingDb.ConnectionString, vhost.Amqp);

        // Consumers' queues must exist before their producers publish, as they do in production once started.
        await ActorsAndFunding.WaitUntilBusReadyAsync(Labelling.CreateClient());
        await ActorsAndFunding.WaitUntilBusReadyAsync(Funding.CreateClient());
        await ActorsAndFunding.WaitUntilBusReadyAsync(Actors.CreateClient());
    }

    public async Task DisposeAsync()
    {
        await Actors.DisposeAsync();
        await Funding.DisposeAsync();
        await Labelling.DisposeAsync();
        await vhost!.DisposeAsync();
        await actorsDb!.DisposeAsync();
        await fundingDb!.DisposeAsync();
        await labellingDb!.DisposeAsync();
    }
}
