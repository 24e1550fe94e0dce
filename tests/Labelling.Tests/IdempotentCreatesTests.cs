using SocialTech.Testing;

namespace SocialTech.Labelling.Tests;

/// <summary>
/// Schemes, campaigns and applications created under one Idempotency-Key by attempts in flight at once: one of each
/// is created and every attempt answers it (the losers of the race used to get 409 "already exists").
/// </summary>
public sealed class IdempotentCreatesTests(LabellingService labelling) : IClassFixture<LabellingService>
{
    [Fact]
    public async Task Creates_RetriedConcurrentlyWithOneIdempotencyKey_CreateOne_AndAnswerItToEveryAttempt()
    {
        var run = Guid.NewGuid().ToString("N");
        var scheme = await ConcurrentRetries.AssertOneCreatedAsync(labelling.Client, "/api/labelling/schemes", new
        {
            name = $"Label concurrent {run}", ownerId = Guid.CreateVersion7(), labels = "territorial-collective", mode = "obtention",
            criteria = new object[] { new { code = "C1", wording = "Un collectif d'au moins cinq acteurs", evidence = "liste signée" } },
            validity = new { years = 3 },
        }, $"scheme-{run}");
        var campaign = await ConcurrentRetries.AssertOneCreatedAsync(labelling.Client, "/api/labelling/campaigns", new
        {
            schemeId = scheme, name = "Vague", opensOn = labelling.Today.AddMonths(-2), closesOn = labelling.Today.AddMonths(10),
            eligibleTerritories = new[] { "departement:24" },
        }, $"campaign-{run}");
        await ConcurrentRetries.AssertOneCreatedAsync(labelling.Client, "/api/labelling/applications", new
        {
            schemeId = scheme, campaignId = campaign, holder = new { territory = "departement:24", collective = new[] { Guid.CreateVersion7(), Guid.CreateVersion7() } },
            evidence = new[] { new { criterionCode = "C1", reference = "https://example.org/collectif.pdf" } },
        }, $"application-{run}");
    }
}
