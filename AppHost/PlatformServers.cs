using System.Security.Cryptography;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

/// <summary>
/// PostgreSQL and RabbitMQ for the platform, and the few settings that come with them. <c>Platform:Servers</c> picks
/// where they run: <c>containers</c> (Aspire's PostgreSQL and RabbitMQ containers, with data volumes), <c>local</c>
/// (this machine's Debian servers, as deploy/local/up.sh uses them) or <c>auto</c> (default: containers when
/// <c>docker info</c> or <c>podman info</c> answers, else local). Asking for containers where no engine answers
/// stops the AppHost at once with the reason: without an engine DCP would wait for them forever.
/// </summary>
internal sealed class PlatformServers
{
    private readonly Dictionary<string, IResourceBuilder<IResourceWithConnectionString>> databases = [];
    private readonly Dictionary<string, IResourceBuilder<IResource>> databasesReady = [];
    private IResourceBuilder<ExecutableResource>? setup;
    private IDistributedApplicationBuilder builder = null!;
    private string repositoryRoot = null!;

    /// <summary>The databases of the four services, named as their connection strings.</summary>
    public static readonly string[] DatabaseNames = ["actorsdb", "fundingdb", "labellingdb", "networksdb"];

    public IResourceBuilder<IResourceWithConnectionString> Messaging { get; private set; } = null!;

    /// <summary>What a service waits for before it starts using the broker.</summary>
    public IResourceBuilder<IResource> MessagingReady { get; private set; } = null!;

    public IResourceBuilder<ParameterResource> SigningKey { get; private set; } = null!;

    /// <summary>Replicas of Funding (<c>Platform:FundingReplicas</c>, default 2).</summary>
    public int FundingReplicas { get; private set; }

    /// <summary>The gateway's port (<c>Platform:GatewayPort</c>, default 5100, the local runtime's; 0: any free port).</summary>
    public int? GatewayPort { get; private set; }

    public bool Local { get; private set; }

    public IResourceBuilder<IResourceWithConnectionString> Database(string name) => databases[name];

    public IResourceBuilder<IResource> DatabaseReady(string name) => databasesReady[name];

    public static PlatformServers Add(IDistributedApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var servers = new PlatformServers
        {
            builder = builder,
            repositoryRoot = RepositoryRoot(builder.AppHostDirectory),
            FundingReplicas = configuration.GetValue("Platform:FundingReplicas", 2),
        };
        var gatewayPort = configuration.GetValue("Platform:GatewayPort", 5100);
        servers.GatewayPort = gatewayPort == 0 ? null : gatewayPort;

        var mode = configuration["Platform:Servers"] ?? "auto";
        var engine = mode is "auto" or "containers" ? ContainerEngine.Detect() : null;
        switch (mode)
        {
            case "containers" when engine is null:
                throw new DistributedApplicationException(
                    "Platform:Servers=containers, but no container engine answers ('docker info' and 'podman info' both failed). " +
                    "Start Docker or Podman, or run the platform on this machine's own servers: dotnet run --project AppHost -- --Platform:Servers=local");
            case "containers" or "auto" when engine is not null:
                servers.AddContainers(engine);
                break;
            case "local" or "auto":
                servers.AddLocal();
                break;
            default:
                throw new DistributedApplicationException($"Platform:Servers is '{mode}'; expected auto, local or containers.");
        }

        return servers;
    }

    /// <summary>Runs deploy/local/demo/load.sh against the gateway once it is healthy (<c>Platform:DemoData</c>, default true).</summary>
    public void AddDemoData(IResourceBuilder<ProjectResource> gateway)
    {
        if (!builder.Configuration.GetValue("Platform:DemoData", true))
        {
            return;
        }

        // The networks loader creates a network's own RabbitMQ user with rabbitmqctl (deploy/local/network-credentials.sh),
        // which only the local servers offer.
        if (!Local)
        {
            return;
        }

        builder.AddExecutable("demo-data", "bash", repositoryRoot, "deploy/local/demo/load.sh")
            .WithEnvironment("GATEWAY_URL", gateway.GetEndpoint("http"))
            .WithEnvironment("RABBITMQ_MANAGEMENT_URL", "http://127.0.0.1:15672")
            .WithParentRelationship(gateway)
            .WaitFor(gateway);
    }

