using System.Net.Http.Json;
using System.Text.Json;
using SocialTech.Testing;

namespace SocialTech.Funding.Tests;

/// <summary>Every Funding endpoint, fed hostile input from its own OpenAPI description, answers below 500,
/// and a request it rejects (4xx) leaves the event log and the documents exactly as they were.</summary>
public sealed class FuzzTests(FundingService funding) : IClassFixture<FundingService>
{
    [Fact]
    public async Task EveryEndpoint_WithHostileInput_NeverAnswers5xx_NorChangesStateWhenRejected()
    {
        // Existing ids lead the fuzzer past "not found" into the decide functions: a programme, an awarded grant
        // and one under agreement (disbursements, closure), and directory actors.
        var funder = await funding.SeedActorAsync("Département de la Dordogne", "24322", "local-authority");
        var recipient = await funding.SeedActorAsync("Cible du fuzzing", "24352", "association");
        var (programmeId, _, _) = await funding.CreateAsync("/api/funding/programmes", new
        {
            name = "Programme cible", funders = new[] { funder }, instructingBodies = new[] { funder }, themes = new[] { "insertion" },
            beneficiaryKinds = new[] { "association" }, aidTypes = new[] { "grant" }, eligibleTerritories = new[] { "departement:24" }, opensOn = "2024-01-01",
        });
        var grant = new
        {
            funders = new[] { new { funderId = funder } }, recipientId = recipient, programmeId, purpose = "Cible", amount = 1000m,
            plannedStart = "2025-01-01", plannedEnd = "2025-12-31", decisionDate = "2025-02-01", beneficiaryCommuneCodes = new[] { "24352", "24322" },
        };
        var (awardedId, _, _) = await funding.CreateAsync("/api/funding/grants", grant);
        var (signedId, etag, _) = await funding.CreateAsync("/api/funding/grants", grant);
        using var sign = FundingService.WithIfMatch(HttpMethod.Post, $"/api/funding/grants/{signedId}/agreement", new { signedOn = "2025-02-02" }, etag);
        using var signed = await funding.Client.SendAsync(sign);
        Assert.True(signed.IsSuccessStatusCode, await signed.Content.ReadAsStringAsync());

        var fuzzer = new OpenApiFuzzer(funding.Client, maxRequestsPerOperation: 400,
            state: () => EventStoreState.FingerprintAsync(funding.DatabaseConnectionString));
        var failures = await fuzzer.RunAsync(new Dictionary<string, string[]>
        {
            ["id"] = [programmeId.ToString(), awardedId.ToString(), signedId.ToString(), funder.ToString()],
        });

        Assert.True(fuzzer.RequestsSent > 500, $"only {fuzzer.RequestsSent} requests were sent");
        Assert.True(fuzzer.RejectionsChecked > fuzzer.RequestsSent / 2, $"only {fuzzer.RejectionsChecked} of {fuzzer.RequestsSent} requests were rejections checked for state changes");
        Assert.True(failures.Count == 0, $"{failures.Count} of {fuzzer.RequestsSent} requests answered 5xx or changed state when rejected:\n{OpenApiFuzzer.Describe(failures)}");
    }
}
