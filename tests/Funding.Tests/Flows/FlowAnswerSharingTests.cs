using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using SocialTech.Funding.Flows.Caching;
using SocialTech.Testing;

namespace SocialTech.Funding.Tests.Flows;

/// <summary>
/// Runs alone (no other test class at the same time): it counts the process's <c>socialtech.flows.answers</c>
/// measurements, which another class's flow queries would add to.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FlowAnswerMetricsAlone
{
    public const string Name = "flow answer metrics";
}

/// <summary>Identical questions asked together are computed once (docs/adr/0009-flow-answer-cache.md).</summary>
[Collection(FlowAnswerMetricsAlone.Name)]
public sealed class FlowAnswerSharingTests(FundingService funding) : IClassFixture<FundingService>
{
    private const int Together = 16;

    [Fact]
    public async Task IdenticalQuestionsAskedTogether_AreComputedOnce_AndAllGetTheSameAnswer()
    {
        var funder = await funding.SeedActorAsync("Région (together)", "24322", "local-authority");
        await funding.DeclareFunderAsync(funder, "state");
        var recipient = await funding.SeedActorAsync("Coopérative (together)", "24352", "association");
        for (var i = 0; i < 20; i++)
        {
            await funding.CreateAsync("/api/funding/grants", new
            {
                funders = new[] { new { funderId = funder } }, recipientId = recipient, purpose = "Coopérative", amount = 1000m + i,
                plannedStart = "2025-01-01", plannedEnd = "2025-12-31", decisionDate = "2025-03-01",
            });
        }

        await FlowCacheProbe.SettledAsync(funding);
        var uri = $"/api/funding/flows/by-territory?territory=departement:24&level=commune&recipient={recipient}";
        using var answers = new AnswerCounts();

        using var start = new ManualResetEventSlim();
        var requests = Enumerable.Range(0, Together).Select(_ => Task.Run(async () =>
        {
            start.Wait();
            return await FlowCacheProbe.GetAsync(funding, uri);
        })).ToArray();
        start.Set();
        var bodies = await Task.WhenAll(requests);

        // Each answer tagged (GetAsync requires the ETag): concurrent reads do not make each other's version unstable.
        Assert.Single(bodies.Select(b => b.Body).Distinct());
        Assert.Equal(Together, answers.Total);
        Assert.Equal(0, answers.Of(FlowAnswerMetrics.Unstable));
        Assert.Equal(1, answers.Of(FlowAnswerMetrics.Computed));
        Assert.Equal(Together - 1, answers.Of(FlowAnswerMetrics.Shared) + answers.Of(FlowAnswerMetrics.Memory));
    }

    /// <summary>A problem is no answer: not shared as one, not kept, not counted (only answers are, for operators).</summary>
    [Fact]
    public async Task WrongQuestionsAskedTogether_AreEachAProblem_AndNoAnswerIsCounted()
    {
        using var answers = new AnswerCounts();
        var wrong = Enumerable.Range(0, 4).Select(_ => FlowCacheProbe.SendAsync(funding, "/api/funding/flows/by-territory?territory=departement:999"));
        foreach (var response in await Task.WhenAll(wrong))
        {
            using (response)
            {
                Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            }
        }

        Assert.Equal(0, answers.Total);
    }

    /// <summary>The flow answers this process counts while the instance lives, by <c>answered_from</c>.</summary>
    private sealed class AnswerCounts : IDisposable
    {
        private readonly MeterListener listener = new();
        private readonly ConcurrentDictionary<string, int> counts = new(StringComparer.Ordinal);

        public AnswerCounts()
        {
            listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == FlowAnswerMetrics.MeterName && instrument.Name == FlowAnswerMetrics.CounterName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag.Key == FlowAnswerMetrics.SourceTag && tag.Value is string from)
                    {
                        counts.AddOrUpdate(from, (int)value, (_, n) => n + (int)value);
                    }
                }
            });
            listener.Start();
        }

        public int Total => counts.Values.Sum();

        public int Of(string from) => counts.GetValueOrDefault(from);

        public void Dispose() => listener.Dispose();
    }
}
