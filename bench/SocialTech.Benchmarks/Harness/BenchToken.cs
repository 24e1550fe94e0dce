using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace SocialTech.Benchmarks.Harness;

/// <summary>
/// The services require a bearer token on writes (BuildingBlocks.Security): every service this run starts is given a
/// development signing key made for the run, and the scenarios send an <c>admin</c> token signed with it (HS256), as
/// <c>deploy/local/mint-token.sh</c> signs them with the local runtime's key.
/// </summary>
public static class BenchToken
{
    private const string Issuer = "socialtech-bench";
    private const string Audience = "socialtech";
    private static readonly string SigningKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>Environment for a service process: the key, and a rate limit the benchmark's own load never reaches.</summary>
    public static IReadOnlyDictionary<string, string> Environment { get; } = new Dictionary<string, string>
    {
        ["Auth__SigningKey"] = SigningKey,
        ["Auth__Issuer"] = Issuer,
        ["Auth__Audience"] = Audience,
        ["RateLimiting__PermitLimit"] = "100000000",
    };

    public static AuthenticationHeaderValue Admin()
    {
        var now = DateTimeOffset.UtcNow;
        var claims = new Dictionary<string, object>
        {
            ["iss"] = Issuer,
            ["aud"] = Audience,
            ["sub"] = "admin:bench",
            ["role"] = "admin",
            ["iat"] = now.ToUnixTimeSeconds(),
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["exp"] = now.AddHours(6).ToUnixTimeSeconds(),
        };
        var header = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new { alg = "HS256", typ = "JWT" }));
        var payload = Base64Url(JsonSerializer.SerializeToUtf8Bytes(claims));
        var signature = HMACSHA256.HashData(Convert.FromBase64String(SigningKey), Encoding.ASCII.GetBytes($"{header}.{payload}"));
        return new AuthenticationHeaderValue("Bearer", $"{header}.{payload}.{Base64Url(signature)}");
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
