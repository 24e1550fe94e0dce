using System.Net.Sockets;
using Npgsql;
using SocialTech.BuildingBlocks.Messaging;

namespace SocialTech.Platform.Tests;

/// <summary>Which consumer failures get the long retry for database outages instead of the error queue.</summary>
public sealed class TransientFailuresTests
{
    [Fact]
    public void AnUnreachableDatabase_IsTransient_EvenWrappedAsMartenWrapsIt()
    {
        var unreachable = new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused));

        Assert.True(TransientFailures.IsTransientDatabaseFailure(unreachable));
        Assert.True(TransientFailures.IsTransientDatabaseFailure(new InvalidOperationException("command failed", unreachable)));
        // PostgreSQL shutting down (restart -m immediate, failover): 57P01 admin_shutdown.
        Assert.True(TransientFailures.IsTransientDatabaseFailure(new PostgresException("terminating connection", "FATAL", "FATAL", "57P01")));
    }

    [Fact]
    public void AFailureOfTheMessageItself_IsNotTransient()
    {
        Assert.False(TransientFailures.IsTransientDatabaseFailure(new PostgresException("duplicate key", "ERROR", "ERROR", "23505")));
        Assert.False(TransientFailures.IsTransientDatabaseFailure(new ArgumentException("bad commune")));
        Assert.False(TransientFailures.IsTransientDatabaseFailure(new PoisonMessageException("no SIREN")));
    }
}
