using JasperFx;
using JasperFx.Events.Daemon;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SocialTech.BuildingBlocks.Messaging;

namespace SocialTech.BuildingBlocks.EventStore;

public static class EventStoreExtensions
{
    /// <summary>Configuration key that selects the async daemon mode: <c>Solo</c> (default) or <c>Disabled</c>.</summary>
    public const string DaemonModeKey = "EventStore:Daemon";

    /// <summary>
    /// Registers Marten on the service's own database (<c>ConnectionStrings:{connectionName}</c>) in its own schema,
    /// with the event log as the outbox: committed events are mapped by <typeparamref name="TMapper"/> and published.
    /// </summary>
    /// <remarks>
    /// The daemon runs in <see cref="DaemonMode.Solo"/> because <c>HotCold</c> fails with the DistributedLock shim
    /// (docs/adr/0002-marten-compatibility-package.md): exactly one replica per service sets <c>EventStore:Daemon=Solo</c>,
    /// the others <c>Disabled</c> and only serve the API.
    /// </remarks>
    public static MartenServiceCollectionExtensions.MartenConfigurationExpression AddEventStore<TMapper>(
        this IHostApplicationBuilder builder, string connectionName, string schemaName, Action<StoreOptions, IServiceProvider> configure)
        where TMapper : class, IContractMapper
    {
        var connectionString = builder.Configuration.GetConnectionString(connectionName)
            ?? throw new InvalidOperationException($"ConnectionStrings:{connectionName} is not set.");
        var daemonMode = builder.Configuration.GetValue(DaemonModeKey, DaemonMode.Solo);

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddSingleton<IContractMapper, TMapper>();
        builder.Services.AddHealthChecks().AddPostgresReadiness(connectionName);
        builder.Services.AddSingleton(_ => new EventLogLag(connectionString, schemaName));
        builder.Services.AddHostedService(services => services.GetRequiredService<EventLogLag>());

        var marten = builder.Services.AddMarten(services =>
            {
                var options = new StoreOptions();
                options.Connection(connectionString);
                options.DatabaseSchemaName = schemaName;
                options.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;

                // Headers carry the W3C trace context from the HTTP request to the outbox publisher, so one trace
                // spans request, append, publish and consume; the user name records the acting principal.
                options.Events.MetadataConfig.HeadersEnabled = true;
                options.Events.MetadataConfig.CorrelationIdEnabled = true;
                options.Events.MetadataConfig.CausationIdEnabled = true;
                options.Events.MetadataConfig.UserNameEnabled = true;

                // Each append notifies the daemon (pg_notify at commit), which then looks for new events at once rather
                // than at its next poll (250 ms while busy, 1 s while quiet): the outbox publishes within milliseconds
                // of the commit. Polling stays as the safety net when the LISTEN connection is down.
                options.Events.UseListenNotifyForEventAppends = true;

                options.OpenTelemetry.TrackConnections = JasperFx.OpenTelemetry.TrackLevel.Normal;
                options.OpenTelemetry.TrackEventCounters();

                options.Schema.For<ProcessedMessage>();
                configure(options, services);
                return options;
            })
            .BuildSessionsWith<TracingSessionFactory>()
            .ApplyAllDatabaseChangesOnStartup()
            .AddSubscriptionWithServices<EventLogOutbox>(ServiceLifetime.Singleton);

        if (daemonMode != DaemonMode.Disabled)
        {
            marten.AddAsyncDaemon(daemonMode);
        }

        return marten;
    }
}
