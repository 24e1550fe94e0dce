using SocialTech.Testing;

namespace SocialTech.Labelling.Tests;

/// <summary>Every Labelling endpoint, fed hostile input from its own OpenAPI description, answers below 500,
/// and a request it rejects (4xx) leaves the event log and the documents exactly as they were.</summary>
public sealed class FuzzTests(LabellingService labelling) : IClassFixture<LabellingService>
{
    [Fact]
    public async Task EveryEndpoint_WithHostileInput_NeverAnswers5xx_NorChangesStateWhenRejected()
    {
        // Existing ids lead the fuzzer past "not found" into the decide functions: schemes of both modes, a campaign,
        // applications drafted and under instruction, and a granted label.
        var obtention = await labelling.PublishSchemeAsync("obtention", silenceDays: 30);
        var openBrand = await labelling.PublishSchemeAsync("open-brand", labels: "organisation");
        var campaign = await labelling.PlanCampaignAsync(obtention);
        var (drafted, _, _) = await labelling.DraftTerritoryAsync(obtention, campaign);
        var (instructed, etag, _) = await labelling.DraftTerritoryAsync(obtention, campaign);
        (etag, _) = await labelling.StepAsync($"/api/labelling/applications/{instructed}/submission", null, etag);
        (etag, _) = await labelling.StepAsync($"/api/labelling/applications/{instructed}/admissibility", new { admissible = true }, etag);
        await labelling.StepAsync($"/api/labelling/applications/{instructed}/instruction", null, etag);
        var (charter, charterTag, _) = await labelling.CreateAsync("/api/labelling/applications", new
        {
            schemeId = openBrand, holder = new { id = Guid.CreateVersion7() }, evidence = new[] { new { criterionCode = "C1", reference = "Nous déclarons." } },
        });
        var (_, granted) = await labelling.StepAsync($"/api/labelling/applications/{charter}/charter-signature",
            new { signatory = "la présidente", signedOn = "2026-03-01", declaresCriteriaMet = true }, charterTag);
        var label = granted.GetProperty("labelId").GetGuid();

        var fuzzer = new OpenApiFuzzer(labelling.Client, maxRequestsPerOperation: 150,
            state: () => EventStoreState.FingerprintAsync(labelling.DatabaseConnectionString));
        var failures = await fuzzer.RunAsync(new Dictionary<string, string[]>
        {
            ["id"] = [obtention.ToString(), openBrand.ToString(), campaign.ToString(), drafted.ToString(), instructed.ToString(), charter.ToString(), label.ToString()],
        });

        Assert.True(fuzzer.RequestsSent > 500, $"only {fuzzer.RequestsSent} requests were sent");
        Assert.True(fuzzer.RejectionsChecked > fuzzer.RequestsSent / 2, $"only {fuzzer.RejectionsChecked} of {fuzzer.RequestsSent} requests were rejections checked for state changes");
        Assert.True(failures.Count == 0, $"{failures.Count} of {fuzzer.RequestsSent} requests answered 5xx or changed state when rejected:\n{OpenApiFuzzer.Describe(failures)}");
    }
}
