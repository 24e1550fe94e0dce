using System.Diagnostics;
using System.Net.Sockets;
using System.Text.Json;
using SocialTech.Testing;

namespace SocialTech.FaultInjection.Tests;

/// <summary>
/// A service run from its own build output as a process of its own (<c>dotnet Actors.Api.dll</c>), with its real
/// hosting, so that it can be killed with SIGKILL or stopped with SIGTERM and started again on the same port.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    // Below the shared broker's distribution port (25672) and the fault servers' ports (26000-31999, fault-servers.sh),
    // which are free while a server is stopped and taken again when it starts.
    private const int FixedPortsFrom = 20000;
    private const int FixedPortsTo = 25000;

    /// <summary>Ports handed out in this process: the two services are constructed together and must not draw the same.</summary>
    private static readonly HashSet<int> Given = [];

    private readonly string dll;
    private readonly IReadOnlyDictionary<string, string> environment;
    private readonly List<string> output = [];
    private Process? process;

    public ServiceProcess(string repository, string project, IReadOnlyDictionary<string, string> environment)
    {
        // The test assembly sits in tests/FaultInjection.Tests/bin/<configuration>/<tfm>/: the service's is built alike.
        var tfm = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = tfm.Parent!.Name;
        dll = Path.Combine(repository, "services", project.Split('.')[0], project, "bin", configuration, tfm.Name, project + ".dll");
        this.environment = environment;
        Name = project;
        BaseAddress = new Uri($"http://127.0.0.1:{FreePort()}/");
    }

    public string Name { get; }

    public Uri BaseAddress { get; }

    public bool IsRunning => process is { HasExited: false };

    /// <summary>Starts the process and waits until it answers <c>/health</c> (Degraded counts: the broker may be down);
    /// with <paramref name="busConnected"/>, until its bus is connected too, so that its queues exist.</summary>
    public async Task StartAsync(bool busConnected = true)
    {
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"{dll} is not built (the test project references it, so a build of the test builds it).", dll);
        }

        var start = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");
        start.Environment["ASPNETCORE_URLS"] = BaseAddress.ToString().TrimEnd('/');
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in ServiceSettings.ForTests)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        process?.Dispose();
        process = Process.Start(start) ?? throw new InvalidOperationException($"dotnet {dll} did not start.");
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromMinutes(2) && !process.HasExited)
        {
            try
            {
                using var response = await http.GetAsync(new Uri("/health", UriKind.Relative));
                using var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                var bus = report.RootElement.GetProperty("entries").GetProperty("messaging").GetProperty("status").GetString();
                if (response.IsSuccessStatusCode && (!busConnected || bus == "Healthy"))
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException)
            {
            }

            await Task.Delay(200);
        }

        throw new InvalidOperationException($"{Name} did not become ready:\n{Output()}");
    }

    /// <summary>SIGKILL: no shutdown hook runs, in-flight work is cut where it stands.</summary>
    public async Task KillAsync()
    {
        if (process is { HasExited: false })
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
    }

    /// <summary>SIGTERM, as an orchestrator stops a container: the host drains and stops gracefully.</summary>
    public async Task StopAsync()
    {
        if (process is not { HasExited: false })
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
    }

    /// <summary>The last lines the process wrote, for a failure's message.</summary>
    public string Output()
    {
        lock (output)
        {
            return string.Join('\n', output.TakeLast(60));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        process?.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.Add(line);
            if (output.Count > 2000)
            {
                output.RemoveRange(0, 1000);
            }
        }
    }

    /// <summary>
    /// A port below the kernel's ephemeral range, picked at random and checked free with a bind. Port 0 would give an
    /// ephemeral one, which is released before the child binds it and again across every kill and restart: meanwhile
    /// any socket of the machine (a Kestrel host on port 0 in a test project running in parallel, an outgoing
    /// connection) may be handed the same port. Nothing takes a port below that range unless it asks for it by number.
    /// </summary>
    private static int FreePort()
    {
        var (low, high) = (FixedPortsFrom, Math.Min(FixedPortsTo, EphemeralLow() - 1));
        if (high <= low)
        {
            throw new InvalidOperationException(
                $"The kernel's ephemeral ports start at {high + 1} (/proc/sys/net/ipv4/ip_local_port_range): no fixed range from {low} below them.");
        }

        lock (Given)
        {
            for (var attempt = 0; attempt < 100; attempt++)
            {
                var port = Random.Shared.Next(low, high + 1);
                if (Given.Contains(port) || !CanBind(port))
                {
                    continue;
                }

                Given.Add(port);
                return port;
            }
        }

        throw new InvalidOperationException($"No free port in {low}–{high} after 100 attempts.");
    }

    private static int EphemeralLow()
    {
        try
        {
            var range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
            return int.Parse(range[0], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return 32768;  // Linux's default
        }
    }

    private static bool CanBind(int port)
    {
        try
        {
            using var listener = new TcpListener(System.Net.IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
