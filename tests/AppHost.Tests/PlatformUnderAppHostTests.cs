using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Npgsql;
using SocialTech.Testing;
using Xunit.Abstractions;

namespace SocialTech.AppHost.Tests;

/// <summary>One AppHost for the test class: starting the platform takes a minute or two.</summary>
public sealed class AppHostFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(8);
    private IsolatedVirtualHost? virtualHost;

    /// <summary>Appended to every database name: actorsdb_apphost1a2b3c…</summary>
    public string Suffix { get; } = $"_apphost{Guid.NewGuid():N}"[..17];

    public string DashboardApiKey { get; } = Guid.NewGuid().ToString("N");

    /// <summary>The dashboard's address; the testing builder gives it a port of its own choosing.</summary>
    public Uri Dashboard { get; private set; } = null!;

    public string VirtualHost => virtualHost!.Name;

    public DistributedApplication App { get; private set; } = null!;

    public TimeSpan StartedIn { get; private set; }

    public async Task InitializeAsync()
    {
        var servers = await TestServers.GetAsync();
        virtualHost = await IsolatedVirtualHost.CreateAsync(servers, "apphost");
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.SocialTech_AppHost>(
            [
                "--Platform:Servers=local",
                $"--Platform:DatabaseSuffix={Suffix}",
                $"--Platform:VirtualHost={VirtualHost}",
                "--Platform:DemoData=false",
                "--Platform:GatewayPort=0",
                // The dashboard, with an API key the test knows, so that it can read the traces back.
                "--ASPIRE_ALLOW_UNSECURED_TRANSPORT=true",
                $"--AppHost:DashboardApiKey={DashboardApiKey}",
            ],
            (options, _) => options.DisableDashboard = false);
        App = await builder.BuildAsync();
        using var start = new CancellationTokenSource(StartTimeout);
        var watch = Stopwatch.StartNew();
        await App.StartAsync(start.Token);
        // A resource that fails (servers.sh exiting non-zero, a service that cannot start) leaves the others waiting
        // for ever: stop at the first one, naming it, rather than at the timeout.
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(start.Token);
        var failed = FirstFailureAsync(watching.Token);
        var healthy = App.ResourceNotifications.WaitForResourceHealthyAsync("gateway-api", start.Token);
        if (await Task.WhenAny(failed, healthy) == failed && failed.IsCompletedSuccessfully)
        {
            throw new InvalidOperationException(await failed);
        }

        await healthy;
        await watching.CancelAsync();
        StartedIn = watch.Elapsed;
        Dashboard = App.GetEndpoint("aspire-dashboard", "http");
    }

    private async Task<string> FirstFailureAsync(CancellationToken cancellationToken)
    {
        await foreach (var update in App.ResourceNotifications.WatchAsync(cancellationToken))
        {
            var state = update.Snapshot.State?.Text;
            if (state == KnownResourceStates.FailedToStart
                || (state == KnownResourceStates.Finished || state == KnownResourceStates.Exited) && update.Snapshot.ExitCode is not (null or 0))
            {
                return $"{update.ResourceId} is {state} (exit code {update.Snapshot.ExitCode}); its log is in the test output.";
            }
        }

        return "the AppHost stopped before the gateway was healthy.";
    }

    public async Task DisposeAsync()
    {
        if (App is not null)
        {
            await App.DisposeAsync();
        }

        // The databases and the virtual host were the test's own.
        var servers = await TestServers.GetAsync();
        await using var connection = new NpgsqlConnection(servers.Postgres + ";Database=postgres");
        await connection.OpenAsync();
        foreach (var name in new[] { "actorsdb", "fundingdb", "labellingdb", "networksdb" })
        {
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}{Suffix}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }

        if (virtualHost is not null)
        {
            await virtualHost.DisposeAsync();
        }
    }

}

