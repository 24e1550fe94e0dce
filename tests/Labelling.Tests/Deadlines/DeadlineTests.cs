using System.Net.Http.Json;
using System.Text.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using SocialTech.Labelling.Applications;
using SocialTech.Labelling.Deadlines;
using SocialTech.Labelling.Labels;
using SocialTech.Testing;

namespace SocialTech.Labelling.Tests.Deadlines;

/// <summary>
/// Deemed acceptance and expiry, with nobody acting: once, on time, and across a restart of the service. The
/// clock is a fake that only moves when a test moves it, so "before the due time" is exact.
/// </summary>
public sealed class DeadlineTests(LabellingService labelling) : IClassFixture<LabellingService>
{
    private const string Applications = "/api/labelling/applications";

    [Fact]
    public async Task SilenceDelay_GrantsOnceAndOnTime_ThenTheLabelExpiresOnceAtTheEndOfItsValidity()
    {
        var scheme = await labelling.PublishSchemeAsync("obtention", silenceDays: 30, validity: new { years = 1 });
        var (id, etag, _) = await labelling.DraftTerritoryAsync(scheme, await labelling.PlanCampaignAsync(scheme));
        var (_, submitted) = await labelling.StepAsync($"{Applications}/{id}/submission", null, etag);
        var due = submitted.GetProperty("silenceRunsUntil").GetDateTimeOffset();
        var watcher = labelling.Host.Services.GetRequiredService<DeadlineWatcher>();

        labelling.Clock.SetUtcNow(due.AddSeconds(-1));
        await watcher.PollOnceAsync();
        var before = await StatusAsync(id);
        labelling.Clock.SetUtcNow(due);
        await watcher.PollOnceAsync();
        await watcher.PollOnceAsync();
        var after = await labelling.Client.GetFromJsonAsync<JsonElement>($"{Applications}/{id}");
        var labelId = after.GetProperty("labelId").GetGuid();

        var validUntil = DateOnly.Parse((await labelling.Client.GetFromJsonAsync<JsonElement>($"/api/labelling/labels/{labelId}")).GetProperty("validUntil").GetString()!,
            System.Globalization.CultureInfo.InvariantCulture);
        var expiresAt = new DateTimeOffset(validUntil.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        labelling.Clock.SetUtcNow(expiresAt.AddSeconds(-1));
        await watcher.PollOnceAsync();
        var lastDay = await labelling.Client.GetFromJsonAsync<JsonElement>($"/api/labelling/labels/{labelId}");
        labelling.Clock.SetUtcNow(expiresAt);
        await watcher.PollOnceAsync();
        await watcher.PollOnceAsync();
        var expired = await labelling.Client.GetFromJsonAsync<JsonElement>($"/api/labelling/labels/{labelId}");

        Assert.Equal("submitted", before);
        Assert.Equal(("granted", "silence"), (after.GetProperty("status").GetString(), after.GetProperty("grantedBy").GetString()));
        Assert.Equal(DateOnly.FromDateTime(due.UtcDateTime).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), after.GetProperty("decidedOn").GetString());
        Assert.Equal(DateOnly.FromDateTime(due.UtcDateTime).AddYears(1).AddDays(-1), validUntil);
        Assert.Equal("active", lastDay.GetProperty("status").GetString());
        Assert.Equal("expired", expired.GetProperty("status").GetString());
        Assert.Equal(["granted", "expired"], expired.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("what").GetString()));
        Assert.Equal((1, 1), (await CountAsync<ApplicationGranted>(id), await CountAsync<LabelExpired>(labelId)));
        Assert.Empty(await DeadlinesOfAsync(id, labelId));
    }

    [Fact]
    public async Task SilenceDelay_PassingWhileTheServiceIsDown_GrantsAtTheFirstPollOfTheNextHost()
    {
        var scheme = await labelling.PublishSchemeAsync("obtention", silenceDays: 10);
        var (id, etag, _) = await labelling.DraftTerritoryAsync(scheme, await labelling.PlanCampaignAsync(scheme));
        var (_, submitted) = await labelling.StepAsync($"{Applications}/{id}/submission", null, etag);
        var due = submitted.GetProperty("silenceRunsUntil").GetDateTimeOffset();

        await labelling.RestartAsync(whileStopped: () => labelling.Clock.SetUtcNow(due.AddHours(1)));

        // Nobody polls by hand here: the new host's watcher polls at start-up.
        var granted = await Eventually.GetAsync(async () =>
        {
            var application = await labelling.Client.GetFromJsonAsync<JsonElement>($"{Applications}/{id}");
            return application.GetProperty("status").GetString() == "granted" ? (JsonElement?)application : null;
        }, "the application deemed accepted after the restart");
        Assert.Equal(DateOnly.FromDateTime(due.UtcDateTime).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), granted!.Value.GetProperty("decidedOn").GetString());
        Assert.Equal(1, await CountAsync<ApplicationGranted>(id));
    }

    [Fact]
    public async Task HumanDecisionBeforeTheDueTime_Wins_AndTheDeadlineIsDropped()
    {
        var scheme = await labelling.PublishSchemeAsync("obtention", silenceDays: 5);
        var (id, etag, _) = await labelling.DraftTerritoryAsync(scheme, await labelling.PlanCampaignAsync(scheme));
        var (afterSubmit, submitted) = await labelling.StepAsync($"{Applications}/{id}/submission", null, etag);
        var due = submitted.GetProperty("silenceRunsUntil").GetDateTimeOffset();
        await labelling.StepAsync($"{Applications}/{id}/admissibility", new { admissible = false, reason = "hors du champ du label" }, afterSubmit);
        var watcher = labelling.Host.Services.GetRequiredService<DeadlineWatcher>();

        labelling.Clock.SetUtcNow(due.AddDays(1));
        await watcher.PollOnceAsync();

        Assert.Equal("inadmissible", await StatusAsync(id));
        Assert.Equal(0, await CountAsync<ApplicationGranted>(id));
        Assert.Empty(await DeadlinesOfAsync(id));
    }

    [Fact]
    public async Task IncompleteFile_StopsTheDelay_SoNothingIsGrantedWhenItWouldHaveRunOut()
    {
        var scheme = await labelling.PublishSchemeAsync("obtention", silenceDays: 5);
        var (id, etag, _) = await labelling.DraftTerritoryAsync(scheme, await labelling.PlanCampaignAsync(scheme));
        var (afterSubmit, submitted) = await labelling.StepAsync($"{Applications}/{id}/submission", null, etag);
        var due = submitted.GetProperty("silenceRunsUntil").GetDateTimeOffset();
        await labelling.StepAsync($"{Applications}/{id}/incompleteness", new { missing = new[] { "budget" } }, afterSubmit);
        var watcher = labelling.Host.Services.GetRequiredService<DeadlineWatcher>();

        labelling.Clock.SetUtcNow(due.AddDays(1));
        await watcher.PollOnceAsync();

        Assert.Equal("incomplete", await StatusAsync(id));
        Assert.Empty(await DeadlinesOfAsync(id));
    }

    /// <summary>
    /// Replicas: every replica that runs the daemon runs a watcher (HotCold: all of them), so the same due deadlines are
    /// polled by several at once. Each watcher here has its own sessions and connections on the same database, as a
    /// replica's would; they poll together twice, and each application must still be granted once and its deadline gone.
    /// </summary>
    [Fact]
    public async Task SeveralReplicasPollingTogether_GrantEachApplicationOnce_AndDropItsDeadline()
    {
        var scheme = await labelling.PublishSchemeAsync("obtention", silenceDays: 20);
        var applications = new List<Guid>();
        var due = DateTimeOffset.MinValue;
        for (var i = 0; i < 5; i++)
        {
            var (id, etag, _) = await labelling.DraftTerritoryAsync(scheme, await labelling.PlanCampaignAsync(scheme));
            var (_, submitted) = await labelling.StepAsync($"{Applications}/{id}/submission", null, etag);
            applications.Add(id);
            due = new[] { due, submitted.GetProperty("silenceRunsUntil").GetDateTimeOffset() }.Max();
        }

        var store = labelling.Host.Services.GetRequiredService<IDocumentStore>();
        var replicas = Enumerable.Range(0, 4)
            .Select(_ => new DeadlineWatcher(store, labelling.Clock, Microsoft.Extensions.Logging.Abstractions.NullLogger<DeadlineWatcher>.Instance))
            .ToList();

        labelling.Clock.SetUtcNow(due);
        for (var round = 0; round < 2; round++)
        {
            await Task.WhenAll(replicas.Select(watcher => Task.Run(() => watcher.PollOnceAsync())));
        }

        foreach (var id in applications)
        {
            Assert.Equal(("granted", 1), (await StatusAsync(id), await CountAsync<ApplicationGranted>(id)));
        }

        Assert.Empty(await DeadlinesOfAsync([.. applications]));
    }

    private async Task<string?> StatusAsync(Guid id) =>
        (await labelling.Client.GetFromJsonAsync<JsonElement>($"{Applications}/{id}")).GetProperty("status").GetString();

    private async Task<int> CountAsync<TEvent>(Guid streamId)
    {
        await using var session = labelling.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return (await session.Events.FetchStreamAsync(streamId)).Count(e => e.Data is TEvent);
    }

    private async Task<IReadOnlyList<Deadline>> DeadlinesOfAsync(params Guid[] streams)
    {
        await using var session = labelling.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return await session.Query<Deadline>().Where(d => d.StreamId.IsOneOf(streams)).ToListAsync();
    }
}
