using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace SocialTech.Testing;

/// <summary>
/// One service as it runs in production, on a database and a virtual host of its own, shared by one test class.
/// Each service's fixture derives from it and adds its own seeding helpers.
/// </summary>
public abstract class ServiceUnderTest<TEntryPoint>(string connectionName, string purpose) : IAsyncLifetime
    where TEntryPoint : class
{
    private IsolatedDatabase? database;
    private IsolatedVirtualHost? vhost;

    public ServiceHost<TEntryPoint> Host { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    /// <summary>The test class's virtual host, for tests that publish on the bus themselves.</summary>
    public Uri Amqp => vhost!.Amqp;

    /// <summary>The test class's virtual host, for tests that look at its queues through the management API.</summary>
    public IsolatedVirtualHost VirtualHost => vhost!;

    /// <summary>The test class's database, for tests that look at what the service stored.</summary>
    public string DatabaseConnectionString => database!.ConnectionString;

    /// <summary>Services a fixture replaces in the host (a test clock…).</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    public virtual async Task InitializeAsync()
    {
        var servers = await TestServers.GetAsync();
        database = await IsolatedDatabase.CreateAsync(servers, purpose);
        vhost = await IsolatedVirtualHost.CreateAsync(servers, purpose);
        StartHost();
        await BusReadyAsync();
    }

    /// <summary>Stops the current host and starts a new one on the same database and virtual host, as a restart would.</summary>
    public async Task RestartAsync(Action? whileStopped = null)
    {
        Client.Dispose();
        await Host.DisposeAsync();
        whileStopped?.Invoke();
        StartHost();
        await BusReadyAsync();
    }

    /// <summary>
    /// Waits until the bus has declared and bound every receive endpoint. Services start without waiting for the broker
    /// (<c>WaitUntilStarted = false</c>, so that they serve while it is down), so a test that publishes right after the
    /// start could otherwise publish to an exchange with no queue bound yet, and the message would go nowhere. A bus not
    /// healthy within the bound is left to the test, which then fails on what it waits for.
    /// </summary>
    private async Task BusReadyAsync() =>
        await Host.Services.GetRequiredService<IBusControl>().WaitForHealthStatus(BusHealthStatus.Healthy, TimeSpan.FromSeconds(30));

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Host.DisposeAsync();
        await vhost!.DisposeAsync();
        await database!.DisposeAsync();
    }

    private void StartHost()
    {
        Host = new ServiceHost<TEntryPoint>(connectionName, database!.ConnectionString, vhost!.Amqp, ConfigureServices);
        Client = Host.CreateClient();
    }
}