/// <summary>
/// The platform as an operator runs it: the AppHost starts on this machine's PostgreSQL and RabbitMQ (no container
/// engine here), with databases and a virtual host of the test's own, and the dashboard. A grant awarded through the
/// gateway must come back from the dashboard's telemetry API as one trace across the gateway, Funding (its outbox
/// publish) and Labelling (the consumer that records it); a problem document's traceId must lead to its trace; each
/// service must see only its own connection strings.
/// </summary>
public sealed class PlatformUnderAppHostTests(AppHostFixture platform, ITestOutputHelper output) : IClassFixture<AppHostFixture>
{
    [Fact]
    public async Task AnAwardThroughTheGateway_IsOneTrace_AcrossGatewayFundingAndLabelling()
    {
        output.WriteLine($"AppHost: gateway healthy {platform.StartedIn.TotalSeconds:F0} s after start");
        using var gateway = platform.App.CreateHttpClient("gateway-api");
        gateway.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken());

        var funder = await CreatedIdAsync(gateway, "/api/actors",
            new { name = $"Fondation Trace {platform.Suffix}", kinds = new[] { "foundation" }, headOfficeCommuneCode = "24322" });
        var recipient = await CreatedIdAsync(gateway, "/api/actors",
            new { name = $"Recyclerie Trace {platform.Suffix}", kinds = new[] { "association" }, headOfficeCommuneCode = "24352" });
        // Funding learns actors from the bus.
        await Eventually.TrueAsync(async () => (await gateway.GetAsync($"/api/funding/actors/{recipient}")).StatusCode == HttpStatusCode.OK
            && (await gateway.GetAsync($"/api/funding/actors/{funder}")).StatusCode == HttpStatusCode.OK, "Funding's directory to know both actors", TimeSpan.FromMinutes(2));
        using (var declared = await gateway.PostAsJsonAsync("/api/funding/funders", new { actorId = funder, funderType = "foundation" }))
        {
            Assert.Equal(HttpStatusCode.Created, declared.StatusCode);
        }

        var programme = await CreatedIdAsync(gateway, "/api/funding/programmes", new
        {
            name = $"Programme Trace {platform.Suffix}", funders = new[] { funder }, instructingBodies = new[] { funder }, themes = new[] { "ess" },
            beneficiaryKinds = new[] { "association" }, aidTypes = new[] { "grant" }, eligibleTerritories = new[] { "departement:24" },
            opensOn = "2026-01-01", callForProjects = false, budgetEnvelope = 100000,
        });

        // The test starts the trace itself, so that it knows the id to look up.
        var traceId = ActivityTraceId.CreateRandom();
        var today = DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        using var award = new HttpRequestMessage(HttpMethod.Post, "/api/funding/grants")
        {
            Content = JsonContent.Create(new
            {
                funders = new[] { new { funderId = funder, amount = 12000 } }, recipientId = recipient, programmeId = programme,
                purpose = "Atelier de réparation", amount = 12000, decisionDate = today, plannedStart = today, plannedEnd = today,
            }),
        };
        award.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        using (var awarded = await gateway.SendAsync(award))
        {
            Assert.Equal(HttpStatusCode.Created, awarded.StatusCode);
        }

        // Labelling records the award as a funding fact: its consumer's span closes the story. Each process exports in
        // batches of its own (the outbox may publish from the other Funding replica), so spans arrive in any order:
        // wait for the last of them, then assert on what came.
        var spans = new List<Span>();
        try
        {
            spans = await Eventually.GetAsync(async () =>
            {
                var found = await TraceAsync(traceId.ToHexString());
                return found.Any(s => s.Service == "labelling-api" && s.Kind == SpanKind.Consumer)
                    && found.Any(s => s.Service == "funding-api" && s.Kind == SpanKind.Producer) ? found : null;
            }, "the award's trace to reach Labelling's consumer in the dashboard", TimeSpan.FromMinutes(3));
        }
        catch (TimeoutException)
        {
            spans = await TraceAsync(traceId.ToHexString());
        }

