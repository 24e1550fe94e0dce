using Npgsql;

namespace SocialTech.Testing;

/// <summary>A database of its own for one test class, dropped afterwards.</summary>
public sealed class IsolatedDatabase : IAsyncDisposable
{
    private readonly string admin;

    private IsolatedDatabase(string admin, string name)
    {
        this.admin = admin;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name, MaxPoolSize = 20 }.ConnectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public static async Task<IsolatedDatabase> CreateAsync(TestServers servers, string purpose)
    {
        var name = $"t_{purpose}_{Guid.NewGuid():N}"[..40].ToLowerInvariant();
        await using var connection = new NpgsqlConnection(AdminOn(servers.Postgres));
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await create.ExecuteNonQueryAsync();
        return new IsolatedDatabase(servers.Postgres, name);
    }

    /// <remarks>
    /// A service host that has just stopped may still be closing pooled connections, and PostgreSQL refuses to drop a
    /// database while a connection is arriving (55006) even WITH (FORCE): try again briefly before reporting it.
    /// </remarks>
    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var connection = new NpgsqlConnection(AdminOn(admin));
                await connection.OpenAsync();
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", connection);
                await drop.ExecuteNonQueryAsync();
                return;
            }
            catch (PostgresException ex) when (attempt < 10)
            {
                Console.Error.WriteLine($"Dropping test database {Name} failed ({ex.SqlState}: {ex.MessageText}); retrying.");
                await Task.Delay(TimeSpan.FromMilliseconds(300 * attempt));
            }
        }
    }

    private static string AdminOn(string server) =>
        new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ConnectionString;
}
