using System.Diagnostics.CodeAnalysis;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using SocialTech.Actors;
using SocialTech.BuildingBlocks.Security;
using SocialTech.Gateway;
using SocialTech.Testing;

namespace SocialTech.Gateway.Tests;

/// <summary>
/// The real Actors service (its own database and virtual host) and the real gateway in front of it, each on a Kestrel
/// port of 127.0.0.1: what a body limit does depends on both servers and the TCP connection between them, which the
/// in-memory test server does not have.
/// </summary>
[SuppressMessage("Design", "CA1001", Justification = "xUnit disposes a fixture through IAsyncLifetime.DisposeAsync.")]
public sealed class ActorsBehindTheGateway : IAsyncLifetime
{
    private IsolatedDatabase? database;
    private IsolatedVirtualHost? vhost;
    private ServiceHost<ActorsApiEntryPoint>? actors;
    private WebApplicationFactory<GatewayEntryPoint>? gateway;

    public Uri Actors { get; private set; } = null!;

    public Uri Gateway { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var servers = await TestServers.GetAsync();
        database = await IsolatedDatabase.CreateAsync(servers, "gateway-actors");
        vhost = await IsolatedVirtualHost.CreateAsync(servers, "gateway-actors");
        actors = new ServiceHost<ActorsApiEntryPoint>(ActorsEventStore.ConnectionName, database.ConnectionString, vhost.Amqp);
        Actors = Start(actors);
        gateway = new WebApplicationFactory<GatewayEntryPoint>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Testing");
            web.UseSetting("services:actors-api:http:0", Actors.ToString());
            web.UseSetting("RateLimiting:PermitLimit", "100000");
        });
        Gateway = Start(gateway);
    }

    /// <summary>A client over TCP acting as an admin, so that only the body decides the answer.</summary>
    [SuppressMessage("Reliability", "CA2000", Justification = "The caller disposes the client, which disposes the handler.")]
    public static HttpClient Client(Uri address)
    {
        var client = new HttpClient(new SocketsHttpHandler()) { BaseAddress = address, Timeout = TimeSpan.FromMinutes(2) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.Mint(Roles.Admin, subject: "admin:gateway-tests"));
        return client;
    }

    private static Uri Start<T>(WebApplicationFactory<T> factory) where T : class
    {
        factory.UseKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, 0));
        factory.StartServer();
        return new Uri(factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public async Task DisposeAsync()
    {
        if (gateway is not null)
        {
            await gateway.DisposeAsync();
        }

        if (actors is not null)
        {
            await actors.DisposeAsync();
        }

        if (vhost is not null)
        {
            await vhost.DisposeAsync();
        }

        if (database is not null)
        {
            await database.DisposeAsync();
        }
    }
}
