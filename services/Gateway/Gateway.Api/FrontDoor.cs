using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.RateLimiting;

namespace SocialTech.Gateway;

/// <summary>
/// What a reviewer expects of the front door: security headers, CORS for the configured origins (<c>Cors:Origins</c>),
/// a request size limit (<c>Gateway:MaxRequestBodyBytes</c>) and rate limiting per <c>RateLimiting:WindowSeconds</c>:
/// <c>RateLimiting:PermitLimit</c> per anonymous client address, <c>RateLimiting:AuthenticatedPermitLimit</c> per
/// token subject. Access is decided by each service, not here: the gateway forwards the Authorization header
/// untouched and only reads a valid token's subject to count its requests (<see cref="Callers"/>).
/// </summary>
public static class FrontDoor
{
    private const string CorsPolicy = "configured-origins";

    public static WebApplicationBuilder AddFrontDoor(this WebApplicationBuilder builder)
    {
        var origins = builder.Configuration.GetSection("Cors:Origins").Get<string[]>() ?? [];
        builder.Services.AddCors(cors => cors.AddPolicy(CorsPolicy, policy => policy
            .WithOrigins(origins)
            .WithMethods("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")
            .WithHeaders("Authorization", "Content-Type", "If-Match", "If-None-Match", "Idempotency-Key", "traceparent")
            .WithExposedHeaders("ETag", "Location", "Retry-After", "Idempotent-Replayed")
            .SetPreflightMaxAge(TimeSpan.FromMinutes(10))));

        var limits = builder.Configuration.GetSection("RateLimiting");
        var window = TimeSpan.FromSeconds(limits.GetValue("WindowSeconds", 60));
        var anonymousPermits = limits.GetValue("PermitLimit", 600);
        var authenticatedPermits = limits.GetValue("AuthenticatedPermitLimit", 6000);
        builder.AddCallerIdentity();
        builder.Services.AddRateLimiter(options =>
        {
            // Anonymous callers are counted by address: all the open data a person or a scraper may read. A caller
            // with a valid token is counted by its subject instead, with a higher allowance: it is accountable (the
            // token names it, its issuer can revoke it), it writes in bulk (a demo loader, a network's import, an SCDL
            // file's follow-ups), and people sharing an address (an office behind NAT) no longer share one budget.
            // The subject comes from a token the gateway validated itself (Callers), never from the client's say-so.
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                if (IsProbe(context.Request.Path))
                {
                    return RateLimitPartition.GetNoLimiter(string.Empty);
                }

                var subject = Callers.SubjectOf(context);
                return subject is null
                    ? RateLimitPartition.GetFixedWindowLimiter($"ip:{context.Connection.RemoteIpAddress}", _ => Window(anonymousPermits, window))
                    : RateLimitPartition.GetFixedWindowLimiter($"sub:{subject}", _ => Window(authenticatedPermits, window));
            });
            options.OnRejected = async (context, _) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(1);
                var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await WriteProblemAsync(context.HttpContext, StatusCodes.Status429TooManyRequests, "Too many requests",
                    $"This client made too many requests; retry after {seconds} s.");
            };
        });

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = MaxBodyBytes(builder.Configuration);
        });
        return builder;
    }

    public static WebApplication UseFrontDoor(this WebApplication app)
    {
        var maxBody = MaxBodyBytes(app.Configuration);
        app.Use(async (context, next) =>
        {
            // When the answer starts, not now: a proxied answer's headers are copied from the service in between, and
            // a page's own X-Frame-Options beside the gateway's would be two answers to one question.
            context.Response.OnStarting(() =>
            {
                SetSecurityHeaders(context);
                return Task.CompletedTask;
            });
            await next(context);
        });
        // A declared length over the limit is refused before anything is forwarded; a chunked body as the proxy reads
        // past it; either way a 413 problem naming the limit, never YARP's 502 for a body it could not finish.
        app.UseRequestBodyLimit(maxBody);
        app.UseCors(CorsPolicy);
        // Before the limiter, which partitions by the validated subject.
        app.UseCallerIdentity();
        app.UseRateLimiter();
        return app;
    }

    private static FixedWindowRateLimiterOptions Window(int permits, TimeSpan window) =>
        new() { PermitLimit = permits, Window = window, QueueLimit = 0 };

    private static long MaxBodyBytes(IConfiguration configuration) =>
        configuration.GetValue("Gateway:MaxRequestBodyBytes", 32L * 1024 * 1024);

    private static bool IsProbe(PathString path) => path.StartsWithSegments("/health") || path.StartsWithSegments("/alive");

    private static void SetSecurityHeaders(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
        // APIs answer data, never pages: nothing in them may load or frame anything. A page keeps the policy its
        // service gave: the portal's says which scripts its pages run (Portal.Web/PageSecurity.cs), which the
        // gateway cannot know. A page without one (the API reference) at least may not be framed.
        if (context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/openapi"))
        {
            headers.ContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";
        }
        else if (headers.ContentSecurityPolicy.Count == 0)
        {
            headers.ContentSecurityPolicy = "frame-ancestors 'none'";
        }

        if (context.Request.IsHttps)
        {
            headers.StrictTransportSecurity = "max-age=31536000; includeSubDomains";
        }
    }

    private static async Task WriteProblemAsync(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }
}
