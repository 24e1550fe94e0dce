using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marten;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using SocialTech.BuildingBlocks.EventStore;
using SocialTech.BuildingBlocks.Security;
using SocialTech.Testing;

namespace SocialTech.Actors.Tests.AccessControl;

public sealed class ActorsAccessTests(ActorsService actors) : IClassFixture<ActorsService>
{
    [Fact]
    public async Task EveryWriteEndpoint_FollowsTheAccessMatrix()
    {
        var failures = await AccessMatrix.RunAsync(actors.Host);

        Assert.NotEmpty(AccessMatrix.WriteEndpoints(actors.Host));
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Fact]
    public async Task AWrite_RecordsTheActingPrincipal_InTheEventLog()
    {
        using var asOperator = actors.Host.CreateClientAs(Roles.Operator, subject: "operator:registry-desk");
        using var registered = await asOperator.PostAsJsonAsync("/api/actors", new { name = "Recyclerie de Ribérac", kinds = new[] { "association" }, headOfficeCommuneCode = "24352" });
        var id = (await registered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        await using var session = actors.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var events = await session.Events.FetchStreamAsync(id);

        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        var registration = Assert.Single(events);
        Assert.Equal("operator:registry-desk", registration.UserName);
        Assert.Equal("operator", registration.GetHeader(TracingSessionFactory.ActingRolesHeader)?.ToString());
    }

    [Fact]
    public async Task ABadOrExpiredToken_Is401_AndOpenDataNeedsNone()
    {
        using var anonymous = actors.Host.CreateAnonymousClient();
        using var expired = actors.Host.CreateAnonymousClient();
        expired.DefaultRequestHeaders.Authorization = new("Bearer", TestTokens.Mint(Roles.Operator, lifetime: TimeSpan.FromMinutes(-5)));
        using var forged = actors.Host.CreateAnonymousClient();
        forged.DefaultRequestHeaders.Authorization = new("Bearer", TestTokens.Mint(Roles.Admin, signingKey: Convert.ToBase64String(new byte[32])));
        var body = new { name = "X", kinds = new[] { "association" }, headOfficeCommuneCode = "24352" };

        using var late = await expired.PostAsJsonAsync("/api/actors", body);
        using var fake = await forged.PostAsJsonAsync("/api/actors", body);
        using var search = await anonymous.GetAsync("/api/actors?territory=departement:24");
        using var territory = await anonymous.GetAsync("/api/territories/departement/24");

        Assert.Equal(HttpStatusCode.Unauthorized, late.StatusCode);
        Assert.Equal("application/problem+json", late.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Unauthorized, fake.StatusCode);
        Assert.Equal(HttpStatusCode.OK, search.StatusCode);
        Assert.Equal(HttpStatusCode.OK, territory.StatusCode);
    }

    [Fact]
    public async Task TheDocumentedMintTokenCommand_MintsTokensTheServicesAccept()
    {
        var script = Path.Combine(RepositoryRoot(), "deploy", "local", "mint-token.sh");
        await using var local = actors.Host.WithWebHostBuilder(web => web
            .UseSetting("Auth:Issuer", "socialtech-local")
            .UseSetting("Auth:Audience", "socialtech")
            .UseSetting(EventStoreExtensions.DaemonModeKey, "Disabled"));

        using var asOperator = local.CreateClient();
        asOperator.DefaultRequestHeaders.Authorization = new("Bearer", await MintAsync(script, "--role", "operator", "--ttl", "5m"));
        using var asNetwork = local.CreateClient();
        asNetwork.DefaultRequestHeaders.Authorization = new("Bearer", await MintAsync(script, "--role", "network", "--id", Guid.NewGuid().ToString()));
        var body = new { name = "Ressourcerie de Nontron", kinds = new[] { "association" }, headOfficeCommuneCode = "24352" };

        using var registered = await asOperator.PostAsJsonAsync("/api/actors", body);
        using var refused = await asNetwork.PostAsJsonAsync("/api/actors", body);

        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    private static async Task<string> MintAsync(string script, params string[] arguments)
    {
        var start = new System.Diagnostics.ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["SOCIALTECH_AUTH_SIGNING_KEY"] = TestTokens.SigningKey;
        using var process = System.Diagnostics.Process.Start(start)!;
        var token = await process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, errors);
        return token.Trim();
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "SocialTech.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("SocialTech.sln not found above the test binaries.");
    }

    [Fact]
    public async Task OpenEndpoints_BeyondTheLimitPerClient_Answer429WithRetryAfter()
    {
        await using var limited = actors.Host.WithWebHostBuilder(web => web
            .UseSetting("RateLimiting:PermitLimit", "3")
            .UseSetting("RateLimiting:WindowSeconds", "60")
            .UseSetting(EventStoreExtensions.DaemonModeKey, "Disabled"));
        using var client = limited.CreateClient();
        client.DefaultRequestHeaders.Authorization = null;
        using var anotherClient = limited.CreateClient();
        anotherClient.DefaultRequestHeaders.Authorization = new("Bearer", TestTokens.Mint(Roles.PublicAuthority));

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var ok = await client.GetAsync("/api/territories/departement/24");
            statuses.Add(ok.StatusCode);
        }

        using var refused = await client.GetAsync("/api/territories/departement/24");
        using var other = await anotherClient.GetAsync("/api/territories/departement/24");
        using var health = await client.GetAsync("/alive");

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.InRange(refused.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, 1, 60);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task BehindTheGateway_AnonymousClients_AreCountedByTheAddressItForwards_NeverByOneAnUntrustedCallerSends()
    {
        await using var limited = actors.Host.WithWebHostBuilder(web => web
            .UseSetting("RateLimiting:PermitLimit", "2")
            .UseSetting("RateLimiting:WindowSeconds", "60")
            .UseSetting(EventStoreExtensions.DaemonModeKey, "Disabled"));
        var gateway = System.Net.IPAddress.Loopback;
        var stranger = System.Net.IPAddress.Parse("198.51.100.9");

        async Task<int> GetAsync(System.Net.IPAddress from, string forwardedFor)
        {
            var context = await limited.Server.SendAsync(c =>
            {
                c.Request.Method = "GET";
                c.Request.Path = "/api/territories/departement/24";
                c.Connection.RemoteIpAddress = from;
                c.Request.Headers["X-Forwarded-For"] = forwardedFor;
            });
            return context.Response.StatusCode;
        }

        // Through the gateway: each client its own partition.
        int[] first = [await GetAsync(gateway, "203.0.113.1"), await GetAsync(gateway, "203.0.113.1"), await GetAsync(gateway, "203.0.113.1")];
        var second = await GetAsync(gateway, "203.0.113.2");

        // Straight from an untrusted address: the header it sends is ignored, so changing it buys no new permits.
        int[] direct = [await GetAsync(stranger, "192.0.2.1"), await GetAsync(stranger, "192.0.2.2"), await GetAsync(stranger, "192.0.2.3")];

        Assert.Equal([200, 200, 429], first);
        Assert.Equal(200, second);
        Assert.Equal([200, 200, 429], direct);
    }

    /// <summary>JSON in another charset than UTF-8 is refused before authorization and binding, as in every service.</summary>
    [Fact]
    public async Task ARegistrationInUtf16_IsRefusedWith415()
    {
        using var asOperator = actors.Host.CreateClientAs(Roles.Operator);

        using var answer = await asOperator.SendAsync(HostileBodies.Encoded(HttpMethod.Post, "/api/actors",
            new { name = "Recyclerie de Ribérac", kinds = new[] { "association" }, headOfficeCommuneCode = "24352" }, "utf-16"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, answer.StatusCode);
        Assert.Equal("Content-Type", (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Single().Name);
    }

    /// <summary>Issue 16.2 in Actors: two operators sending one Idempotency-Key register two actors; each retry replays its own.</summary>
    [Fact]
    public async Task AnIdempotencyKey_IsTheCallersOwn_AndStillReplaysForIt()
    {
        using var asFirst = actors.Host.CreateClientAs(Roles.Operator, subject: "operator:desk-1");
        using var asSecond = actors.Host.CreateClientAs(Roles.Operator, subject: "operator:desk-2");
        var key = $"script-run/{Guid.NewGuid():N}";
        object Body(string name) => new { name, kinds = new[] { "association" }, headOfficeCommuneCode = "24352" };

        using var firstCreates = await asFirst.SendAsync(HostileBodies.Keyed("/api/actors", Body("Recyclerie de Ribérac"), key));
        using var secondCreates = await asSecond.SendAsync(HostileBodies.Keyed("/api/actors", Body("Atelier vélo de Mussidan"), key));
        using var firstRetries = await asFirst.SendAsync(HostileBodies.Keyed("/api/actors", Body("Recyclerie de Ribérac"), key));
        using var firstPlace = await asFirst.SendAsync(HostileBodies.Keyed("/api/places", new { name = "Tiers-lieu", typologies = new[] { "coworking" }, communeCode = "24352", operatorId = Guid.Empty, openedOn = "2024-01-01" }, key));
        var first = await firstCreates.Content.ReadFromJsonAsync<JsonElement>();
        var secondActor = await secondCreates.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.Created, firstCreates.StatusCode);
        Assert.Equal(HttpStatusCode.Created, secondCreates.StatusCode);
        Assert.Equal("Atelier vélo de Mussidan", secondActor.GetProperty("name").GetString());
        Assert.NotEqual(first.GetProperty("id").GetGuid(), secondActor.GetProperty("id").GetGuid());
        Assert.Equal(HttpStatusCode.OK, firstRetries.StatusCode);
        Assert.Equal(first.GetProperty("id").GetGuid(), (await firstRetries.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
        // The same key for a place names no actor: a 400 for the unknown operator, not the actor replayed.
        Assert.Equal(HttpStatusCode.BadRequest, firstPlace.StatusCode);
    }

}
