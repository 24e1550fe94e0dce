using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Scalar.AspNetCore;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// What every SocialTech process shares, in the shape of Aspire's service defaults: OpenTelemetry (OTLP when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set), health endpoints, service discovery, HTTP resilience, RFC 9457
/// problem details and OpenAPI.
/// </summary>
/// <remarks>
/// Without an endpoint, traces and metrics are still recorded (nothing is exported). <c>OTEL_SDK_DISABLED=true</c>
/// (environment or configuration) turns traces, metrics and logs off: the OpenTelemetry SDK (the 1.20 we use) then
/// registers no-op providers, which record and export nothing. <c>./bench.sh otel-cost</c> measures the difference
/// and checks that the switch works (docs/performance.md).
/// </remarks>
public static class ServiceDefaultsExtensions
{
    /// <summary>Tag of the checks that decide readiness (<c>/health</c>).</summary>
    public const string ReadyTag = "ready";

    /// <summary>Tag of the checks that decide liveness (<c>/alive</c>).</summary>
    public const string LiveTag = "live";

    /// <summary>Activity sources and meters of the libraries every service uses.</summary>
    /// <remarks>Marten and MassTransit name their sources after themselves; SocialTech's own are "SocialTech.*".</remarks>
    public static readonly string[] TelemetrySources = ["Marten", "MassTransit", "SocialTech.*"];

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();

        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });

        // Problem responses carry a traceId, which operators look up in the dashboard.
        builder.Services.AddProblemDetails();
        // The 413 with its problem document first, so that the framework's generic answers only fill what is left.
        builder.Services.AddOpenApi(options => options.AddOperationTransformer(RequestBodyLimit.DeclareTooLarge)
            .RemoveNullFromSharedEnums().DeclareFrameworkAnswers());
        return builder;
    }

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            // OTEL_SERVICE_NAME (set by the Aspire AppHost, Compose, Kubernetes) wins; without it, the project's name.
            .ConfigureResource(resource =>
            {
                if (string.IsNullOrWhiteSpace(builder.Configuration["OTEL_SERVICE_NAME"]))
                {
                    resource.AddService(builder.Environment.ApplicationName);
                }
            })
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddNpgsqlInstrumentation()
                .AddMeter(TelemetrySources))
            .WithTracing(tracing => tracing
                .AddProcessor(new BackgroundPollingFilter())
                .AddSource(builder.Environment.ApplicationName)
                .AddSource(TelemetrySources)
                .AddAspNetCoreInstrumentation(options =>
                    // Probes every few seconds would drown the traces operators look for.
                    options.Filter = context => !IsHealthPath(context.Request.Path))
                .AddHttpClientInstrumentation()
                .AddNpgsql());

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }

        return builder;
    }

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
        return builder;
    }

    /// <summary>
    /// Adds a readiness check that opens a connection to the PostgreSQL database named
    /// <paramref name="connectionName"/> and runs <c>SELECT 1</c>.
    /// </summary>
    public static IHealthChecksBuilder AddPostgresReadiness(this IHealthChecksBuilder checks, string connectionName) =>
        checks.Add(new HealthCheckRegistration(
            $"postgres-{connectionName}",
            services => new PostgresHealthCheck(
                services.GetRequiredService<IConfiguration>().GetConnectionString(connectionName)
                ?? throw new InvalidOperationException($"ConnectionStrings:{connectionName} is not set.")),
            HealthStatus.Unhealthy,
            [ReadyTag],
            TimeSpan.FromSeconds(5)));

    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthEndpoints();
        app.MapOpenApi();
        app.MapScalarApiReference("/scalar");
        return app;
    }

    /// <summary><c>/health</c> and <c>/alive</c> alone: the gateway serves a combined OpenAPI document of its own.</summary>
    public static WebApplication MapHealthEndpoints(this WebApplication app)
    {
        app.MapHealthChecks("/health", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadyTag) || check.Tags.Contains(LiveTag),
            ResponseWriter = WriteHealthJsonAsync,
        });
        app.MapHealthChecks("/alive", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(LiveTag),
            ResponseWriter = WriteHealthJsonAsync,
        });
        return app;
    }

    private static bool IsHealthPath(PathString path) =>
        path.StartsWithSegments("/health") || path.StartsWithSegments("/alive");

    private static Task WriteHealthJsonAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            status = report.Status.ToString(),
            totalDurationMs = report.TotalDuration.TotalMilliseconds,
            entries = report.Entries.ToDictionary(
                e => e.Key,
                e => new { status = e.Value.Status.ToString(), description = e.Value.Description, durationMs = e.Value.Duration.TotalMilliseconds }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, HealthJson));
    }

    private static readonly JsonSerializerOptions HealthJson = new(JsonSerializerDefaults.Web);

    private sealed class PostgresHealthCheck(string connectionString) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(cancellationToken);
                await using var command = new NpgsqlCommand("SELECT 1", connection);
                await command.ExecuteScalarAsync(cancellationToken);
                return HealthCheckResult.Healthy();
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException or OperationCanceledException or System.Net.Sockets.SocketException)
            {
                return new HealthCheckResult(context.Registration.FailureStatus, "PostgreSQL is unreachable.", ex);
            }
        }
    }
}
