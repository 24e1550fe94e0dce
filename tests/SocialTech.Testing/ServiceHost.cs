using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

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
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }

        if (configureServices is not null)
        {
            builder.ConfigureServices(configureServices);
        }
    }
}
