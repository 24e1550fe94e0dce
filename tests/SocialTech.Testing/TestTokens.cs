using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SocialTech.BuildingBlocks.Security;

namespace SocialTech.Testing;

/// <summary>
/// Bearer tokens for the services under test, signed (HS256) with a key made once per test run, as
/// <c>deploy/local/mint-token.sh</c> signs them with the local runtime's key.
/// </summary>
public static class TestTokens
{
    public const string Issuer = "socialtech-tests";
    public const string Audience = "socialtech";

    /// <summary>The development signing key (base64) every host of this test run is configured with.</summary>
    public static readonly string SigningKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>The settings that make a service accept these tokens.</summary>
    public static IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Auth:SigningKey"] = SigningKey,
        ["Auth:Issuer"] = Issuer,
        ["Auth:Audience"] = Audience,
    };

    /// <summary>A token for <paramref name="role"/>; <paramref name="id"/> goes in the role's id claim (network_id…).</summary>
    public static string Mint(string role, Guid? id = null, string? subject = null, TimeSpan? lifetime = null, string? signingKey = null)
    {
        var now = DateTimeOffset.UtcNow;
        var claims = new Dictionary<string, object>
        {
            ["iss"] = Issuer,
            ["aud"] = Audience,
            ["sub"] = subject ?? (id is { } i ? $"{role}:{i}" : $"{role}:{Guid.NewGuid()}"),
            ["role"] = role,
            ["iat"] = now.ToUnixTimeSeconds(),
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["exp"] = now.Add(lifetime ?? TimeSpan.FromHours(1)).ToUnixTimeSeconds(),
        };
        if (PlatformClaims.IdClaimOf(role) is { } claim)
        {
            claims[claim] = (id ?? Guid.NewGuid()).ToString();
        }

        var header = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new { alg = "HS256", typ = "JWT" }));
        var payload = Base64Url(JsonSerializer.SerializeToUtf8Bytes(claims));
        var signature = HMACSHA256.HashData(Convert.FromBase64String(signingKey ?? SigningKey), Encoding.ASCII.GetBytes($"{header}.{payload}"));
        return $"{header}.{payload}.{Base64Url(signature)}";
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
