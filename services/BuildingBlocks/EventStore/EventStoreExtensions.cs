using JasperFx;
using JasperFx.Events.Daemon;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using SocialTech.BuildingBlocks.Messaging;

namespace SocialTech.BuildingBlocks.EventStore;

public static class EventStoreExtensions
{
    /// <summary>
    /// Configuration key that selects the async daemon mode: <c>HotCold</c> (default), <c>Disabled</c> (an API-only
    /// replica) or <c>Solo</c> (a lone process that need not take the leader lock: benchmarks).
    /// </summary>
    public const string DaemonModeKey = "EventStore:Daemon";

    /// <summary>
    /// Registers Marten on the service's own database (<c>ConnectionStrings:{connectionName}</c>) in its own schema,
    /// with the event log as the outbox: committed events are mapped by <typeparamref name="TMapper"/> and published.
    /// </summary>
    /// <remarks>
    /// Every replica runs the daemon in <see cref="DaemonMode.HotCold"/> (docs/adr/0010-hotcold-daemon-on-every-replica.md):
    /// the replicas of a service elect one leader through a PostgreSQL advisory lock, only the leader runs the outbox
    /// and the async projections, and when it dies its lock goes with its connection and another replica takes over
    /// from the progress the leader last committed. Any number of replicas may therefore run with the same settings.
    /// </remarks>
    public static MartenServiceCollectionExtensions.MartenConfigurationExpression AddEventStore<TMapper>(
        this IHostApplicationBuilder builder, string connectionName, string schemaName, Action<StoreOptions, IServiceProvider> configure)
        where TMapper : class, IContractMapper
    {
        var connectionString = builder.Configuration.GetConnectionString(connectionName)
            ?? throw new InvalidOperationException($"ConnectionStrings:{connectionName} is not set.");
        var daemonMode = DaemonModeOf(builder.Configuration);

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddSingleton<IContractMapper, TMapper>();
        builder.Services.AddHealthChecks().AddPostgresReadiness(connectionName);
        builder.Services.AddSingleton(_ => new EventLogLag(connectionString, schemaName));
        builder.Services.AddHostedService(services => services.GetRequiredService<EventLogLag>());

        // The replay command (README: Operations, "Rebuilding a copy"): its runs are documents, run in the background.
        builder.Services.AddSingleton<Messaging.Replays.IBrokerQueues, Messaging.Replays.RabbitMqQueues>();
        builder.Services.AddSingleton<Messaging.Replays.ContractReplays>();
        builder.Services.AddHostedService(services => services.GetRequiredService<Messaging.Replays.ContractReplays>());

        var marten = builder.Services.AddMarten(services =>
            {
                var options = new StoreOptions();
                options.Connection(Tuned(connectionString));
                options.DatabaseSchemaName = schemaName;
                options.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;

                // Headers carry the W3C trace context from the HTTP request to the outbox publisher, so one trace
                // spans request, append, publish and consume; the user name records the acting principal.
                options.Events.MetadataConfig.HeadersEnabled = true;
                options.Events.MetadataConfig.CorrelationIdEnabled = true;
                options.Events.MetadataConfig.CausationIdEnabled = true;
                options.Events.MetadataConfig.UserNameEnabled = true;

                // The daemon is woken by this process's own commits (AppendWakeup), not by a NOTIFY inside every append
                // transaction. It still polls, for the events other replicas append: every 50 ms while busy and every
                // 250 ms while quiet (Marten's defaults are 250 ms and 1 s). A poll is one indexed query.
                var wakeup = new AppendWakeup();
                options.Projections.Wakeup = wakeup;
                options.Listeners.Add(new AppendWakeup.OnCommit(wakeup));
                options.Projections.FastPollingTime = TimeSpan.FromMilliseconds(50);
                options.Projections.SlowPollingTime = TimeSpan.FromMilliseconds(250);

                // HotCold: a replica that does not lead tries the daemon's advisory lock this often, so that it takes
                // over within about a second of the leader's death rather than five (the failover time measured in
                // docs/adr/0010-hotcold-daemon-on-every-replica.md). Each try is one pg_try_advisory_lock per replica.
                options.Projections.LeadershipPollingTime = 1000;

                options.OpenTelemetry.TrackConnections = JasperFx.OpenTelemetry.TrackLevel.Normal;
                options.OpenTelemetry.TrackEventCounters();

                options.Schema.For<ProcessedMessage>();
                options.Schema.For<Messaging.Replays.ContractReplay>();
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

    /// <summary>The daemon mode <see cref="DaemonModeKey"/> selects; <see cref="DaemonMode.HotCold"/> when it is not set.</summary>
    public static DaemonMode DaemonModeOf(IConfiguration configuration) => configuration.GetValue(DaemonModeKey, DaemonMode.HotCold);

    /// <summary>
    /// The service's pooled connections keep their state between uses and prepare the statements they run often.
    /// </summary>
    /// <remarks>
    /// By default Npgsql resets a connection it takes back into its pool: a <c>DISCARD ALL</c> sent with the next
    /// command, or, once the connection holds prepared statements, a lighter reset that keeps them. Marten opens a
    /// connection for each operation, so the publishing path paid five resets per request (measured with
    /// <c>log_statement</c>, docs/performance.md, "append"). Nothing in the services leaves session state behind: Marten
    /// sets only <c>SET LOCAL</c>, the only <c>LISTEN</c> (the live feed) has its own unpooled connection, and there are
    /// no temp tables; the one session-level advisory lock, the HotCold leader's, stays on a connection the daemon keeps
    /// open while it leads. Settings already in the connection string win.
    /// </remarks>
    public static string Tuned(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);

        // Npgsql accepts each keyword with or without its spaces ("No Reset On Close", "NoResetOnClose").
        var given = connectionString.Replace(" ", "", StringComparison.Ordinal);
        if (!given.Contains("ResetOnClose", StringComparison.OrdinalIgnoreCase))
        {
            builder.NoResetOnClose = true;
        }

        if (!given.Contains("AutoPrepare", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxAutoPrepare = 128;
        }

        return builder.ConnectionString;
    }
}
