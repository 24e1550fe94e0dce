using Microsoft.Extensions.ServiceDiscovery;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.ServiceDiscovery;

namespace SocialTech.Gateway;

/// <summary>
/// The routes (configuration section <c>ReverseProxy</c>) and their destinations: logical addresses named after the
/// services' resources (<c>http://actors-api</c>: the AppHost's resource, the Compose service and the Kubernetes
/// Service), resolved by service discovery from <c>services:actors-api:http:0</c> (what Aspire, up.sh, Compose and
/// the tests set) or, without it, by DNS (Kubernetes, where the Service answers on port 80). Each cluster sends
/// request headers as UTF-8 (<c>HttpClient:RequestHeaderEncoding</c>), the way Kestrel reads them: HttpClient's
/// default refuses anything outside ASCII, so a request a service accepts (an Idempotency-Key naming
/// "Auvergne-Rhône-Alpes") would otherwise fail with 502 at the gateway.
/// </summary>
public static class ServiceRoutes
{
    public static TBuilder AddServiceRoutes<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddReverseProxy().LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"));
        builder.Services.AddSingleton<IDestinationResolver, DiscoveredDestinations>();
        return builder;
    }
}

/// <summary>Expands each configured destination into the endpoints service discovery knows for its host.</summary>
internal sealed class DiscoveredDestinations(ServiceEndpointResolver resolver) : IDestinationResolver
{
    public async ValueTask<ResolvedDestinationCollection> ResolveDestinationsAsync(
        IReadOnlyDictionary<string, DestinationConfig> destinations, CancellationToken cancellationToken)
    {
        var resolved = new Dictionary<string, DestinationConfig>(StringComparer.OrdinalIgnoreCase);
        var changeTokens = new List<Microsoft.Extensions.Primitives.IChangeToken>();
        foreach (var (name, destination) in destinations)
        {
            var address = new Uri(destination.Address);
            var source = await resolver.GetEndpointsAsync(address.GetLeftPart(UriPartial.Authority), cancellationToken);
            changeTokens.Add(source.ChangeToken);
            var index = 0;
            foreach (var endpoint in source.Endpoints)
            {
                var target = endpoint.EndPoint switch
                {
                    UriEndPoint uri => uri.Uri,
                    System.Net.DnsEndPoint dns => new UriBuilder(address.Scheme, dns.Host, dns.Port > 0 ? dns.Port : address.Port).Uri,
                    System.Net.IPEndPoint ip => new UriBuilder(address.Scheme, ip.Address.ToString(), ip.Port > 0 ? ip.Port : address.Port).Uri,
                    _ => address,
                };
                var withPath = new UriBuilder(target) { Path = address.AbsolutePath }.Uri.ToString().TrimEnd('/');
                resolved[index++ == 0 ? name : $"{name}[{index}]"] = destination with { Address = withPath };
            }
        }

        return new ResolvedDestinationCollection(resolved,
            changeTokens.Count == 0 ? null : new Microsoft.Extensions.Primitives.CompositeChangeToken(changeTokens));
    }
}
