using System.Net.Http.Headers;
using SocialTech.BuildingBlocks.Security;
using SocialTech.Testing;

namespace SocialTech.FaultInjection.Tests;

/// <summary>
/// Actors (the writer, whose event log is its outbox) and Funding (whose actor directory consumes Actors' contracts),
/// each a process on a database of its own on the fault cluster, sharing a virtual host of the fault broker.
/// </summary>
/// <remarks>
/// One platform for the whole collection (starting two services takes a while on a busy machine): each test's
/// oracle checks everything the log holds so far, and its own acknowledged writes.
/// </remarks>
public sealed class FaultPlatform : IAsyncDisposable
{
    private FaultPlatform(FaultServers servers, string actorsDb, string fundingDb, string vhost, Uri amqp)
    {
        Servers = servers;
        ActorsDb = actorsDb;
        FundingDb = fundingDb;
        VirtualHost = vhost;
        Amqp = amqp;
        Actors = new ServiceProcess(servers.Repository, "Actors.Api", new Dictionary<string, string>
        {
            ["ConnectionStrings__actorsdb"] = servers.On(actorsDb),
            ["ConnectionStrings__messaging"] = amqp.ToString(),
        });
        Funding = new ServiceProcess(servers.Repository, "Funding.Api", new Dictionary<string, string>
        {
            ["ConnectionStrings__fundingdb"] = servers.On(fundingDb),
            ["ConnectionStrings__messaging"] = amqp.ToString(),
        });
    }

    public FaultServers Servers { get; }

    public string ActorsDb { get; }

    public string FundingDb { get; }

    public string VirtualHost { get; }

    public Uri Amqp { get; }

    public ServiceProcess Actors { get; }

    public ServiceProcess Funding { get; }

    /// <summary>Both services start together: no event exists before the load, so none is published before Funding's queue does.</summary>
    public static async Task<FaultPlatform> StartAsync()
    {
        var servers = await FaultServers.GetAsync();
        var vhost = $"f_{Guid.NewGuid():N}";
        var platform = new FaultPlatform(servers, await servers.CreateDatabaseAsync("actors"), await servers.CreateDatabaseAsync("funding"),
            vhost, await servers.CreateVirtualHostAsync(vhost));
        await Task.WhenAll(platform.Funding.StartAsync(), platform.Actors.StartAsync());
        return platform;
    }

    /// <summary>A client of Actors acting as an operator, who keeps the registry.</summary>
    public HttpClient ActorsClient()
    {
        var client = new HttpClient { BaseAddress = Actors.BaseAddress, Timeout = TimeSpan.FromSeconds(15) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.Mint(Roles.Operator, subject: "operator:faults"));
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await Actors.DisposeAsync();
        await Funding.DisposeAsync();
        if (Environment.GetEnvironmentVariable("FAULTS_KEEP") == "1")
        {
            return;  // for a post-mortem: the databases and virtual host stay
        }

        await Servers.DeleteVirtualHostAsync(VirtualHost);
        await Servers.DropDatabaseAsync(ActorsDb);
        await Servers.DropDatabaseAsync(FundingDb);
    }
}
