using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace SocialTech.BuildingBlocks.Messaging;

public static class MessageBusExtensions
{
    /// <summary>The connection name of the RabbitMQ broker, an <c>amqp://user:password@host:port/vhost</c> URI.</summary>
    public const string ConnectionName = "messaging";

    /// <summary>
    /// Configuration key: <c>true</c> declares every receive endpoint's queue as a quorum queue (replicated, for a
    /// clustered broker such as Kubernetes' RabbitmqCluster); <c>false</c> (default) keeps classic queues, which a
    /// single-node broker serves just as well.
    /// </summary>
    /// <remarks>
    /// RabbitMQ cannot change an existing queue's type: switching a broker that already holds the classic queues
    /// means deleting them (after draining) so that MassTransit declares them again.
    /// </remarks>
    public const string QuorumQueuesKey = "Messaging:QuorumQueues";

    /// <summary>Configuration key: <c>true</c> lets MassTransit send its usage telemetry to its vendor; off by default.</summary>
    public const string UsageTelemetryKey = "Messaging:UsageTelemetry";

    /// <summary>
    /// MassTransit over RabbitMQ: durable queues named <c>{service}-{consumer}</c>, publisher confirms, an in-process
    /// retry policy, then the <c>_error</c> queue, so that a message that cannot be processed never blocks the ones
    /// behind it.
    /// </summary>
    /// <remarks>
    /// No delayed redelivery: the RabbitMQ here has no delayed-message plugin, and time-driven work lives in Marten.
    /// The bus health check reports Degraded, not Unhealthy, when the broker is down: writes still succeed because
    /// they go to the event log, and the outbox publishes once the broker is back.
    /// </remarks>
    public static IHostApplicationBuilder AddMessageBus(
        this IHostApplicationBuilder builder, string serviceName, Action<IBusRegistrationConfigurator>? configure = null)
    {
        var connectionString = builder.Configuration.GetConnectionString(ConnectionName)
            ?? throw new InvalidOperationException($"ConnectionStrings:{ConnectionName} is not set.");
        var quorumQueues = builder.Configuration.GetValue(QuorumQueuesKey, false);
        var usageTelemetry = builder.Configuration.GetValue(UsageTelemetryKey, false);

        builder.Services.AddMassTransit(bus =>
        {
            bus.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(serviceName, includeNamespace: false));
            // MassTransit 8.4+ reports usage telemetry to its vendor's host after start-up unless told not to. The
            // platform sends nothing anywhere it was not told to (docs/operations.md): off unless an operator sets
            // Messaging:UsageTelemetry=true (MASSTRANSIT_USAGE_TELEMETRY, read by MassTransit itself, still wins).
            bus.ConfigureUsageTelemetryOptions(options => options.Enabled = usageTelemetry);
            configure?.Invoke(bus);
            if (quorumQueues)
            {
                bus.AddConfigureEndpointsCallback((_, _, endpoint) =>
                {
                    if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit)
                    {
                        rabbit.SetQuorumQueue();
                    }
                });
            }

            bus.ConfigureHealthCheckOptions(health =>
            {
                health.Name = "messaging";
                health.MinimalFailureStatus = HealthStatus.Degraded;
                health.Tags.Add(ServiceDefaultsExtensions.ReadyTag);
            });

            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.Host(new Uri(connectionString), host =>
                {
                    host.PublisherConfirmation = true;
                    host.ConnectionName(serviceName);
                });
                // Outer layer: while the database is unreachable (a restart, a failover) every message would fail its
                // five quick retries and be parked in the error queue although nothing is wrong with it. Transient
                // database failures are retried for about five minutes more; the consumer waits, nothing is parked.
                rabbit.UseMessageRetry(retry =>
                {
                    retry.Exponential(8, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(2));
                    retry.Handle<Exception>(TransientFailures.IsTransientDatabaseFailure);
                });
                rabbit.UseMessageRetry(retry =>
                {
                    retry.Exponential(5, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(200));
                    // A message that can never be valid goes straight to the error queue.
                    retry.Ignore<PoisonMessageException>();
                });
                rabbit.ConfigureEndpoints(context);
            });
        });

        var brokerCheck = new BrokerHealthCheck(new Uri(connectionString));
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            "broker", _ => brokerCheck, HealthStatus.Degraded, [ServiceDefaultsExtensions.ReadyTag], TimeSpan.FromSeconds(5)));

        builder.Services.Configure<MassTransitHostOptions>(options =>
        {
            // A service starts and serves reads and writes while the broker is down; the bus connects when it can.
            options.WaitUntilStarted = false;
            options.StopTimeout = TimeSpan.FromSeconds(30);
        });

        return builder;
    }
}

/// <summary>Thrown by a consumer for a message that no retry can make valid: it goes straight to the error queue.</summary>
public sealed class PoisonMessageException : Exception
{
    public PoisonMessageException() { }

    public PoisonMessageException(string message) : base(message) { }

    public PoisonMessageException(string message, Exception innerException) : base(message, innerException) { }
}