    private void AddContainers(string engine)
    {
        Environment.SetEnvironmentVariable("ASPIRE_CONTAINER_RUNTIME", engine);
        var postgres = builder.AddPostgres("postgres").WithDataVolume();
        foreach (var name in DatabaseNames)
        {
            var database = postgres.AddDatabase(name);
            databases[name] = database;
            databasesReady[name] = database;
        }

        var rabbit = builder.AddRabbitMQ("messaging").WithManagementPlugin().WithDataVolume();
        Messaging = rabbit;
        MessagingReady = rabbit;
        SigningKey = builder.AddParameter("auth-signing-key", MachineState.Load(repositoryRoot).SigningKey, secret: true);
    }

    private void AddLocal()
    {
        Local = true;
        var state = MachineState.Load(repositoryRoot);
        var suffix = builder.Configuration["Platform:DatabaseSuffix"] ?? "";
        var virtualHost = builder.Configuration["Platform:VirtualHost"] ?? "/";
        var databaseNames = DatabaseNames.Select(name => name + suffix).ToArray();
        if (databaseNames.Any(name => !System.Text.RegularExpressions.Regex.IsMatch(name, "^[a-z_][a-z0-9_]*$")))
        {
            throw new DistributedApplicationException($"Platform:DatabaseSuffix '{suffix}' makes an invalid database name (lower-case letters, digits, _).");
        }

        // Two runtimes on the same databases would run two sets of consumers and daemons side by side: refuse.
        var clash = LocalRuntimeGuard.ProcessesUsing(databaseNames);
        if (clash.Count > 0)
        {
            throw new DistributedApplicationException(
                $"The databases {string.Join(", ", databaseNames)} are already used by processes of another runtime " +
                $"({string.Join("; ", clash)}). Stop it first (deploy/local/down.sh for deploy/local/up.sh's services, Ctrl+C for another AppHost), " +
                "or give this one its own databases with --Platform:DatabaseSuffix=_mine.");
        }

        // Installs the Debian packages if missing, starts both servers, creates the role, the user, the databases and
        // the virtual host, and drops queues an earlier version declared otherwise (deploy/local/in-order-queues.sh:
        // safe here, no service of these databases runs yet); then it exits, and its log stays in the dashboard.
        string[] setupArgs = ["deploy/local/servers.sh", "--databases", string.Join(' ', databaseNames), "--in-order-queues"];
        if (virtualHost != "/")
        {
            setupArgs = [.. setupArgs, "--vhost", virtualHost];
        }

        setup = builder.AddExecutable("servers", "bash", repositoryRoot, setupArgs);

        var password = builder.AddParameter("postgres-password", state.DatabasePassword, secret: true);
        var postgresAdmin = $"Host=127.0.0.1;Port={state.PostgresPort};Username={state.DatabaseUser};Password={state.DatabasePassword};Database=postgres";
        builder.Services.AddHealthChecks().AddNpgSql(postgresAdmin, name: "postgres-server");
        // The resource follows the server's own log, so that the dashboard shows PostgreSQL's state (its health)
        // and what it says; the server itself is the machine's (pg_ctlcluster), shared with tests and up.sh.
        var postgres = builder.AddExecutable("postgres", "bash", repositoryRoot, "deploy/local/server-log.sh", "postgres")
            .WaitForCompletion(setup)
            .WithHealthCheck("postgres-server");
        for (var i = 0; i < DatabaseNames.Length; i++)
        {
            var databaseName = databaseNames[i];
            databases[DatabaseNames[i]] = builder.AddConnectionString(DatabaseNames[i], ReferenceExpression.Create(
                    $"Host=127.0.0.1;Port={state.PostgresPort.ToString(System.Globalization.CultureInfo.InvariantCulture)};Database={databaseName};Username={state.DatabaseUser};Password={password}"))
                .WithParentRelationship(postgres);
            databasesReady[DatabaseNames[i]] = postgres;
        }

        var mqPassword = builder.AddParameter("rabbitmq-password", state.BrokerPassword, secret: true);
        var vhostPath = Uri.EscapeDataString(virtualHost);
        var amqp = new Uri($"amqp://{Uri.EscapeDataString(state.BrokerUser)}:{Uri.EscapeDataString(state.BrokerPassword)}@127.0.0.1:5672/{vhostPath}");
        var rabbitmqCheck = new AmqpHealthCheck(amqp);
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            "rabbitmq-server", _ => rabbitmqCheck, HealthStatus.Unhealthy, tags: null, timeout: TimeSpan.FromSeconds(10)));
        var rabbitmq = builder.AddExecutable("rabbitmq", "bash", repositoryRoot, "deploy/local/server-log.sh", "rabbitmq")
            .WaitForCompletion(setup)
            .WithHealthCheck("rabbitmq-server")
            .WithUrl("http://127.0.0.1:15672", "management");
        Messaging = builder.AddConnectionString("messaging", ReferenceExpression.Create(
                $"amqp://{Uri.EscapeDataString(state.BrokerUser)}:{mqPassword}@127.0.0.1:5672/{vhostPath}"))
            .WithParentRelationship(rabbitmq);
        MessagingReady = rabbitmq;
        SigningKey = builder.AddParameter("auth-signing-key", state.SigningKey, secret: true);
    }

    private static string RepositoryRoot(string appHostDirectory) =>
        Path.GetFullPath(Path.Combine(appHostDirectory, ".."));

    /// <summary>Healthy while an AMQP connection with the platform's user is open.</summary>
    /// <remarks>
    /// One connection, kept and reopened only when it closed: opening one per probe (every few seconds) wrote two
    /// lines to the broker's log each time, the very log the dashboard shows as the rabbitmq resource's console.
    /// </remarks>
    private sealed class AmqpHealthCheck(Uri uri) : IHealthCheck, IAsyncDisposable
    {
        private readonly SemaphoreSlim gate = new(1, 1);
        private RabbitMQ.Client.IConnection? connection;

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
                    }

                    connection = null;
                    var factory = new RabbitMQ.Client.ConnectionFactory { Uri = uri, ClientProvidedName = "socialtech-apphost-health" };
                    connection = await factory.CreateConnectionAsync(cancellationToken);
                }

                return HealthCheckResult.Healthy();
            }
            catch (Exception e) when (e is RabbitMQ.Client.Exceptions.BrokerUnreachableException or IOException or System.Net.Sockets.SocketException or TimeoutException)
            {
                return HealthCheckResult.Unhealthy(e.Message);
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

    private static class ContainerEngine
    {
        /// <summary>docker or podman when its engine answers within a few seconds, else null.</summary>
        public static string? Detect()
        {
            foreach (var engine in new[] { "docker", "podman" })
            {
                try
                {
                    using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(engine, "info")
                    {
                        RedirectStandardOutput = true,
                        RedirectStandardError = true,
                    });
                    if (process is null)
                    {
                        continue;
                    }

                    process.StandardOutput.ReadToEndAsync();
                    process.StandardError.ReadToEndAsync();
                    if (process.WaitForExit(TimeSpan.FromSeconds(10)) && process.ExitCode == 0)
                    {
                        return engine;
                    }

                    if (!process.HasExited)
                    {
                        process.Kill();
                    }
                }
                catch (System.ComponentModel.Win32Exception)
                {
                    // Not installed.
                }
            }

            return null;
        }
    }
}

