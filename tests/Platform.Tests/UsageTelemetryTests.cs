using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SocialTech.Actors;
using SocialTech.BuildingBlocks.Messaging;
using SocialTech.Testing;

namespace SocialTech.Platform.Tests;

/// <summary>
/// MassTransit 8.4+ sends usage telemetry to its vendor's host after the bus starts unless its options say not to.
/// Every service builds its bus with <see cref="MessageBusExtensions.AddMessageBus"/>, so one service's options show
/// the platform's: off by default, on only when an operator says so.
/// </summary>
public sealed class UsageTelemetryTests : IAsyncLifetime
{
    private TestServers servers = null!;
    private IsolatedDatabase database = null!;
    private IsolatedVirtualHost vhost = null!;

    public async Task InitializeAsync()
    {
        servers = await TestServers.GetAsync();
        database = await IsolatedDatabase.CreateAsync(servers, "usagetelemetry");
        vhost = await IsolatedVirtualHost.CreateAsync(servers, "usagetelemetry");
    }

    public async Task DisposeAsync()
    {
        await vhost.DisposeAsync();
        await database.DisposeAsync();
    }

    [Fact]
    public async Task UsageTelemetry_IsOff_UnlessConfigured()
    {
        await using (var quiet = new ServiceHost<ActorsApiEntryPoint>(ActorsEventStore.ConnectionName, database.ConnectionString, vhost.Amqp))
        {
            Assert.False(quiet.Services.GetRequiredService<IOptions<UsageTelemetryOptions>>().Value.Enabled);
        }

        await using var told = new ServiceHost<ActorsApiEntryPoint>(ActorsEventStore.ConnectionName, database.ConnectionString, vhost.Amqp,
            settings: new Dictionary<string, string?> { [MessageBusExtensions.UsageTelemetryKey] = "true" });
        Assert.True(told.Services.GetRequiredService<IOptions<UsageTelemetryOptions>>().Value.Enabled);
    }
}
