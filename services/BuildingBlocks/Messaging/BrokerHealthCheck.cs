using Microsoft.Extensions.Diagnostics.HealthChecks;
using RabbitMQ.Client;

namespace SocialTech.BuildingBlocks.Messaging;

/// <summary>
/// Is the broker reachable? MassTransit's own check cannot tell for a service with no receive endpoint, since its
/// connection opens only when it publishes; this one keeps a connection of its own and reopens it when it drops.
/// </summary>
public sealed class BrokerHealthCheck(Uri broker) : IHealthCheck, IAsyncDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private IConnection? connection;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (connection is not { IsOpen: true })
            {
                if (connection is not null)
                {
                    await connection.DisposeAsync();
                    connection = null;
                }

                var factory = new ConnectionFactory
                {
                    Uri = broker,
                    RequestedConnectionTimeout = TimeSpan.FromSeconds(3),
                    AutomaticRecoveryEnabled = false,
                    ClientProvidedName = "health-check",
                };
                connection = await factory.CreateConnectionAsync(cancellationToken);
            }

            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is RabbitMQ.Client.Exceptions.BrokerUnreachableException or IOException or TimeoutException
                                       or OperationCanceledException or RabbitMQ.Client.Exceptions.OperationInterruptedException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus,
                "RabbitMQ is unreachable: writes still succeed and the outbox publishes when it is back.", ex);
        }
        finally
        {
            gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (connection is not null)
        {
            await connection.DisposeAsync();
        }

        gate.Dispose();
    }
}