/// <summary>
/// The credentials and signing key the local runtime keeps per machine (deploy/local/servers.sh and lib.sh write the
/// same files): <c>$SOCIALTECH_STATE_DIR</c> or /var/lib/socialtech, else deploy/local/.run where that is not
/// writable. The AppHost creates them when it runs first, so that servers.sh then uses them too.
/// </summary>
internal sealed record MachineState(
    string DatabaseUser, string DatabasePassword, string BrokerUser, string BrokerPassword, string SigningKey, int PostgresPort)
{
    public static MachineState Load(string repositoryRoot)
    {
        var run = Path.Combine(repositoryRoot, "deploy", "local", ".run");
        var state = Environment.GetEnvironmentVariable("SOCIALTECH_STATE_DIR") ?? "/var/lib/socialtech";
        if (!Directory.Exists(state) && !IsWritable(Path.GetDirectoryName(state)!))
        {
            state = run;
        }

        Directory.CreateDirectory(state);
        var password = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(18));
        var credentials = ReadOrCreate(Path.Combine(state, "credentials.env"),
            $"SOCIALTECH_DB_USER=socialtech\nSOCIALTECH_DB_PASSWORD={password}\nSOCIALTECH_MQ_USER=socialtech\nSOCIALTECH_MQ_PASSWORD={password}\n");
        var auth = ReadOrCreate(Path.Combine(state, "auth.env"),
            $"SOCIALTECH_AUTH_SIGNING_KEY={Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))}\n");
        // servers.sh writes the cluster's port once it runs; before the first run, Debian's default.
        var connections = Path.Combine(run, "connections.env");
        var port = 5432;
        if (File.Exists(connections))
        {
            var match = System.Text.RegularExpressions.Regex.Match(File.ReadAllText(connections), @"Port=(\d+)");
            if (match.Success)
            {
                port = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return new MachineState(credentials["SOCIALTECH_DB_USER"], credentials["SOCIALTECH_DB_PASSWORD"],
            credentials["SOCIALTECH_MQ_USER"], credentials["SOCIALTECH_MQ_PASSWORD"], auth["SOCIALTECH_AUTH_SIGNING_KEY"], port);
    }

    private static Dictionary<string, string> ReadOrCreate(string path, string contents)
    {
        if (!File.Exists(path))
        {
            File.WriteAllText(path, contents);
            if (!OperatingSystem.IsWindows())
            {
                // Readable by its owner alone, as the scripts make it (umask 077).
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }

        return File.ReadAllLines(path)
            .Select(line => line.Split('=', 2))
            .Where(parts => parts.Length == 2)
            .ToDictionary(parts => parts[0].Trim(), parts => parts[1].Trim().Trim('\''));
    }

    private static bool IsWritable(string directory)
    {
        try
        {
            var probe = Path.Combine(directory, $".socialtech-probe-{Environment.ProcessId}");
            File.WriteAllText(probe, "");
            File.Delete(probe);
            return true;
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            return false;
        }
    }
}

/// <summary>
/// Finds processes of another runtime that use the same databases: any process whose environment names one of them in
/// a <c>ConnectionStrings__*</c> variable (deploy/local/up.sh's services, another AppHost's). deploy/local/up.sh runs
/// the same check against the AppHost's services.
/// </summary>
internal static class LocalRuntimeGuard
{
    public static List<string> ProcessesUsing(IReadOnlyCollection<string> databaseNames)
    {
        var found = new List<string>();
        if (!Directory.Exists("/proc"))
        {
            return found;
        }

        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            string environ;
            try
            {
                environ = File.ReadAllText(Path.Combine(directory, "environ"));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            foreach (var variable in environ.Split('\0'))
            {
                if (variable.StartsWith("ConnectionStrings__", StringComparison.Ordinal) &&
                    databaseNames.Any(name => variable.Contains($"Database={name};", StringComparison.Ordinal) || variable.EndsWith($"Database={name}", StringComparison.Ordinal)))
                {
                    var command = File.Exists(Path.Combine(directory, "cmdline"))
                        ? File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ').Trim()
                        : "?";
                    found.Add($"pid {pid}: {(command.Length > 120 ? command[..120] + "…" : command)}");
                    break;
                }
            }
        }

        return found;
    }
}
