using System.Diagnostics;
using System.Net.Sockets;

namespace SocialTech.Benchmarks.Harness;

/// <summary>
/// A service run from its built binaries as its own process, with its real hosting (Kestrel, middleware, Marten,
/// MassTransit), so that its CPU and memory are measured apart from the benchmark's clients. Stopped on dispose.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process process;

    private ServiceProcess(Process process, Uri baseAddress)
    {
        this.process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public int ProcessId => process.Id;

    /// <param name="assemblyPath">The service's built <c>.dll</c>, relative to the repository root.</param>
    /// <param name="environment">Configuration as environment variables (<c>ConnectionStrings__fundingdb</c>…).</param>
    public static async Task<ServiceProcess> StartAsync(
        BenchContext context, string assemblyPath, IReadOnlyDictionary<string, string> environment, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(environment);
        var dll = Path.Combine(context.RepositoryRoot, assemblyPath);
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"{dll} is not built: run ./bench.sh, which builds it in Release first.", dll);
        }

        var port = FreePort();
        var baseAddress = new Uri($"http://127.0.0.1:{port}/");
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_URLS"] = baseAddress.ToString().TrimEnd('/');
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");
        foreach (var (key, value) in BenchToken.Environment)
        {
            start.Environment[key] = value;
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"dotnet {dll} did not start.");
        var output = new List<string>();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.Add(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.Add(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var service = new ServiceProcess(process, baseAddress);
        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromMinutes(3))
        {
            if (process.HasExited)
            {
                break;
            }

            try
            {
                // Degraded (broker unreachable) still serves every read; only PostgreSQL matters here.
                if ((await http.GetAsync("health", ct)).IsSuccessStatusCode)
                {
                    BenchContext.Log($"{Path.GetFileNameWithoutExtension(dll)} up on {baseAddress} (pid {process.Id}) in {clock.Elapsed.TotalSeconds:F1} s");
                    return service;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
            }

            await Task.Delay(250, ct);
        }

        await service.DisposeAsync();
        lock (output)
        {
            throw new InvalidOperationException($"{dll} did not become healthy:\n{string.Join('\n', output.TakeLast(40))}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
