using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SocialTech.Benchmarks.Harness;
using SocialTech.Benchmarks.Scenarios.Append;

namespace SocialTech.Benchmarks.Scenarios.OtelCost;

/// <summary>
/// Issue 10's "OpenTelemetry cost": the <c>append</c> scenario's HTTP workload (32 clients, Zipf streams) against two
/// IncubatorNetworks processes on the same database, identical but for telemetry: one exports traces, metrics and
/// logs over OTLP/HTTP to a sink in this process, the other runs with <c>OTEL_SDK_DISABLED=true</c> (and the same
/// endpoint set, pointing at a second sink that must receive nothing: the proof that the switch works). Interleaved.
/// Target: telemetry on keeps at least 0.9× the rate with it off.
/// </summary>
public sealed class OtelCostScenario : IScenario
{
    private const string Database = "socialtech_bench_otel";

    public string Name => "otel-cost";

    public string Description => "the append workload with OpenTelemetry exporting (OTLP to a local sink) vs OTEL_SDK_DISABLED=true";

    public async Task<ScenarioReport> RunAsync(BenchContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var streams = AppendScenario.Streams();
        var notes = new Dictionary<string, string> { ["load average at start"] = AppendScenario.LoadAverage() };
        await context.RecreateDatabaseAsync(Database, ct);
        await using var sinkOn = await OtlpSink.StartAsync(ct);
        await using var sinkOff = await OtlpSink.StartAsync(ct);

        Dictionary<string, string> Environment(string applicationName, OtlpSink sink) => new()
        {
            ["ConnectionStrings__networksdb"] = context.ConnectionTo(Database, applicationName),
            ["ConnectionStrings__messaging"] = context.RabbitMq.ToString(),
            ["EventStore__Daemon"] = "Disabled",
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = sink.Endpoint.ToString().TrimEnd('/'),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_SERVICE_NAME"] = applicationName,
            // Metrics every 10 s rather than the default minute, so that a run of a few minutes exports them too.
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "10000",
        };

        await using var on = await ServiceProcess.StartAsync(context, VentureFleet.ServiceAssembly, Environment("bench-otel-on", sinkOn), ct);
        var offEnvironment = Environment("bench-otel-off", sinkOff);
        offEnvironment["OTEL_SDK_DISABLED"] = "true";
        await using var off = await ServiceProcess.StartAsync(context, VentureFleet.ServiceAssembly, offEnvironment, ct);

        VentureFleet fleet;
        using (var host = VentureFleet.StoreHost(context.ConnectionTo(Database, "bench-loader")))
        {
            fleet = await VentureFleet.SeedAsync(host.Services.GetRequiredService<IDocumentStore>(), streams, ct);
        }

        await using (var source = NpgsqlDataSource.Create(context.ConnectionTo(Database, "bench-loader")))
        {
            await AppendLoad.CreateBaselineTableAsync(source, ct);
        }

        var zipf = new Zipf(streams, AppendLoad.ZipfExponent);
        notes["workload"] = $"the append scenario's: {streams} venture streams, Zipf s={AppendLoad.ZipfExponent}, {AppendLoad.Concurrency} clients; "
            + "both processes daemon off, logs at Warning; 'on' exports traces (every request sampled), metrics (every 10 s) and logs over OTLP/HTTP";

        HttpClient Client(ServiceProcess service)
        {
            var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = service.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
            http.DefaultRequestHeaders.Authorization = BenchToken.Admin();
            return http;
        }

        using var httpOn = Client(on);
        using var httpOff = Client(off);
        var monitor = context.ConnectionTo(Database, "bench-monitor");
        var client = new ProcessMeter("client", System.Environment.ProcessId);
        var countersOn = new AppendCounters();
        var countersOff = new AppendCounters();
        var cases = new[]
        {
            AppendLoad.Http("HTTP append, telemetry exporting", "subject", fleet, zipf.Next, httpOn, countersOn,
                [new ProcessMeter("service", on.ProcessId), new PostgresBackendMeter("pg", monitor, Database, "bench-otel-on"), client]),
            AppendLoad.Http("HTTP append, OTEL_SDK_DISABLED", "baseline", fleet, zipf.Next, httpOff, countersOff,
                [new ProcessMeter("service", off.ProcessId), new PostgresBackendMeter("pg", monitor, Database, "bench-otel-off"), client]),
        };

        var measurements = await Interleaved.RunAsync(cases, context.Rounds, TimeSpan.FromSeconds(context.RoundSeconds), ct);
        notes["load average at end"] = AppendScenario.LoadAverage();

        // The batch exporter sends every 5 s: wait for the last batch before reading the sinks.
        await Task.Delay(TimeSpan.FromSeconds(6), ct);
        notes["exported (telemetry on)"] = sinkOn.Describe();
        notes["exported (OTEL_SDK_DISABLED)"] = sinkOff.Describe() + (sinkOff.Received.Count == 0 ? "" : " — THE SWITCH DID NOT TURN TELEMETRY OFF");
        notes["check"] = await AppendScenario.CheckAsync(context, Database, countersOn.Appended + countersOff.Appended, 0, ct);
        foreach (var m in measurements)
        {
            notes[$"cpu per operation, {m.Case}"] = AppendLoad.CpuPerOperation(m);
        }

        notes["412 retries"] = $"on {countersOn.Retries} / {countersOn.Appended}, off {countersOff.Retries} / {countersOff.Appended}";

        var withTelemetry = measurements[0];
        var without = measurements[1];
        var ratio = without.Throughput == 0 ? 0 : withTelemetry.Throughput / without.Throughput;
        notes["rate"] = $"telemetry on {withTelemetry.Throughput:F0}/s, off {without.Throughput:F0}/s, ratio {ratio:F2}×";
        var exported = sinkOn.Received.TryGetValue("traces", out var traces) && traces.Requests > 0;
        return new ScenarioReport(Name, measurements,
            [new TargetCheck("append rate with telemetry", "≥ 0.9× the rate with telemetry off", $"{ratio:F2}×" + (exported ? "" : " (no traces exported!)"), ratio >= 0.9 && exported)],
            notes);
    }
}
