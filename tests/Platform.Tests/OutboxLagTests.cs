using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using SocialTech.Actors;
using SocialTech.BuildingBlocks.EventStore;
using SocialTech.Testing;

namespace SocialTech.Platform.Tests;

/// <summary>The gauge operators watch for a stuck outbox: it rises while no daemon runs and falls to 0 once one does.</summary>
public sealed class OutboxLagTests : IAsyncLifetime
{
    private TestServers servers = null!;
    private IsolatedDatabase database = null!;
    private IsolatedVirtualHost vhost = null!;

    public async Task InitializeAsync()
    {
        servers = await TestServers.GetAsync();
        database = await IsolatedDatabase.CreateAsync(servers, "outboxlag");
        vhost = await IsolatedVirtualHost.CreateAsync(servers, "outboxlag");
    }

    public async Task DisposeAsync()
    {
        await vhost.DisposeAsync();
        await database.DisposeAsync();
    }

    [Fact]
    public async Task Lag_RisesWithoutDaemon_AndFallsToZeroOnceDaemonRuns()
    {
        await using var api = new ServiceHost<ActorsApiEntryPoint>(ActorsEventStore.ConnectionName, database.ConnectionString, vhost.Amqp,
            settings: new Dictionary<string, string?> { [EventStoreExtensions.DaemonModeKey] = "Disabled" });
        var client = api.CreateClient();
        await ActorsAndFunding.RegisterActorAsync(client, "Atelier sans démon");
        await ActorsAndFunding.RegisterActorAsync(client, "Second atelier sans démon");
        var lag = api.Services.GetRequiredService<EventLogLag>();

        await lag.SampleAsync();
        Assert.True(ObservedLag() >= 2, $"lag {ObservedLag()} with two unpublished registrations and no daemon");

        // A replica that runs the daemon, as every replica does in Kubernetes: same database, the default HotCold.
        await using var daemon = new ServiceHost<ActorsApiEntryPoint>(ActorsEventStore.ConnectionName, database.ConnectionString, vhost.Amqp);
        _ = daemon.Services;

        await Eventually.TrueAsync(async () => await lag.SampleAsync() == 0 && ObservedLag() == 0, "the outbox to catch up");
    }

    /// <summary>What an exporter reads from the gauge for this test's database (other tests' hosts report theirs).</summary>
    private long? ObservedLag()
    {
        long? observed = null;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == EventLogLag.MeterName && instrument.Name == EventLogLag.GaugeName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "db.namespace" && (string?)tag.Value == database.Name)
                {
                    observed = Math.Max(observed ?? 0, value);
                }
            }
        });
        listener.Start();
        listener.RecordObservableInstruments();
        return observed;
    }
}
