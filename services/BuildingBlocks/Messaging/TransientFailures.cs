using System.Net.Sockets;
using Npgsql;

namespace SocialTech.BuildingBlocks.Messaging;

/// <summary>Failures that say nothing about the message: the database was briefly out of reach.</summary>
public static class TransientFailures
{
    /// <summary>True when the exception, or one it wraps (Marten wraps Npgsql's), is a transient database failure.</summary>
    public static bool IsTransientDatabaseFailure(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is NpgsqlException { IsTransient: true } or SocketException)
            {
                return true;
            }
        }

        return false;
    }
}
