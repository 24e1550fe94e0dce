using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace SocialTech.Gateway;

/// <summary>
/// Who is calling, as far as the rate limiter needs to know: the subject of a bearer token whose signature, issuer,
/// audience and lifetime check out against the same <c>Auth:</c> settings the services use (<c>Authority</c> or
/// <c>SigningKey</c>, <c>Issuer</c>, <c>Audience</c>). The gateway authorizes nothing: a missing or invalid token is
/// forwarded as it came, and the service answers 401 or 403 (ADR 0007). Without <c>Auth:</c> settings every caller
/// is counted by address.
/// </summary>
/// <remarks>
/// The token is validated here, not merely read, because a subject taken on the client's word would let anyone
/// mint a fresh partition per request and never be limited. The validation parameters mirror the services'
/// (<c>AccessControlExtensions</c> in BuildingBlocks), kept apart so that the gateway does not carry the services'
/// event store and bus dependencies.
/// </remarks>
public static class Callers
{
    public static bool IsConfigured(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration["Auth:Authority"]) || !string.IsNullOrWhiteSpace(configuration["Auth:SigningKey"]);

    public static WebApplicationBuilder AddCallerIdentity(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        if (!IsConfigured(configuration))
        {
            return builder;
        }

        var authority = configuration["Auth:Authority"];
        var signingKey = configuration["Auth:SigningKey"];
        var issuer = configuration["Auth:Issuer"];
        var audience = configuration["Auth:Audience"];
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(options =>
        {
            options.MapInboundClaims = false;
            if (!string.IsNullOrWhiteSpace(authority))
            {
                options.Authority = authority;
                options.RequireHttpsMetadata = configuration.GetValue("Auth:RequireHttpsMetadata", true);
            }

            options.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = string.IsNullOrWhiteSpace(issuer) ? null : issuer,
                ValidateIssuer = !string.IsNullOrWhiteSpace(issuer) || !string.IsNullOrWhiteSpace(authority),
                ValidAudience = string.IsNullOrWhiteSpace(audience) ? null : audience,
                ValidateAudience = !string.IsNullOrWhiteSpace(audience),
                ValidateLifetime = true,
                ClockSkew = TimeSpan.FromSeconds(30),
                IssuerSigningKey = string.IsNullOrWhiteSpace(signingKey) ? null : new SymmetricSecurityKey(Convert.FromBase64String(signingKey)),
            };
        });
        return builder;
    }

    /// <summary>Reads the bearer token, if any, into <c>HttpContext.User</c>; challenges nobody.</summary>
    public static WebApplication UseCallerIdentity(this WebApplication app)
    {
        if (IsConfigured(app.Configuration))
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
