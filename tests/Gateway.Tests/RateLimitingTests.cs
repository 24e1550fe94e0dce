using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace SocialTech.Gateway.Tests;

/// <summary>
/// The gateway's limiter: anonymous callers by address, callers with a token the gateway validated by subject.
/// </summary>
public sealed class RateLimitingTests(Backends backends) : IClassFixture<Backends>
{
    private static readonly byte[] Key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
    private static readonly byte[] OtherKey = Enumerable.Range(101, 32).Select(i => (byte)i).ToArray();

    private static Dictionary<string, string> Settings() => new()
    {
        ["Auth:SigningKey"] = Convert.ToBase64String(Key),
        ["Auth:Issuer"] = "socialtech-local",
        ["Auth:Audience"] = "socialtech",
        ["RateLimiting:PermitLimit"] = "2",
        ["RateLimiting:AuthenticatedPermitLimit"] = "3",
        ["RateLimiting:WindowSeconds"] = "60",
    };

    [Fact]
    public async Task AnAuthenticatedCaller_IsCountedByItsSubject_NotByItsAddress()
    {
        await using var gateway = backends.CreateGateway(Settings());
        using var anonymous = gateway.CreateClient();
        using var loader = Client(gateway, Token(Key, "admin:demo-loader"));
        using var other = Client(gateway, Token(Key, "funder:other"));

        var anonymousAnswers = await GetTimesAsync(anonymous, 3);
        var loaderAnswers = await GetTimesAsync(loader, 4);
        using var otherAnswer = await other.GetAsync("/api/funding/programmes");

        // The address is spent, yet the loader has its own budget, larger than an address's, and a second subject
        // another one.
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], anonymousAnswers.Select(a => a.StatusCode));
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], loaderAnswers.Select(a => a.StatusCode));
        Assert.InRange(loaderAnswers[^1].Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, 1, 60);
        Assert.Equal(HttpStatusCode.OK, otherAnswer.StatusCode);
        Dispose(anonymousAnswers, loaderAnswers);
    }

    [Fact]
    public async Task ATokenTheGatewayCannotValidate_CountsAgainstTheAddress_AndIsStillForwarded()
    {
        await using var gateway = backends.CreateGateway(Settings());
        using var forged = Client(gateway, Token(OtherKey, "admin:forged"));
        using var expired = Client(gateway, Token(Key, "admin:expired", expires: DateTime.UtcNow.AddMinutes(-5)));

        var forgedAnswers = await GetTimesAsync(forged, 2);
        using var expiredAnswer = await expired.GetAsync("/api/actors");

        // A subject read without checking the signature would hand every request its own partition.
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK], forgedAnswers.Select(a => a.StatusCode));
        Assert.Equal(HttpStatusCode.TooManyRequests, expiredAnswer.StatusCode);
        Assert.NotNull(expiredAnswer.Headers.RetryAfter);
        Dispose(forgedAnswers);
    }

    [Fact]
    public async Task WithoutAuthSettings_EveryCallerIsCountedByAddress()
    {
        var settings = Settings();
        settings.Remove("Auth:SigningKey");
        await using var gateway = backends.CreateGateway(settings);
        using var client = Client(gateway, Token(Key, "admin:demo-loader"));

        var answers = await GetTimesAsync(client, 3);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], answers.Select(a => a.StatusCode));
        Dispose(answers);
    }

    [Theory]
    [InlineData("AAECAwQFBgcICQoLDA0ODw==", "at least 32 bytes")]
    [InlineData("not base64 at all!", "base64")]
    public async Task AnUnusableSigningKey_StopsTheGatewayAtStartUp_NamingTheSetting(string key, string reason)
    {
        var settings = Settings();
        settings["Auth:SigningKey"] = key;
        await using var gateway = backends.CreateGateway(settings);

        // The services refuse the same keys: a gateway that started would answer every request 500 at its first one.
        var refused = Assert.Throws<InvalidOperationException>(() => gateway.CreateClient());
        Assert.Contains("Auth:SigningKey", refused.Message, StringComparison.Ordinal);
        Assert.Contains(reason, refused.Message, StringComparison.Ordinal);
    }

    private static HttpClient Client(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<GatewayEntryPoint> gateway, string token)
    {
        var client = gateway.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task<List<HttpResponseMessage>> GetTimesAsync(HttpClient client, int times)
    {
        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < times; i++)
        {
            answers.Add(await client.GetAsync("/api/labelling/register"));
        }

        return answers;
    }

    private static void Dispose(params List<HttpResponseMessage>[] answers)
    {
        foreach (var answer in answers.SelectMany(a => a))
        {
            answer.Dispose();
        }
    }

    private static string Token(byte[] key, string subject, DateTime? expires = null)
    {
        var expiry = expires ?? DateTime.UtcNow.AddMinutes(10);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "socialtech-local",
            Audience = "socialtech",
            Subject = new ClaimsIdentity([new Claim("sub", subject), new Claim("role", "admin")]),
            NotBefore = expiry.AddMinutes(-20),
            IssuedAt = expiry.AddMinutes(-20),
            Expires = expiry,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(key), SecurityAlgorithms.HmacSha256),
        });
    }
}
