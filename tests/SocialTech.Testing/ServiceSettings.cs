namespace SocialTech.Testing;

/// <summary>The settings every service runs with under test, whichever host starts it (in memory or on Kestrel).</summary>
public static class ServiceSettings
{
    /// <summary>Accept <see cref="TestTokens"/>; and a rate limit no test reaches, since tests make many reads as one
    /// client (the rate-limit tests set their own low limit over this one).</summary>
    public static IReadOnlyDictionary<string, string?> ForTests { get; } =
        new Dictionary<string, string?>(TestTokens.Settings) { ["RateLimiting:PermitLimit"] = "1000000" };
}
