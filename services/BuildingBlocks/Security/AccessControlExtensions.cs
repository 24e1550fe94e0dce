using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SocialTech.BearerTokens;

namespace SocialTech.BuildingBlocks.Security;

/// <summary>
/// JWT bearer authentication, the access policy of the route tables and rate limiting of the open endpoints:
/// every service enforces them itself, whether a request came through the gateway or not.
/// </summary>
/// <remarks>
/// Configuration (<c>Auth:</c>): <c>Authority</c> (an OpenID Connect issuer, keys from its discovery document) or
/// <c>SigningKey</c> (base64, at least 32 bytes, HS256: the local runtime's development key); <c>Issuer</c> and
/// <c>Audience</c> (validated when set); <c>RoleClaim</c> (default <c>role</c>). <c>RateLimiting:PermitLimit</c>
/// requests per <c>RateLimiting:WindowSeconds</c> per client on the open endpoints (300 per 60 s by default).
/// <c>ForwardedHeaders:KnownNetworks</c>: comma-separated CIDR ranges of the proxies (the gateway) whose
/// <c>X-Forwarded-For</c> names the client; loopback is always trusted.
/// </remarks>
public static class AccessControlExtensions
{
    public const string RoleClaimKey = "Auth:RoleClaim";
    public const string PermitLimitKey = "RateLimiting:PermitLimit";
    public const string WindowSecondsKey = "RateLimiting:WindowSeconds";
    public const string KnownNetworksKey = "ForwardedHeaders:KnownNetworks";

    public static TBuilder AddAccessControl<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        if (!BearerTokenValidation.IsConfigured(configuration))
        {
            throw new InvalidOperationException(
                "Set Auth:Authority (an OpenID Connect issuer) or Auth:SigningKey (the development key; deploy/local/up.sh generates one).");
        }

        BearerTokenValidation.EnsureValid(configuration);

        builder.Services.AddHttpContextAccessor();
        builder.Services.AddJsonBodies();
        builder.Services
            .AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(options =>
            {
                // The gateway validates with the same definition (it rate-limits by the token's subject).
                BearerTokenValidation.Apply(options, configuration);
                options.TokenValidationParameters.RoleClaimType = configuration[RoleClaimKey] is { Length: > 0 } roleClaim ? roleClaim : "role";
                options.TokenValidationParameters.NameClaimType = PlatformClaims.Subject;
                options.Events = new JwtBearerEvents { OnChallenge = WriteUnauthorizedAsync };
            });

        builder.Services.ConfigureAll<Microsoft.AspNetCore.OpenApi.OpenApiOptions>(options => options.DescribeAccess());
        builder.Services.AddSingleton<IAuthorizationHandler, AccessHandler>();
        builder.Services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResultHandler>();
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(AccessConventions.Policy, policy => policy
                .AddAuthenticationSchemes(JwtBearerDefaults.AuthenticationScheme)
                .RequireAuthenticatedUser()
                .AddRequirements(new AccessRequirement()));

        // Behind the gateway every anonymous request comes from the gateway's address: without the client address it
        // forwards, all anonymous readers would share one rate-limit partition. Only the gateway's one hop is read, and
        // only from a trusted proxy, so that a client cannot pick its own partition by sending the header itself.
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.ForwardLimit = 1;
            foreach (var network in (configuration[KnownNetworksKey] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(network, out var parsed)
                    ? parsed : throw new InvalidOperationException($"{KnownNetworksKey}: '{network}' is not a CIDR range such as 10.0.0.0/8."));
            }
        });

        var permits = configuration.GetValue(PermitLimitKey, 300);
        var window = TimeSpan.FromSeconds(configuration.GetValue(WindowSecondsKey, 60));
        builder.Services.AddRateLimiter(options =>
        {
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                IsOpenEndpoint(context)
                    ? RateLimitPartition.GetFixedWindowLimiter(ClientOf(context), _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = permits,
                        Window = window,
                        QueueLimit = 0,
                    })
                    : RateLimitPartition.GetNoLimiter(string.Empty));
            options.OnRejected = WriteTooManyRequestsAsync;
        });
        return builder;
    }

    /// <summary>
    /// The client's address as the trusted proxy forwarded it, authentication, then the rate limiter (which partitions by
    /// the authenticated subject, else that address), the refusal of bodies the owner rule and the endpoint could read
    /// differently (<see cref="JsonBodies"/>), then authorization.
    /// </summary>
    public static WebApplication UseAccessControl(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseJsonBodies();
        app.UseAuthorization();
        return app;
    }

    /// <summary>The client a request is counted against: its token's subject, else its address.</summary>
    public static string ClientOf(HttpContext context) =>
        context.User.FindFirst(PlatformClaims.Subject)?.Value is { Length: > 0 } subject
            ? $"sub:{subject}"
            : $"ip:{context.Connection.RemoteIpAddress}";

    /// <summary>Open: an endpoint that asks for no role (open data), except health, OpenAPI and the reference.</summary>
    private static bool IsOpenEndpoint(HttpContext context)
    {
        if (context.GetEndpoint() is not { } endpoint || endpoint.Metadata.GetMetadata<RoleAccess>() is not null)
        {
            return false;
        }

        var path = context.Request.Path;
        return !(path.StartsWithSegments("/health") || path.StartsWithSegments("/alive")
            || path.StartsWithSegments("/openapi") || path.StartsWithSegments("/scalar"));
    }

    private static async Task WriteUnauthorizedAsync(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        var response = context.Response;
        response.StatusCode = StatusCodes.Status401Unauthorized;
        response.Headers.WWWAuthenticate = context.AuthenticateFailure is null
            ? "Bearer"
            : "Bearer error=\"invalid_token\"";
        var problems = context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context.HttpContext,
            ProblemDetails =
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "Unauthorized",
                Detail = context.AuthenticateFailure is null
                    ? "This needs a bearer token (README: Access control)."
                    : "The bearer token is invalid or expired.",
            },
        });
    }

    private static async ValueTask WriteTooManyRequestsAsync(OnRejectedContext context, CancellationToken ct)
    {
        var response = context.HttpContext.Response;
        response.StatusCode = StatusCodes.Status429TooManyRequests;
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(1);
        response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        var problems = context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context.HttpContext,
            ProblemDetails =
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests",
                Detail = $"This client made too many requests; retry after {response.Headers.RetryAfter} s.",
            },
        });
    }
}
