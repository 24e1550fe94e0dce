using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace SocialTech.FaultInjection.Tests;

/// <summary>
/// The disposable PostgreSQL cluster and RabbitMQ node of <c>deploy/local/fault-servers.sh</c>, started on first use
/// and stopped (their directory deleted) by <see cref="StopAsync"/> when the collection ends. Every fault goes through
/// that script, so that the tests and an operator inject the same ones.
/// </summary>
/// <remarks>
/// The servers are this test run's own (ports picked free, data in a temporary directory): another run on the same
/// machine, a developer's beside CI's or another checkout's, has its own and neither stops the other's. Should this
/// process die without stopping them, the next run's start stops them (the run records this process as its owner).
/// </remarks>
public sealed class FaultServers
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static FaultServers? current;

    private readonly string runDirectory;

    private FaultServers(string repository, string runDirectory, string postgres, Uri rabbitMq)
    {
        Repository = repository;
        this.runDirectory = runDirectory;
        Postgres = postgres;
        RabbitMq = rabbitMq;
    }

    /// <summary>The repository root (the services' build output is found from it).</summary>
    public string Repository { get; }

    /// <summary>Connection string to the fault cluster, no database named, with a role that may create them.</summary>
    public string Postgres { get; }

    /// <summary>The fault broker, root virtual host.</summary>
    public Uri RabbitMq { get; }

    public static async Task<FaultServers> GetAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (current is null)
            {
                var repository = FindRepository();
                var run = Directory.CreateTempSubdirectory("socialtech-faults-").FullName;
                await RunScriptAsync(repository, run, "start");
                var values = File.ReadAllLines(Path.Combine(run, "faults.env"))
                    .Select(line => line.Split('=', 2))
                    .Where(parts => parts.Length == 2)
                    .ToDictionary(parts => parts[0].Trim(), parts => parts[1].Trim().Trim('\''));
                current = new FaultServers(repository, run, values["SOCIALTECH_FAULTS_POSTGRES"], new Uri(values["SOCIALTECH_FAULTS_RABBITMQ"]));
            }

            return current;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>Stops both servers and deletes their directory (kept with <c>FAULTS_KEEP=1</c>, for a post-mortem).</summary>
    public static async Task StopAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (current is { } servers)
            {
                current = null;
                await RunScriptAsync(servers.Repository, servers.runDirectory, "stop");
            }
        }
        finally
        {
            Gate.Release();
        }
    }

    public Task StopRabbitMqAsync() => RunAsync("rabbitmq-stop");

    public Task StartRabbitMqAsync() => RunAsync("rabbitmq-start");

    /// <summary>SIGKILL of the broker's Erlang VM.</summary>
    public Task KillRabbitMqAsync() => RunAsync("rabbitmq-kill");

    /// <summary><c>pg_ctl restart -m immediate</c>: every backend dies without a checkpoint; the restart runs crash recovery.</summary>
    public Task RestartPostgresImmediatelyAsync() => RunAsync("postgres-restart-immediate");

    public async Task<Uri> CreateVirtualHostAsync(string name)
    {
        await RunAsync("vhost", name);
        return new UriBuilder(RabbitMq) { Path = "/" + name }.Uri;
    }

    public Task DeleteVirtualHostAsync(string name) => RunAsync("vhost-delete", name);

    /// <summary>Each queue of the virtual host with its messages ready and unacknowledged, as the queues hold them now
    /// (<c>rabbitmqctl list_queues</c>; the fault broker has no management plugin, and its figures would be sampled).</summary>
    public async Task<IReadOnlyList<(string Queue, long Ready, long Unacknowledged)>> QueuesAsync(string virtualHost) =>
        (await RunAsync("queues", virtualHost))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('\t'))
            .Select(columns => (columns[0], long.Parse(columns[1], CultureInfo.InvariantCulture), long.Parse(columns[2], CultureInfo.InvariantCulture)))
            .ToList();

    public async Task<string> CreateDatabaseAsync(string purpose)
    {
        var name = $"f_{purpose}_{Guid.NewGuid():N}"[..30];
        await using var connection = new NpgsqlConnection(On("postgres", pooling: false));
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await create.ExecuteNonQueryAsync();
        return name;
    }

    public async Task DropDatabaseAsync(string name)
    {
        await using var connection = new NpgsqlConnection(On("postgres", pooling: false));
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    /// <summary>A connection string to <paramref name="database"/> on the fault cluster.</summary>
    public string On(string database, bool pooling = true) =>
        new NpgsqlConnectionStringBuilder(Postgres) { Database = database, Pooling = pooling, MaxPoolSize = 20 }.ConnectionString;

    private Task<string> RunAsync(params string[] arguments) => RunScriptAsync(Repository, runDirectory, arguments);

    private static async Task<string> RunScriptAsync(string repository, string runDirectory, params string[] arguments)
    {
        var script = Path.Combine(repository, "deploy", "local", "fault-servers.sh");
        var start = new ProcessStartInfo(script) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["FAULTS_RUN_DIR"] = runDirectory;
        start.Environment["FAULTS_OWNER_PID"] = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {script}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"fault-servers.sh {string.Join(' ', arguments)} exited {process.ExitCode}:\n{await stdout}\n{await stderr}");
        }

        return await stdout;
    }

    private static string FindRepository()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "deploy", "local", "fault-servers.sh")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No deploy/local/fault-servers.sh above {AppContext.BaseDirectory}.");
    }
}