        foreach (var span in spans.OrderBy(s => s.Start))
        {
            output.WriteLine($"{span.Service,-14} {span.Kind,-9} {span.Name}");
        }

        Assert.Superset(new HashSet<string> { "gateway-api", "funding-api", "labelling-api" }, spans.Select(s => s.Service).ToHashSet());
        Assert.Single(spans.Select(s => s.TraceId).Distinct());
        Assert.Contains(spans, s => s.Service == "gateway-api" && s.Kind == SpanKind.Server);
        Assert.Contains(spans, s => s.Service == "funding-api" && s.Kind == SpanKind.Server && s.Name.Contains("/api/funding/grants", StringComparison.Ordinal));
        // The outbox's publish of the award's contract (MassTransit names it after the exchange: ...GrantAwarded send).
        Assert.Contains(spans, s => s.Service == "funding-api" && s.Kind == SpanKind.Producer && s.Name.Contains("GrantAwarded", StringComparison.Ordinal));
        Assert.Contains(spans, s => s.Service == "labelling-api" && s.Kind == SpanKind.Consumer);
    }

    [Fact]
    public async Task AProblemDocumentsTraceId_LeadsToItsTrace_InTheDashboard()
    {
        using var gateway = platform.App.CreateHttpClient("gateway-api");
        gateway.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken());
        using var refused = await gateway.PostAsJsonAsync("/api/funding/grants", new { amount = -1 });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        var traceparent = problem.GetProperty("traceId").GetString()!;
        // W3C form: 00-<trace id>-<span id>-<flags>
        var traceId = traceparent.Split('-')[1];

        var spans = await Eventually.GetAsync(async () =>
        {
            var found = await TraceAsync(traceId);
            return found.Any(s => s.Service == "funding-api") && found.Any(s => s.Service == "gateway-api") ? found : null;
        }, "the refused request's trace in the dashboard", TimeSpan.FromMinutes(2));
        Assert.Contains(spans, s => s.Service == "gateway-api" && s.Kind == SpanKind.Server);
        Assert.Contains(spans, s => s.Service == "funding-api" && s.Kind == SpanKind.Server && s.Name.Contains("/api/funding/grants", StringComparison.Ordinal));
    }

    [Fact]
    public void EachService_SeesOnlyItsOwnConnectionStrings()
    {
        var expected = new Dictionary<string, string[]>
        {
            ["actors-api"] = ["actorsdb", "messaging"],
            ["funding-api"] = ["fundingdb", "messaging"],
            ["labelling-api"] = ["labellingdb", "messaging"],
            ["networks-api"] = ["networksdb", "messaging"],
            ["portal"] = ["messaging"],
            ["gateway-api"] = [],
        };
        var seen = ServiceProcesses().ToList();
        foreach (var (service, connections) in expected)
        {
            var processes = seen.Where(p => p.Service == service).ToList();
            Assert.True(processes.Count > 0, $"no running process of {service} with this test's settings");
            Assert.All(processes, p => Assert.Equal(connections.Order(), p.ConnectionNames.Order()));
        }

        Assert.Equal(2, seen.Count(p => p.Service == "funding-api"));
    }

    /// <summary>Processes of this test's AppHost: their environment names this test's virtual host or databases.</summary>
    private IEnumerable<(string Service, List<string> ConnectionNames)> ServiceProcesses()
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            string[] environment;
            try
            {
                environment = File.ReadAllText(Path.Combine(directory, "environ")).Split('\0');
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            var service = environment.FirstOrDefault(v => v.StartsWith("OTEL_SERVICE_NAME=", StringComparison.Ordinal))?.Split('=', 2)[1];
            var ours = environment.Any(v => v.StartsWith("services__", StringComparison.Ordinal) || v.StartsWith("ConnectionStrings__", StringComparison.Ordinal))
                && environment.Any(v => v.Contains(platform.Suffix, StringComparison.Ordinal) || v.Contains(platform.VirtualHost, StringComparison.Ordinal))
                || service == "gateway-api" && environment.Any(v => v.StartsWith("services__", StringComparison.Ordinal) && GatewayOfThisTest(v));
            // DCP runs projects through `dotnet run`, whose environment the service process inherits: count the service itself.
            var command = File.Exists(Path.Combine(directory, "cmdline")) ? File.ReadAllText(Path.Combine(directory, "cmdline")) : "";
            if (service is null || !ours || command.Contains("dotnet\0run", StringComparison.Ordinal) || command.StartsWith("dotnet\0run", StringComparison.Ordinal))
            {
                continue;
            }

            yield return (service, environment
                .Where(v => v.StartsWith("ConnectionStrings__", StringComparison.Ordinal))
                .Select(v => v["ConnectionStrings__".Length..].Split('=', 2)[0])
                .ToList());
        }
    }

    private bool GatewayOfThisTest(string serviceVariable)
    {
        // The gateway has no connection string: it is this test's when it points at this test's Funding.
        var funding = platform.App.GetEndpoint("funding-api", "http");
        return serviceVariable.Contains($":{funding.Port}", StringComparison.Ordinal);
    }

    private async Task<List<Span>> TraceAsync(string traceId)
    {
        using var dashboard = new HttpClient { BaseAddress = platform.Dashboard };
        dashboard.DefaultRequestHeaders.Add("x-api-key", platform.DashboardApiKey);
        using var response = await dashboard.GetAsync($"/api/telemetry/traces/{traceId}");
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return [];
        }

        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var spans = new List<Span>();
        foreach (var resource in body.GetProperty("data").GetProperty("resourceSpans").EnumerateArray())
        {
            var service = resource.GetProperty("resource").GetProperty("attributes").EnumerateArray()
                .First(a => a.GetProperty("key").GetString() == "service.name").GetProperty("value").GetProperty("stringValue").GetString()!;
            foreach (var scope in resource.GetProperty("scopeSpans").EnumerateArray())
            {
                foreach (var span in scope.GetProperty("spans").EnumerateArray())
                {
                    spans.Add(new Span(service, span.GetProperty("traceId").GetString()!, span.GetProperty("name").GetString()!,
                        (SpanKind)span.GetProperty("kind").GetInt32(), ulong.Parse(span.GetProperty("startTimeUnixNano").GetString()!, System.Globalization.CultureInfo.InvariantCulture),
                        span.TryGetProperty("status", out var status) && status.TryGetProperty("code", out var code) && code.GetInt32() == 2 ? "error" : "ok"));
                }
            }
        }

        return spans;
    }

    private static async Task<Guid> CreatedIdAsync(HttpClient client, string path, object body)
    {
        using var response = await client.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetGuid();
    }

    /// <summary>An admin token signed with the machine's development key, the one the AppHost gives the services.</summary>
    private static string AdminToken()
    {
        var state = Environment.GetEnvironmentVariable("SOCIALTECH_STATE_DIR") ?? "/var/lib/socialtech";
        var file = Path.Combine(state, "auth.env");
        if (!File.Exists(file))
        {
            file = Path.Combine(RepositoryRoot(), "deploy", "local", ".run", "auth.env");
        }

        var key = File.ReadAllLines(file).Select(l => l.Split('=', 2)).First(p => p[0] == "SOCIALTECH_AUTH_SIGNING_KEY")[1].Trim();
        return TestTokens.Mint("admin", subject: "admin:apphost-tests", signingKey: key);
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "SocialTech.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("SocialTech.sln not found above the test's folder.");
    }

    private enum SpanKind
    {
        Unspecified = 0,
        Internal = 1,
        Server = 2,
        Client = 3,
        Producer = 4,
        Consumer = 5,
    }

    private sealed record Span(string Service, string TraceId, string Name, SpanKind Kind, ulong Start, string Status);
}
