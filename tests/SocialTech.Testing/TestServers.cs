using System.Diagnostics;
using Testcontainers.PostgreSql;
using Testcontainers.RabbitMq;

namespace SocialTech.Testing;

/// <summary>
/// The PostgreSQL server and RabbitMQ broker the tests run against, found in this order:
/// <list type="number">
/// <item>environment variables <c>SOCIALTECH_POSTGRES</c> (an Npgsql connection string without database),
/// <c>SOCIALTECH_RABBITMQ</c> (<c>amqp://user:password@host:port/</c>) and <c>SOCIALTECH_RABBITMQ_MANAGEMENT</c>;</item>
/// <item>the local runtime's <c>deploy/local/.run/connections.env</c>, written by <c>deploy/local/servers.sh</c>;</item>
/// <item>Testcontainers, where a Docker engine answers.</item>
/// </list>
/// With none of them it fails, saying how to get one: a test that needs a server never skips silently.
/// </summary>
public sealed class TestServers
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static TestServers? current;

    private TestServers(string postgres, Uri rabbitMq, Uri management, Func<string[], Task> rabbitMqCtl)
    {
        Postgres = postgres;
        RabbitMq = rabbitMq;
        RabbitMqManagement = management;
        this.rabbitMqCtl = rabbitMqCtl;
    }

    private readonly Func<string[], Task> rabbitMqCtl;

    /// <summary>Connection string to the server with a role that may create databases (no database named).</summary>
    public string Postgres { get; }

    /// <summary>The broker, root virtual host.</summary>
    public Uri RabbitMq { get; }

    public Uri RabbitMqManagement { get; }

    /// <summary>Runs <c>rabbitmqctl</c> against the broker: fault-injection tests stop and start it.</summary>
    public Task RabbitMqCtlAsync(params string[] arguments) => rabbitMqCtl(arguments);

    public static async Task<TestServers> GetAsync()
    {
        await Gate.WaitAsync();
        try
        {
            return current ??= FromEnvironment() ?? FromLocalRuntime() ?? await FromDockerAsync() ?? throw NoServers();
        }
        finally
        {
            Gate.Release();
        }
    }

    private static TestServers? FromEnvironment() =>
        From(name => Environment.GetEnvironmentVariable(name));

    private static TestServers? FromLocalRuntime()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var file = Path.Combine(dir.FullName, "deploy", "local", ".run", "connections.env");
            if (File.Exists(file))
            {
                var values = File.ReadAllLines(file)
                    .Select(line => line.Split('=', 2))
                    .Where(parts => parts.Length == 2)
                    .ToDictionary(parts => parts[0].Trim(), parts => parts[1].Trim().Trim('\''));
                return From(name => values.GetValueOrDefault(name));
            }
        }

        return null;
    }

    private static TestServers? From(Func<string, string?> read)
    {
        var postgres = read("SOCIALTECH_POSTGRES");
        var rabbit = read("SOCIALTECH_RABBITMQ");
        if (string.IsNullOrWhiteSpace(postgres) || string.IsNullOrWhiteSpace(rabbit))
        {
            return null;
        }

        var management = read("SOCIALTECH_RABBITMQ_MANAGEMENT") is { Length: > 0 } m ? m : "http://127.0.0.1:15672/";
        return new TestServers(postgres, new Uri(rabbit), new Uri(management), RunLocalRabbitMqCtlAsync);
    }

    private static async Task<TestServers?> FromDockerAsync()
    {
        var dockerHost = Environment.GetEnvironmentVariable("DOCKER_HOST");
        if (string.IsNullOrEmpty(dockerHost) && !File.Exists("/var/run/docker.sock"))
        {
            return null;
        }

        var postgres = new PostgreSqlBuilder("postgres:15").WithCommand("-c", "max_connections=300").Build();
        var rabbit = new RabbitMqBuilder("rabbitmq:3.10-management").Build();
        try
        {
            await Task.WhenAll(postgres.StartAsync(), rabbit.StartAsync());
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A socket without a running engine: report the same way as no Docker at all.
            Console.Error.WriteLine($"Docker was found but the containers did not start: {ex.Message}");
            return null;
        }

        var amqp = new Uri(rabbit.GetConnectionString());
        var management = new UriBuilder("http", rabbit.Hostname, rabbit.GetMappedPublicPort(15672)).Uri;
        var admin = new Npgsql.NpgsqlConnectionStringBuilder(postgres.GetConnectionString()) { Database = null }.ConnectionString;
        return new TestServers(admin, amqp, new UriBuilder(management) { UserName = "", Password = "" }.Uri,
            async args => await rabbit.ExecAsync(["rabbitmqctl", .. args]));
    }

    private static async Task RunLocalRabbitMqCtlAsync(string[] arguments)
    {
        var command = Environment.GetEnvironmentVariable("SOCIALTECH_RABBITMQCTL") ?? "rabbitmqctl";
        var start = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {command}.");
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{command} {string.Join(' ', arguments)} exited {process.ExitCode}: {await stderr}");
        }
    }

    private static InvalidOperationException NoServers() => new(
        """
        These tests need a real PostgreSQL and RabbitMQ, and none was found. Either:
          - run `deploy/local/servers.sh` (installs and starts both from Debian packages on loopback), or
          - set SOCIALTECH_POSTGRES (Npgsql connection string, no database), SOCIALTECH_RABBITMQ (amqp://user:pass@host:port/)
            and SOCIALTECH_RABBITMQ_MANAGEMENT (http://host:15672/), or
          - start a Docker engine: Testcontainers then starts both.
        """);
}
