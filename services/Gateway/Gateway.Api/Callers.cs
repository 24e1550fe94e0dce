using Microsoft.AspNetCore.Authentication.JwtBearer;
using SocialTech.BearerTokens;

namespace SocialTech.Gateway;

/// <summary>
/// Who is calling, as far as the rate limiter needs to know: the subject of a bearer token that the services would
/// accept too (<see cref="BearerTokenValidation"/>, the same <c>Auth:</c> settings). The gateway authorizes nothing:
/// a missing or invalid token is forwarded as it came, and the service answers 401 or 403 (ADR 0007). Without
/// <c>Auth:</c> settings every caller is counted by address.
/// </summary>
/// <remarks>
/// The token is validated here, not merely read, because a subject taken on the client's word would let anyone
/// mint a fresh partition per request and never be limited.
/// </remarks>
public static class Callers
{
    public static WebApplicationBuilder AddCallerIdentity(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        if (BearerTokenValidation.IsConfigured(configuration))
        {
            BearerTokenValidation.EnsureValid(configuration);
            builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
                .AddJwtBearer(options => BearerTokenValidation.Apply(options, configuration));
        }

        return builder;
    }

    /// <summary>Reads the bearer token, if any, into <c>HttpContext.User</c>; challenges nobody.</summary>
    public static WebApplication UseCallerIdentity(this WebApplication app)
    {
        if (BearerTokenValidation.IsConfigured(app.Configuration))
        {
            app.UseAuthentication();
        }

        return app;
    }

    /// <summary>The subject of a validated token, or null for an anonymous caller (or one whose token failed).</summary>
    public static string? SubjectOf(HttpContext context) =>
        context.User.Identity?.IsAuthenticated == true && context.User.FindFirst("sub")?.Value is { Length: > 0 } subject
            ? subject
            : null;
}
