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

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
