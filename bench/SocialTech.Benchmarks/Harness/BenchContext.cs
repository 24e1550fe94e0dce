using Npgsql;

namespace SocialTech.Benchmarks.Harness;

/// <summary>What every scenario is given: where the servers are, where the repository is, how long to measure.</summary>
/// <param name="Postgres">Npgsql connection string without a database, for a role that may create databases.</param>
/// <param name="RabbitMq">An <c>amqp://user:password@host:port/vhost</c> URI of a virtual host kept for benchmarks, so that
/// the services started here never take messages from the queues of a running platform.</param>
/// <param name="RepositoryRoot">Where <c>services/…/bin/Release</c> holds the built services.</param>
/// <param name="Rounds">How many times each subject and its baseline alternate.</param>
/// <param name="RoundSeconds">How long one side runs in one round.</param>
public sealed record BenchContext(string Postgres, Uri RabbitMq, string RepositoryRoot, int Rounds, double RoundSeconds)
{
    public string ConnectionTo(string database, string applicationName) =>
        new NpgsqlConnectionStringBuilder(Postgres) { Database = database, ApplicationName = applicationName, MaxPoolSize = 100 }.ConnectionString;

    public static void Log(string message) => Console.Error.WriteLine($"[bench {DateTime.UtcNow:HH:mm:ss}] {message}");

    /// <summary>Creates the database when missing; returns whether it had to.</summary>
    public async Task<bool> EnsureDatabaseAsync(string database, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(ConnectionTo("postgres", "bench-admin"));
        await connection.OpenAsync(ct);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection) { Parameters = { new() { Value = database } } };
        if (await exists.ExecuteScalarAsync(ct) is not null)
        {
            return false;
        }

        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", connection);
        await create.ExecuteNonQueryAsync(ct);
        return true;
    }

    /// <summary>An empty database of that name: a scenario's figures never depend on what an earlier run left.</summary>
    public async Task RecreateDatabaseAsync(string database, CancellationToken ct)
    {
        await DropDatabaseAsync(database, ct);
        await EnsureDatabaseAsync(database, ct);
    }

    public async Task DropDatabaseAsync(string database, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(ConnectionTo("postgres", "bench-admin"));
        await connection.OpenAsync(ct);
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync(ct);

        // WITH (FORCE) ended this process's pooled connections to it too: never hand them out again.
        NpgsqlConnection.ClearAllPools();
    }
}
