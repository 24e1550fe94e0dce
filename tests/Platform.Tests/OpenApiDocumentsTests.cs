using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SocialTech.Actors;
using SocialTech.Funding;
using SocialTech.Gateway;
using SocialTech.IncubatorNetworks;
using SocialTech.Labelling;
using SocialTech.Testing;

namespace SocialTech.Platform.Tests;

/// <summary>
/// Every service's OpenAPI document and the gateway's merge of them, written to <c>artifacts/openapi/</c> for
/// <c>tools/lint-openapi.sh</c> (Spectral, run by <c>.ci/run</c>), and checked here for what a generated client needs
/// most: every path parameter declared, every operationId unique, a success answer for every operation, no
/// answer that cannot match its own schema (a null that both branches of a nullable enum's oneOf accept).
/// </summary>
public sealed partial class OpenApiDocumentsTests : IAsyncLifetime
{
    private readonly List<IAsyncDisposable> owned = [];
    private readonly List<(string Service, HttpClient Client)> services = [];

    public static string Folder { get; } = Directory.CreateDirectory(Path.Combine(RepositoryRoot(), "artifacts", "openapi")).FullName;

    public async Task InitializeAsync()
    {
        var servers = await TestServers.GetAsync();
        var vhost = await IsolatedVirtualHost.CreateAsync(servers, "openapi");
        owned.Add(vhost);
        services.Add(("actors", await StartAsync<ActorsApiEntryPoint>(servers, ActorsEventStore.ConnectionName, vhost)));
        services.Add(("funding", await StartAsync<FundingApiEntryPoint>(servers, FundingEventStore.ConnectionName, vhost)));
        services.Add(("labelling", await StartAsync<LabellingApiEntryPoint>(servers, LabellingEventStore.ConnectionName, vhost)));
        services.Add(("networks", await StartAsync<IncubatorNetworksApiEntryPoint>(servers, IncubatorNetworksEventStore.ConnectionName, vhost)));
    }

    private async Task<HttpClient> StartAsync<T>(TestServers servers, string connectionName, IsolatedVirtualHost vhost) where T : class
    {
        var database = await IsolatedDatabase.CreateAsync(servers, connectionName);
        owned.Add(database);
        var host = new ServiceHost<T>(connectionName, database.ConnectionString, vhost.Amqp);
        owned.Add(host);
        return host.CreateClient();
    }

    public async Task DisposeAsync()
    {
        foreach (var (_, client) in services)
        {
            client.Dispose();
        }

        // Hosts first, then their databases and the virtual host they use.
        foreach (var resource in Enumerable.Reverse(owned))
        {
            await resource.DisposeAsync();
        }
    }

    [Fact]
    public async Task EveryDocument_DeclaresItsPathParameters_AndUniqueOperationIds()
    {
        var documents = new List<(string Service, JsonObject? Document)>();
        foreach (var (service, client) in services)
        {
            var text = await client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative));
            documents.Add((service, (JsonObject)JsonNode.Parse(text)!));
        }

        var merged = CombinedOpenApi.Merge([.. documents.Select(d => (Capitalised(d.Service), d.Document))]);
        var options = new JsonSerializerOptions { WriteIndented = true };
        foreach (var (name, document) in documents.Append(("gateway", merged)))
        {
            await File.WriteAllTextAsync(Path.Combine(Folder, $"{name}.json"), document!.ToJsonString(options));
        }

        var problems = documents.Append(("gateway", merged)).SelectMany(d => Problems(d.Item1, d.Item2!)).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    /// <summary>Independent of Spectral: the defects that make a generated client unusable.</summary>
    private static IEnumerable<string> Problems(string service, JsonObject document)
    {
        // A shared enum listing null makes every oneOf [null, $ref] of a nullable property match null twice, i.e. fail.
        foreach (var (name, schema) in document["components"]?["schemas"] as JsonObject ?? [])
        {
            if (schema?["enum"] is JsonArray values && values.Any(v => v is null))
            {
                yield return $"{service}: the shared enum {name} lists null";
            }
        }

        var operationIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            var inPath = PathParameter().Matches(path).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
            foreach (var (method, operation) in item!.AsObject())
            {
                var declared = (operation!["parameters"] as JsonArray ?? [])
                    .Where(p => (string?)p!["in"] == "path").Select(p => (string)p!["name"]!).ToHashSet(StringComparer.Ordinal);
                if (!inPath.SetEquals(declared))
                {
                    yield return $"{service}: {method.ToUpperInvariant()} {path} declares path parameters [{string.Join(", ", declared)}], its path has [{string.Join(", ", inPath)}]";
                }

                if (operation["operationId"] is JsonValue id && !operationIds.Add((string)id!))
                {
                    yield return $"{service}: operationId {id} is used twice";
                }

                if (operation["responses"] is not JsonObject responses || !responses.Any(r => r.Key.StartsWith('2') || r.Key.StartsWith('3')))
                {
                    yield return $"{service}: {method.ToUpperInvariant()} {path} declares no success response";
                }
            }
        }
    }

    private static string Capitalised(string service) => service switch
    {
        "networks" => "IncubatorNetworks",
        _ => char.ToUpperInvariant(service[0]) + service[1..],
    };

    [GeneratedRegex(@"\{([^}:]+)(?::[^}]*)?\}")]
    private static partial Regex PathParameter();

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
