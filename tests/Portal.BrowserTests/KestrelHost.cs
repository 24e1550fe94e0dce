using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace SocialTech.Portal.BrowserTests;

/// <summary>
/// One process of the platform (a service or the portal) on a real Kestrel port of 127.0.0.1, chosen by the OS:
/// the browser and the portal reach it over TCP as they would in production.
/// </summary>
public sealed class KestrelHost<TEntryPoint> : WebApplicationFactory<TEntryPoint> where TEntryPoint : class
{
    private readonly string environment;
    private readonly IReadOnlyDictionary<string, string?> settings;

    internal KestrelHost(string environment, IReadOnlyDictionary<string, string?> settings)
    {
        this.environment = environment;
        this.settings = settings;
    }

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>A plain client over TCP, as another service or the test itself calls the host.</summary>
    public HttpClient Http { get; private set; } = null!;

    internal void Start()
    {
        UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, 0));
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseAddress = new Uri(addresses.First());
        // The tests load their data as an administrator would; the portal itself reads open data without a token.
        Http = new HttpClient { BaseAddress = BaseAddress };
        Http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Bearer", SocialTech.Testing.TestTokens.Mint(SocialTech.BuildingBlocks.Security.Roles.Admin, subject: "admin:portal-tests"));
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Http.Dispose();
        }

        base.Dispose(disposing);
    }
}

public static class KestrelHost
{
    public static KestrelHost<TEntryPoint> Start<TEntryPoint>(string environment, IReadOnlyDictionary<string, string?> settings) where TEntryPoint : class
    {
        var host = new KestrelHost<TEntryPoint>(environment, settings);
        host.Start();
        return host;
    }
}
