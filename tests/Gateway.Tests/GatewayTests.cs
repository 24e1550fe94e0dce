using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace SocialTech.Gateway.Tests;

public sealed class GatewayTests(Backends backends) : IClassFixture<Backends>
{
    [Theory]
    [InlineData("/api/actors", "actors")]
    [InlineData("/api/actors/0193a1b2-0000-7000-8000-000000000001/history", "actors")]
    [InlineData("/api/places", "actors")]
    [InlineData("/api/territories/departement/24", "actors")]
    [InlineData("/api/relays?territory=commune:24352", "actors")]
    [InlineData("/api/relays/support-kinds", "actors")]
    [InlineData("/api/funding/flows/by-funder?territory=region:84", "funding")]
    [InlineData("/api/labelling/register", "labelling")]
    [InlineData("/api/networks/feed", "networks")]
    [InlineData("/", "portal")]
    [InlineData("/assets/app.js", "portal")]
    public async Task EachPath_ReachesItsService_ThroughServiceDiscovery(string path, string service)
    {
        using var client = backends.Gateway.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "a.token.the-services-check");

        var seen = await client.GetFromJsonAsync<Seen>(path);

        Assert.Equal(service, seen!.Service);
        Assert.Equal(path.Split('?')[0], seen.Path);
        // The gateway is not the only guard: the services read the token themselves.
        Assert.Equal("Bearer a.token.the-services-check", seen.Authorization);
    }

    [Fact]
    public async Task ThePortalsBlazorWebSocket_CrossesTheGateway()
    {
        // A WebSocket needs a real connection upgrade, which only Kestrel gives (not the in-memory test server).
        await using var gateway = backends.CreateGateway();
        gateway.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        gateway.StartServer();
        var address = new Uri(gateway.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        using var socket = new ClientWebSocket();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        await socket.ConnectAsync(new UriBuilder(address) { Scheme = "ws", Path = "/_blazor" }.Uri, timeout.Token);
        await socket.SendAsync(Encoding.UTF8.GetBytes("circuit"), WebSocketMessageType.Text, true, timeout.Token);
        var buffer = new byte[64];
        var received = await socket.ReceiveAsync(buffer, timeout.Token);

        Assert.Equal("circuit", Encoding.UTF8.GetString(buffer, 0, received.Count));
    }

    [Fact]
    public async Task AHeaderOutsideAscii_IsForwardedAsTheServicesReadIt()
    {
        // The services' Kestrel reads header values as UTF-8, and the demo loaders' Idempotency-Keys name actors
        // ("…Auvergne-Rhône-Alpes"); HttpClient's default (ASCII only) made such a request a 502 at the gateway.
        using var client = backends.Gateway.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/funding/grants");
        request.Headers.TryAddWithoutValidation("Idempotency-Key", "demo-grant/regrant/France Active Auvergne-Rhône-Alpes");

        using var response = await client.SendAsync(request);
        var seen = await response.Content.ReadFromJsonAsync<Seen>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("demo-grant/regrant/France Active Auvergne-Rhône-Alpes", seen!.IdempotencyKey);
    }

    [Fact]
    public async Task TheTraceId_CrossesTheGateway()
    {
        var traceId = ActivityTraceId.CreateRandom();
        var parent = ActivitySpanId.CreateRandom();
        using var client = backends.Gateway.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/actors");
        request.Headers.Add("traceparent", $"00-{traceId}-{parent}-01");

        using var response = await client.SendAsync(request);
        var seen = await response.Content.ReadFromJsonAsync<Seen>();

        var forwarded = seen!.TraceParent!.Split('-');
        Assert.Equal(traceId.ToHexString(), forwarded[1]);
        // The service's parent is the gateway's own span, a child of the caller's.
        Assert.NotEqual(parent.ToHexString(), forwarded[2]);
    }

    [Fact]
    public async Task OneOpenApiDocument_HoldsEveryServicesPaths_AndKeepsSchemasApart()
    {
        using var client = backends.Gateway.CreateClient();

        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        using var reference = await client.GetAsync("/scalar");

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(["/api/actors/things", "/api/funding/things", "/api/labelling/things", "/api/networks/things"], paths.Order());
        var schemas = document.GetProperty("components").GetProperty("schemas");
        Assert.True(schemas.TryGetProperty("Thing", out _));
        var renamed = schemas.GetProperty("FundingThing");
        Assert.True(renamed.GetProperty("properties").TryGetProperty("count", out _));
        Assert.Equal("#/components/schemas/FundingThing", document.GetProperty("paths").GetProperty("/api/funding/things")
            .GetProperty("get").GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json")
            .GetProperty("schema").GetProperty("$ref").GetString());
        Assert.Equal("bearer", document.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer").GetProperty("scheme").GetString());
        Assert.Equal(HttpStatusCode.OK, reference.StatusCode);
    }

    [Fact]
    public void Merge_GivesAnOperationIdTakenByAnEarlierService_TheLaterServicesName()
    {
        static JsonObject Document(string path, string operationId) => new()
        {
            ["openapi"] = "3.1.1",
            ["paths"] = new JsonObject { [path] = new JsonObject { ["get"] = new JsonObject { ["operationId"] = operationId } } },
        };

        var merged = CombinedOpenApi.Merge([
            ("Funding", Document("/api/funding/programmes/{id}", "GetProgramme")),
            ("IncubatorNetworks", Document("/api/networks/{networkId}/programmes/{programmeRef}", "GetProgramme")),
            ("Labelling", Document("/api/labelling/schemes/{id}", "GetScheme")),
        ]);

        string? OperationId(string path) => (string?)merged["paths"]![path]!["get"]!["operationId"];
        Assert.Equal("GetProgramme", OperationId("/api/funding/programmes/{id}"));
        Assert.Equal("IncubatorNetworksGetProgramme", OperationId("/api/networks/{networkId}/programmes/{programmeRef}"));
        Assert.Equal("GetScheme", OperationId("/api/labelling/schemes/{id}"));
    }

    [Fact]
    public async Task Answers_CarrySecurityHeaders_AndCorsOnlyForConfiguredOrigins()
    {
        using var client = backends.Gateway.CreateClient();
        using var allowed = new HttpRequestMessage(HttpMethod.Options, "/api/actors");
        allowed.Headers.Add("Origin", "https://portail.example.org");
        allowed.Headers.Add("Access-Control-Request-Method", "POST");
        allowed.Headers.Add("Access-Control-Request-Headers", "authorization,content-type,if-match");
        using var other = new HttpRequestMessage(HttpMethod.Options, "/api/actors");
        other.Headers.Add("Origin", "https://ailleurs.example.com");
        other.Headers.Add("Access-Control-Request-Method", "POST");

        using var api = await client.GetAsync("/api/actors");
        using var preflight = await client.SendAsync(allowed);
        using var refused = await client.SendAsync(other);

        Assert.Equal("nosniff", api.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", api.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("no-referrer", api.Headers.GetValues("Referrer-Policy").Single());
        Assert.Contains("default-src 'none'", api.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("https://portail.example.org", preflight.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.False(refused.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/territoire/departement/24")]
    public async Task APortalPage_CarriesOneFrameOptions_AndThePortalsOwnScriptPolicy(string path)
    {
        using var client = backends.Gateway.CreateClient();

        using var page = await client.GetAsync(path);

        Assert.Equal("portal", (await page.Content.ReadFromJsonAsync<Seen>())!.Service);
        // The portal said SAMEORIGIN, the gateway DENY: one header, the stricter answer.
        Assert.Equal("DENY", Assert.Single(page.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("nosniff", Assert.Single(page.Headers.GetValues("X-Content-Type-Options")));
        // The page's policy, once, untouched: the gateway's own would forbid nothing the page runs.
        Assert.Equal(Backends.PortalPolicy, Assert.Single(page.Headers.GetValues("Content-Security-Policy")));
    }

    [Fact]
    public async Task ABodyOverTheLimit_Is413_AndNeverForwarded()
    {
        using var client = backends.Gateway.CreateClient();

        using var small = await client.PostAsync("/api/actors/imports", new ByteArrayContent(new byte[1000]));
        using var large = await client.PostAsync("/api/actors/imports", new ByteArrayContent(new byte[1025]));

        Assert.Equal(HttpStatusCode.OK, small.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, large.StatusCode);
        Assert.Equal("application/problem+json", large.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task BeyondTheLimitPerClient_Answers429WithRetryAfter()
    {
        await using var gateway = backends.CreateGateway(new Dictionary<string, string>
        {
            ["RateLimiting:PermitLimit"] = "2",
            ["RateLimiting:WindowSeconds"] = "30",
        });
        using var client = gateway.CreateClient();

        using var first = await client.GetAsync("/api/labelling/register");
        using var second = await client.GetAsync("/api/labelling/register");
        using var third = await client.GetAsync("/api/labelling/register");
        using var health = await client.GetAsync("/alive");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.Equal("application/problem+json", third.Content.Headers.ContentType?.MediaType);
        Assert.InRange(third.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, 1, 30);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }
}
