using SocialTech.Testing;
using Xunit.Abstractions;

namespace SocialTech.Labelling.Tests;

/// <summary>Every Labelling operation, as every kind of caller, fed generated and hostile input from its own OpenAPI
/// document (<see cref="OpenApiFuzzer"/>: FUZZ_SECONDS, FUZZ_SEED).</summary>
public sealed class FuzzTests(LabellingService labelling, ITestOutputHelper output) : IClassFixture<LabellingService>
{
    [Fact]
    public async Task EveryOperation_AsEveryCaller_AnswersAsDocumented_AndChangesNothingWhenItRefuses()
    {
        // Existing ids lead the fuzzer past "not found" into the decide functions: schemes of both modes, a campaign,
        // applications drafted and under instruction, and a granted label.
        var owner = Guid.CreateVersion7();
        var obtention = await labelling.PublishSchemeAsync("obtention", silenceDays: 30, ownerId: owner);
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

        var fuzzer = new OpenApiFuzzer(labelling.Client, OpenApiFuzzer.CallersOf(labelling.Host, labelOwner: owner),
            state: () => EventStoreState.FingerprintAsync(labelling.DatabaseConnectionString));
        await fuzzer.AssertCleanAsync(output.WriteLine, new Dictionary<string, string[]>
        {
            ["id"] = [obtention.ToString(), openBrand.ToString(), campaign.ToString(), drafted.ToString(), instructed.ToString(), charter.ToString(), label.ToString()],
        });
    }
}
