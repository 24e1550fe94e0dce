using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SocialTech.Testing;

namespace SocialTech.Labelling.Tests;

/// <summary>
/// The Labelling service as it runs in production, on a database and a virtual host of its own, shared by one test
/// class, with a clock the tests move: every decision, deadline and poll reads it.
/// </summary>
public sealed class LabellingService() : ServiceUnderTest<LabellingApiEntryPoint>(LabellingEventStore.ConnectionName, "labelling")
{
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    public FakeTimeProvider Clock { get; } = new(Start);

    public DateOnly Today => DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime);

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(Clock);

    public async Task<(Guid Id, string ETag, JsonElement Body)> CreateAsync(string uri, object body)
    {
        using var response = await Client.PostAsJsonAsync(uri, body);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, $"{uri}: {(int)response.StatusCode} {json}");
        return (json.GetProperty("id").GetGuid(), response.Headers.ETag!.ToString(), json);
    }

    /// <summary>Posts a transition with If-Match; returns the response (the caller disposes it).</summary>
    public async Task<HttpResponseMessage> SendAsync(string uri, object? body, string etag)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = JsonContent.Create(body ?? new { }) };
        request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(etag));
        return await Client.SendAsync(request);
    }

    /// <summary>Posts a transition that must succeed, and returns the new ETag and body.</summary>
    public async Task<(string ETag, JsonElement Body)> StepAsync(string uri, object? body, string etag)
    {
        using var response = await SendAsync(uri, body, etag);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, $"{uri}: {(int)response.StatusCode} {json}");
        return (response.Headers.ETag!.ToString(), json);
    }

    public async Task<Guid> PublishSchemeAsync(string mode, string labels = "territorial-collective", int? silenceDays = null, object? validity = null, Guid? ownerId = null) =>
        (await CreateAsync("/api/labelling/schemes", new
        {
            name = $"Label {mode} {Guid.NewGuid():N}", ownerId = ownerId ?? Guid.CreateVersion7(), labels, mode,
            charter = mode == "open-brand" ? "Nous nous engageons à…" : null,
            criteria = new object[] { new { code = "C1", wording = "Un collectif d'au moins cinq acteurs", evidence = "liste signée" } },
            validity = validity ?? new { years = 3 }, silenceMeansAcceptanceDays = silenceDays,
        })).Id;

    public async Task<Guid> PlanCampaignAsync(Guid schemeId, int? maxLaureates = null) =>
        (await CreateAsync("/api/labelling/campaigns", new
        {
            // Open around the clock's today, wherever earlier tests of the class moved it.
            schemeId, name = "Vague", opensOn = Today.AddMonths(-2), closesOn = Today.AddMonths(10), eligibleTerritories = new[] { "departement:24", "epci:200046977" }, maxLaureates,
        })).Id;

    public Task<(Guid Id, string ETag, JsonElement Body)> DraftTerritoryAsync(Guid schemeId, Guid? campaignId, Guid? renews = null, string territory = "departement:24") =>
        CreateAsync("/api/labelling/applications", new
        {
            schemeId, campaignId, holder = new { territory, collective = new[] { Guid.CreateVersion7(), Guid.CreateVersion7() } },
            evidence = new[] { new { criterionCode = "C1", reference = "https://example.org/collectif.pdf" } }, renewsLabelId = renews,
        });

    /// <summary>
    /// Publishes another service's contract on the test class's virtual host, as that service would, once Labelling's
    /// bus is connected (its queues are bound then: a message published before would have no queue to land in).
    /// </summary>
    /// <param name="messageId">A message id to publish under (a redelivery reuses its original's); a new one when left out.</param>
    public async Task PublishAsync<T>(T message, Guid? messageId = null) where T : class
    {
        await Eventually.TrueAsync(async () =>
        {
            using var health = await Client.GetAsync("/health");
            using var report = JsonDocument.Parse(await health.Content.ReadAsStringAsync());
            return report.RootElement.GetProperty("entries").GetProperty("messaging").GetProperty("status").GetString() == "Healthy";
        }, "Labelling's bus to connect");
        await Host.Services.GetRequiredService<IBus>().Publish(message, context => context.MessageId = messageId ?? NewId.NextGuid());
    }

    /// <summary>A 409 problem naming the state the resource is in.</summary>
    public static async Task AssertConflictAsync(HttpResponseMessage response, string currentState)
    {
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.Conflict, $"{(int)response.StatusCode} {problem}");
        Assert.Equal(currentState, problem.GetProperty("currentState").GetString());
    }
}
