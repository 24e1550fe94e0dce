using Microsoft.Playwright;
using SocialTech.Actors;
using SocialTech.Funding;
using SocialTech.IncubatorNetworks;
using SocialTech.Labelling;
using SocialTech.Testing;

namespace SocialTech.Portal.BrowserTests;

/// <summary>
/// The whole platform the portal reads, started once for the browser tests: the four services, each on its own
/// database, and the portal, sharing one RabbitMQ virtual host, all on Kestrel; the demo data loaded through the
/// APIs; and one headless Chromium.
/// </summary>
public sealed class PortalPlatform : IAsyncLifetime
{
    private readonly List<IAsyncDisposable> owned = [];

    public KestrelHost<ActorsApiEntryPoint> Actors { get; private set; } = null!;

    public KestrelHost<FundingApiEntryPoint> Funding { get; private set; } = null!;

    public KestrelHost<LabellingApiEntryPoint> Labelling { get; private set; } = null!;

    public KestrelHost<IncubatorNetworksApiEntryPoint> Networks { get; private set; } = null!;

    public KestrelHost<PortalEntryPoint> Portal { get; private set; } = null!;

    public DemoData Demo { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    private IPlaywright? playwright;

    /// <summary>Screenshots and downloads, kept by CI as artefacts (git-ignored).</summary>
    public static string Artifacts { get; } = Directory.CreateDirectory(Path.Combine(RepositoryRoot(), "tests", "Portal.BrowserTests", "artifacts")).FullName;

    public async Task InitializeAsync()
    {
        var servers = await TestServers.GetAsync();
        var vhost = await IsolatedVirtualHost.CreateAsync(servers, "portal");
        owned.Add(vhost);
        Actors = await StartServiceAsync<ActorsApiEntryPoint>(servers, ActorsEventStore.ConnectionName, vhost);
        Funding = await StartServiceAsync<FundingApiEntryPoint>(servers, FundingEventStore.ConnectionName, vhost);
        Labelling = await StartServiceAsync<LabellingApiEntryPoint>(servers, LabellingEventStore.ConnectionName, vhost);
        Networks = await StartServiceAsync<IncubatorNetworksApiEntryPoint>(servers, IncubatorNetworksEventStore.ConnectionName, vhost);

        // Development: the portal then serves its static web assets (blazor.web.js, ECharts) from the build's
        // manifest, as `dotnet run` does; published, they are files of its wwwroot.
        Portal = KestrelHost.Start<PortalEntryPoint>("Development", new Dictionary<string, string?>
        {
            ["ConnectionStrings:messaging"] = vhost.Amqp.ToString(),
            ["services:actors:http:0"] = Actors.BaseAddress.ToString(),
            ["services:funding:http:0"] = Funding.BaseAddress.ToString(),
            ["services:labelling:http:0"] = Labelling.BaseAddress.ToString(),
            ["services:networks:http:0"] = Networks.BaseAddress.ToString(),
        });
        foreach (var http in new[] { Actors.Http, Funding.Http, Labelling.Http, Networks.Http, Portal.Http })
        {
            // Every consumer's queue (the portal's temporary one too) must exist before anything is published.
            await Eventually.TrueAsync(async () => await HealthyAsync(http), "every service and the portal to be Healthy (database and bus)");
        }

        Demo = await DemoData.LoadAsync(this);

        // Debian's Chromium: Playwright's own browser download is not reachable from the build machines.
        var chromium = Environment.GetEnvironmentVariable("SOCIALTECH_CHROMIUM") ?? "/usr/bin/chromium";
        if (!File.Exists(chromium))
        {
            throw new InvalidOperationException($"No Chromium at {chromium}: `apt-get install -y chromium` (.ci/run does), or set SOCIALTECH_CHROMIUM.");
        }

        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        });
    }

    public async Task<IPage> NewPageAsync(int width = 1280, int height = 900, bool javaScript = true)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            // Off: the page as a browser with scripts disabled (or a proxy that blocks them and the WebSocket) gets it.
            JavaScriptEnabled = javaScript,
            BaseURL = Portal.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "fr-FR",
            AcceptDownloads = true,
        });
        // The build machines are shared: a page may take seconds to get its circuit and its data.
        context.SetDefaultTimeout(30_000);
        Assertions.SetDefaultExpectTimeout(20_000);
        return await context.NewPageAsync();
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Artifacts, $"{name}.png"), FullPage = true });

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        playwright?.Dispose();
        foreach (var host in new IAsyncDisposable?[] { Portal, Networks, Labelling, Funding, Actors })
        {
            if (host is not null)
            {
                await host.DisposeAsync();
            }
        }

        owned.Reverse();
        foreach (var resource in owned)
        {
            await resource.DisposeAsync();
        }
    }

    private async Task<KestrelHost<T>> StartServiceAsync<T>(TestServers servers, string connectionName, IsolatedVirtualHost vhost) where T : class
    {
        var database = await IsolatedDatabase.CreateAsync(servers, connectionName);
        owned.Add(database);
        var settings = new Dictionary<string, string?>(ServiceSettings.ForTests)
        {
            [$"ConnectionStrings:{connectionName}"] = database.ConnectionString,
            ["ConnectionStrings:messaging"] = vhost.Amqp.ToString(),
        };
        return KestrelHost.Start<T>("Testing", settings);
    }

    private static async Task<bool> HealthyAsync(HttpClient http)
    {
        using var response = await http.GetAsync(new Uri("/health", UriKind.Relative));
        return (await response.Content.ReadAsStringAsync()).StartsWith("{\"status\":\"Healthy\"", StringComparison.Ordinal);
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "SocialTech.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? AppContext.BaseDirectory;
    }
}

[CollectionDefinition(Name)]
public sealed class PortalTestsDefinition : ICollectionFixture<PortalPlatform>
{
    public const string Name = "portal";
}
