using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SocialTech.Benchmarks.Scenarios.OtelCost;

/// <summary>
/// A stand-in for an OpenTelemetry collector: an OTLP/HTTP (protobuf) endpoint in this process that reads every
/// export whole, counts its requests and bytes per signal, and answers 200. The service under measure therefore does
/// all of an exporting process's work (record, batch, serialize, send over loopback), and the benchmark can show
/// that the telemetry really left it; only the collector's own processing is missing, as it would run elsewhere.
/// </summary>
public sealed class OtlpSink : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, (long Requests, long Bytes)> received = new();

    private OtlpSink(WebApplication app) => this.app = app;

    public Uri Endpoint { get; private set; } = null!;

    public static async Task<OtlpSink> StartAsync(CancellationToken ct)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var sink = new OtlpSink(app);
        app.MapPost("/v1/{signal}", async (string signal, HttpContext context) =>
        {
            var buffer = new byte[16 * 1024];
            long bytes = 0;
            int read;
            while ((read = await context.Request.Body.ReadAsync(buffer, context.RequestAborted)) > 0)
            {
                bytes += read;
            }

            sink.received.AddOrUpdate(signal, (1, bytes), (_, t) => (t.Requests + 1, t.Bytes + bytes));
            context.Response.ContentType = "application/x-protobuf";
            context.Response.StatusCode = StatusCodes.Status200OK;
        });
        await app.StartAsync(ct);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        sink.Endpoint = new Uri(address);
        return sink;
    }

    /// <summary>Requests and bytes received per signal (<c>traces</c>, <c>metrics</c>, <c>logs</c>).</summary>
    public IReadOnlyDictionary<string, (long Requests, long Bytes)> Received => received.ToDictionary(p => p.Key, p => p.Value);

    public string Describe() => received.IsEmpty ? "nothing received"
        : string.Join(", ", received.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}: {p.Value.Requests} exports, {p.Value.Bytes / 1024.0:F0} KiB"));

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
