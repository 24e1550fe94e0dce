using System.Net.Http.Json;
using System.Text.Json;
using SocialTech.Testing;
using Xunit.Abstractions;

namespace SocialTech.Funding.Tests;

/// <summary>Every Funding operation, as every kind of caller, fed generated and hostile input from its own OpenAPI
/// document (<see cref="OpenApiFuzzer"/>: FUZZ_SECONDS, FUZZ_SEED).</summary>
public sealed class FuzzTests(FundingService funding, ITestOutputHelper output) : IClassFixture<FundingService>
{
    [Fact]
    public async Task EveryOperation_AsEveryCaller_AnswersAsDocumented_AndChangesNothingWhenItRefuses()
    {
        // Existing ids lead the fuzzer past "not found" into the decide functions: a programme, an awarded grant
        // and one under agreement (disbursements, closure), and directory actors.
        var funder = await funding.SeedActorAsync("Département de la Dordogne", "24322", "local-authority");
        await funding.DeclareFunderAsync(funder, "state");
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

        var fuzzer = new OpenApiFuzzer(funding.Client, OpenApiFuzzer.CallersOf(funding.Host, funder: funder),
            state: () => EventStoreState.FingerprintAsync(funding.DatabaseConnectionString));
        await fuzzer.AssertCleanAsync(output.WriteLine, new Dictionary<string, string[]>
        {
            ["id"] = [programmeId.ToString(), awardedId.ToString(), signedId.ToString(), funder.ToString(), recipient.ToString()],
            ["funderId"] = [funder.ToString()],
        });
    }
}
