using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using SocialTech.Actors;
using SocialTech.Funding;
using SocialTech.Testing;

namespace SocialTech.Platform.Tests;

/// <summary>
/// Actors and Funding in one test process, each on its own database, sharing one RabbitMQ virtual host, with every
/// span the process records kept in memory.
/// </summary>
public sealed class ActorsAndFunding : IAsyncLifetime
{
    private IsolatedDatabase? actorsDb;
    private IsolatedDatabase? fundingDb;
    private IsolatedVirtualHost? vhost;

    public ServiceHost<ActorsApiEntryPoint> Actors { get; private set; } = null!;

    public ServiceHost<FundingApiEntryPoint> Funding { get; private set; } = null!;

    public TestServers Servers { get; private set; } = null!;

    public IsolatedVirtualHost VirtualHost => vhost!;

    public SpanCollection Spans { get; } = new();

    public async Task InitializeAsync()
    {
        Servers = await TestServers.GetAsync();
        actorsDb = await IsolatedDatabase.CreateAsync(Servers, "actors");
        fundingDb = await IsolatedDatabase.CreateAsync(Servers, "funding");
        vhost = await IsolatedVirtualHost.CreateAsync(Servers, "platform");

        // Activity listeners are process-wide: the exporter in the Actors host also sees Funding's spans.
        Actors = new ServiceHost<ActorsApiEntryPoint>(ActorsEventStore.ConnectionName, actorsDb.ConnectionString, vhost.Amqp,
            services => services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(Spans)));
        // Funding calls Actors' API (the SCDL import registers unknown organisations): in process, through Actors' test server.
        Funding = new ServiceHost<FundingApiEntryPoint>(FundingEventStore.ConnectionName, fundingDb.ConnectionString, vhost.Amqp,
            services => services.AddHttpClient<Funding.OpenData.Importing.ActorsClient>().ConfigurePrimaryHttpMessageHandler(() => Actors.Server.CreateHandler()));

        // Funding's queues must exist before Actors publishes, as they do in production once Funding has started.
        await WaitUntilBusReadyAsync(Funding.CreateClient());
        await WaitUntilBusReadyAsync(Actors.CreateClient());
    }

    public static async Task WaitUntilBusReadyAsync(HttpClient service) =>
        await Eventually.TrueAsync(async () => await HealthOfAsync(service, "messaging") == "Healthy", "the bus to connect");

    /// <summary>The status of one entry of <c>/health</c>, or of the whole report when <paramref name="entry"/> is null.</summary>
    public static async Task<string?> HealthOfAsync(HttpClient service, string? entry = null)
    {
        using var response = await service.GetAsync(new Uri("/health", UriKind.Relative));
        using var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var node = entry is null ? report.RootElement : report.RootElement.GetProperty("entries").GetProperty(entry);
        return node.GetProperty("status").GetString();
    }

    public static async Task<Guid> RegisterActorAsync(HttpClient actors, string name, string commune = "69123")
    {
        using var response = await actors.PostAsJsonAsync(new Uri("/api/actors", UriKind.Relative),
            new { name, kinds = new[] { "association" }, headOfficeCommuneCode = commune });
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        return created.GetProperty("id").GetGuid();
    }

    public async Task DisposeAsync()
    {
        await Actors.DisposeAsync();
        await Funding.DisposeAsync();
        await vhost!.DisposeAsync();
        await actorsDb!.DisposeAsync();
        await fundingDb!.DisposeAsync();
    }
}
