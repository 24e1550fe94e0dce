using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Configuration;
using Microsoft.IdentityModel.Tokens;

namespace SocialTech.BearerTokens;

/// <summary>
/// The <c>Auth:</c> settings and what they mean for a bearer token: <c>Authority</c> (an OpenID Connect issuer, keys
/// from its discovery document) or <c>SigningKey</c> (base64, at least 32 bytes, HS256: the local runtime's
/// development key); <c>Issuer</c> and <c>Audience</c> (validated when set); lifetime with 30 s of skew.
/// </summary>
/// <remarks>
/// The services authorize with these tokens and the gateway rate-limits by their subject (ADR 0007): a token one
/// accepts and the other refuses would let a caller escape the limiter or be limited as someone else, so both read
/// this one definition.
/// </remarks>
public static class BearerTokenValidation
{
    public const string AuthorityKey = "Auth:Authority";
    public const string SigningKeyKey = "Auth:SigningKey";
    public const string IssuerKey = "Auth:Issuer";
    public const string AudienceKey = "Auth:Audience";
    public const string RequireHttpsMetadataKey = "Auth:RequireHttpsMetadata";

    /// <summary>Whether tokens can be validated at all: an authority or a signing key is set.</summary>
    public static bool IsConfigured(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return !string.IsNullOrWhiteSpace(configuration[AuthorityKey]) || !string.IsNullOrWhiteSpace(configuration[SigningKeyKey]);
    }

    /// <summary>
    /// Fails at start-up, naming the setting, when the signing key is not usable: options are built at the first
    /// request, and a bad key would otherwise answer that request and every later one with a 500.
    /// </summary>
    public static void EnsureValid(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (configuration[SigningKeyKey] is { } key && !string.IsNullOrWhiteSpace(key))
        {
            DecodeKey(key);
        }
    }

    /// <summary>Sets <paramref name="options"/> to validate tokens as the platform does; callers add their own claims mapping and events.</summary>
    public static void Apply(JwtBearerOptions options, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(configuration);
        var authority = configuration[AuthorityKey];
        var signingKey = configuration[SigningKeyKey];
        var issuer = configuration[IssuerKey];
        var audience = configuration[AudienceKey];

        // Claims keep the names the token gives them ("role", "sub", "network_id"), not WS-* URIs.
        options.MapInboundClaims = false;
        if (!string.IsNullOrWhiteSpace(authority))
        {
            options.Authority = authority;
            options.RequireHttpsMetadata = configuration.GetValue(RequireHttpsMetadataKey, true);
        }

        options.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = string.IsNullOrWhiteSpace(issuer) ? null : issuer,
            ValidateIssuer = !string.IsNullOrWhiteSpace(issuer) || !string.IsNullOrWhiteSpace(authority),
            ValidAudience = string.IsNullOrWhiteSpace(audience) ? null : audience,
            ValidateAudience = !string.IsNullOrWhiteSpace(audience),
            ValidateLifetime = true,
            ClockSkew = TimeSpan.FromSeconds(30),
            IssuerSigningKey = string.IsNullOrWhiteSpace(signingKey) ? null : new SymmetricSecurityKey(DecodeKey(signingKey)),
        };
    }

    private static byte[] DecodeKey(string key)
    {
        try
        {
            var bytes = Convert.FromBase64String(key);
            return bytes.Length >= 32 ? bytes : throw new InvalidOperationException($"{SigningKeyKey} must hold at least 32 bytes (256 bits).");
        }
        catch (FormatException e)
        {
            throw new InvalidOperationException($"{SigningKeyKey} must be base64.", e);
        }
    }
}
