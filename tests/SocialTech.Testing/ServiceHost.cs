using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using SocialTech.BuildingBlocks.Security;

namespace SocialTech.Testing;

/// <summary>
/// One SocialTech service in the test process, on its own database and the test's virtual host, as it runs in
/// production (same Program, same Marten daemon, same MassTransit bus), minus Kestrel.
/// </summary>
/// <typeparam name="TEntryPoint">A type of the service's assembly (each service has an <c>…ApiEntryPoint</c>).</typeparam>
public sealed class ServiceHost<TEntryPoint>(
    string connectionName,
    string databaseConnectionString,
    Uri messaging,
    Action<IServiceCollection>? configureServices = null,
    IReadOnlyDictionary<string, string?>? settings = null) : WebApplicationFactory<TEntryPoint>
    where TEntryPoint : class
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting($"ConnectionStrings:{connectionName}", databaseConnectionString);
        builder.UseSetting("ConnectionStrings:messaging", messaging.ToString());
        foreach (var (key, value) in ServiceSettings.ForTests)
        {
            builder.UseSetting(key, value);
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }

        if (configureServices is not null)
        {
            builder.ConfigureServices(configureServices);
        }
    }

    /// <summary>Clients made by <c>CreateClient()</c> act as an admin, so that tests of behaviour need no ceremony.</summary>
    protected override void ConfigureClient(HttpClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        base.ConfigureClient(client);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.Mint(Roles.Admin, subject: "admin:tests"));
    }

    /// <summary>A client acting as <paramref name="role"/>, bound to <paramref name="id"/> (its network, funder or label owner).</summary>
    public HttpClient CreateClientAs(string role, Guid? id = null, string? subject = null)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.Mint(role, id, subject));
        return client;
    }

    /// <summary>A client without any token.</summary>
    public HttpClient CreateAnonymousClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = null;
        return client;
    }
}
