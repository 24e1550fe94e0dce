using SocialTech.Actors;
using SocialTech.IncubatorNetworks;
using SocialTech.Testing;

namespace SocialTech.Platform.Tests;

/// <summary>Actors and IncubatorNetworks in one test process, each on its own database, sharing one RabbitMQ virtual host.</summary>
public sealed class ActorsAndNetworks : IAsyncLifetime
{
    private IsolatedDatabase? actorsDb;
    private IsolatedDatabase? networksDb;

    public IsolatedVirtualHost VirtualHost { get; private set; } = null!;

    public ServiceHost<ActorsApiEntryPoint> Actors { get; private set; } = null!;

    public ServiceHost<IncubatorNetworksApiEntryPoint> Networks { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var servers = await TestServers.GetAsync();
        actorsDb = await IsolatedDatabase.CreateAsync(servers, "actors");
        networksDb = await IsolatedDatabase.CreateAsync(servers, "networks");
        VirtualHost = await IsolatedVirtualHost.CreateAsync(servers, "platform");

        Actors = new ServiceHost<ActorsApiEntryPoint>(ActorsEventStore.ConnectionName, actorsDb.ConnectionString, VirtualHost.Amqp);
        Networks = new ServiceHost<IncubatorNetworksApiEntryPoint>(IncubatorNetworksEventStore.ConnectionName, networksDb.ConnectionString, VirtualHost.Amqp);

        // Each side consumes the other's contracts: both queues must exist before either publishes.
        await ActorsAndFunding.WaitUntilBusReadyAsync(Networks.CreateClient());
        await ActorsAndFunding.WaitUntilBusReadyAsync(Actors.CreateClient());
    }

    public async Task DisposeAsync()
    {
        await Actors.DisposeAsync();
        await Networks.DisposeAsync();
        await VirtualHost.DisposeAsync();
        await actorsDb!.DisposeAsync();
        await networksDb!.DisposeAsync();
    }
}
