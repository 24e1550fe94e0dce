using SocialTech.Testing;

namespace SocialTech.Actors.Tests;

/// <summary>The Actors service as it runs in production, on a database and a virtual host of its own, shared by one test class.</summary>
public sealed class ActorsService : IAsyncLifetime
{
    private IsolatedDatabase? database;
    private IsolatedVirtualHost? vhost;

    public ServiceHost<ActorsApiEntryPoint> Host { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var servers = await TestServers.GetAsync();
        database = await IsolatedDatabase.CreateAsync(servers, "actors");
        vhost = await IsolatedVirtualHost.CreateAsync(servers, "actors");
        Host = new ServiceHost<ActorsApiEntryPoint>(ActorsEventStore.ConnectionName, database.ConnectionString, vhost.Amqp);
        Client = Host.CreateClient();
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Host.DisposeAsync();
        await vhost!.DisposeAsync();
        await database!.DisposeAsync();
    }
}
