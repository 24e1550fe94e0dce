using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marten;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using SocialTech.Actors.Contracts;
using SocialTech.Actors.Directory;
using SocialTech.BuildingBlocks.EventStore;
using SocialTech.Testing;

namespace SocialTech.Platform.Tests;

public sealed class EventLogOutboxTests(ActorsAndFunding platform) : IClassFixture<ActorsAndFunding>
{
    [Fact]
    public async Task RegisteredActor_BecomesVisibleInFunding()
    {
        var actorId = await ActorsAndFunding.RegisterActorAsync(platform.Actors.CreateClient(), "Les Ateliers de la Croix-Rousse");

        var funding = platform.Funding.CreateClient();
        var found = await Eventually.GetAsync(async () =>
        {
            using var response = await funding.GetAsync(new Uri($"/api/funding/actors/{actorId}", UriKind.Relative));
            return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadFromJsonAsync<JsonElement?>() : null;
        }, "the actor in Funding's directory");
        var seen = found.GetValueOrDefault();

        Assert.Equal("Les Ateliers de la Croix-Rousse", seen.GetProperty("name").GetString());
        Assert.Equal("69123", seen.GetProperty("headOffice").GetProperty("code").GetString());
        Assert.Equal(1, seen.GetProperty("sourceVersion").GetInt64());
    }

    [Fact]
    public async Task RedeliveredDuplicate_HasNoSecondEffect()
    {
        var bus = platform.Funding.Services.GetRequiredService<IBus>();
        var actorId = Guid.CreateVersion7();
        var messageId = Guid.NewGuid();
        var original = Registration(actorId, 1, "Original name", "24322");

        await bus.Publish(original, context => context.MessageId = messageId);
        var first = await Eventually.GetAsync(() => LoadAsync(actorId), "the first delivery's effect");

        // The same message id again, with a body that would change the entry if it were applied.
        await bus.Publish(original with { Profile = original.Profile with { Name = "Changed by a duplicate" } }, context => context.MessageId = messageId);
        // A marker published after it on the same queue tells when the duplicate has been consumed.
        var markerId = Guid.CreateVersion7();
        await bus.Publish(original with { ActorId = markerId });
        await Eventually.GetAsync(() => LoadAsync(markerId), "the marker behind the duplicate");

        var after = await LoadAsync(actorId);
        Assert.Equal("Original name", after!.Name);
        Assert.Equal(first.UpdatedAt, after.UpdatedAt);

        await using var session = platform.Funding.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var records = await session.Query<ProcessedMessage>().Where(m => m.Id.EndsWith(messageId.ToString("N"))).CountAsync();
        Assert.Equal(1, records);
    }

    [Fact]
    public async Task OlderVersionOfAnActor_DoesNotOverwriteNewerOne()
    {
        var bus = platform.Funding.Services.GetRequiredService<IBus>();
        var actorId = Guid.CreateVersion7();
        var newer = Registration(actorId, 3, "Newer", "75056");

        await bus.Publish(newer);
        await Eventually.GetAsync(() => LoadAsync(actorId), "the newer copy");
        await bus.Publish(newer with { Version = 2, Profile = newer.Profile with { Name = "Older" } });
        var markerId = Guid.CreateVersion7();
        await bus.Publish(newer with { ActorId = markerId });
        await Eventually.GetAsync(() => LoadAsync(markerId), "the marker behind the older copy");

        Assert.Equal("Newer", (await LoadAsync(actorId))!.Name);
    }

    [Fact]
    public async Task OneTrace_SpansRequestAppendPublishConsumeAndWrite()
    {
        var actorId = await ActorsAndFunding.RegisterActorAsync(platform.Actors.CreateClient(), "Tiers-lieu de Ribérac", "24352");
        await Eventually.GetAsync(() => LoadAsync(actorId), "the actor in Funding's directory");

        // Other tests of this class post actors too: start from the outbox span of this actor's stream, then require
        // that its trace also holds this request.
        var publish = await Eventually.GetAsync(() => Task.FromResult(Snapshot().FirstOrDefault(s =>
            s.Source.Name == "SocialTech.Outbox" && Equals(s.GetTagItem("socialtech.stream.id"), actorId))), "the outbox span of this actor");
        var traceId = publish.TraceId;
        // The server span ends, and is exported, when the host is done with the request, which may be after the
        // client has read the response: polled, like the write below.
        await Eventually.TrueAsync(() => Task.FromResult(Snapshot().Any(s => s.TraceId == traceId && s.Source.Name == "Microsoft.AspNetCore"
            && s.Kind == ActivityKind.Server && s.GetTagItem("url.path") is "/api/actors")), "the request's server span in the outbox span's trace",
            TimeSpan.FromSeconds(20));

        // The consumer's write comes last; wait until its span has ended and been exported.
        List<Activity> trace = [];
        try
        {
            await Eventually.TrueAsync(() =>
            {
                trace = Snapshot().Where(s => s.TraceId == traceId).ToList();
                return Task.FromResult(trace.Any(IsFundingWrite));
            }, "Funding's write in the request's trace", TimeSpan.FromSeconds(20));
        }
        catch (TimeoutException)
        {
            Assert.Fail($"No write in Funding within the request's trace. Spans of the trace:\n{Describe()}");
        }

        string Describe() => string.Join("\n", trace.Select(s => $"{s.Source.Name} | {s.Kind} | {s.DisplayName} | {string.Join(",", s.Tags.Select(t => $"{t.Key}={t.Value}"))}"));
        Assert.True(trace.Any(s => IsDatabaseCall(s, "actors") && QueryOf(s).Contains("mt_quick_append_events", StringComparison.Ordinal)), Describe());
        Assert.True(trace.Any(s => s.Source.Name == "SocialTech.Outbox" && s.DisplayName == "outbox publish ActorRegistered"), Describe());
        Assert.True(trace.Any(s => s.Source.Name == "MassTransit" && s.Kind == ActivityKind.Producer), Describe());
        Assert.True(trace.Any(s => s.Source.Name == "MassTransit" && s.Kind == ActivityKind.Consumer), Describe());
        Assert.True(trace.Any(IsFundingWrite), Describe());
    }

    private static ActorRegistered Registration(Guid actorId, long version, string name, string commune) => new(
        actorId, version,
        new ActorProfile(name, ["association"], new ActorIdentifiers(null, null, null), null, true, null,
            new CommuneReference(commune, 2025), [], null, null, "active"),
        DateTimeOffset.UtcNow);

    private List<Activity> Snapshot() => platform.Spans.Snapshot();

    private static bool IsDatabaseCall(Activity span, string databasePrefix) =>
        span.Source.Name == "Npgsql"
        && (span.GetTagItem("db.namespace") ?? span.GetTagItem("db.name")) is string db
        && db.StartsWith($"t_{databasePrefix}_", StringComparison.Ordinal);

    private static bool IsFundingWrite(Activity span) =>
        IsDatabaseCall(span, "funding") && QueryOf(span).Contains("insert into funding.mt_doc_directoryactor", StringComparison.Ordinal);

    private static string QueryOf(Activity span) => span.GetTagItem("db.query.text") as string ?? "";

    private async Task<DirectoryActor?> LoadAsync(Guid actorId)
    {
        await using var session = platform.Funding.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return await session.LoadAsync<DirectoryActor>(actorId);
    }
}
