using System.Net.Http.Json;
using System.Text.Json;
using SocialTech.Testing;

namespace SocialTech.Actors.Tests;

/// <summary>Every Actors endpoint, fed hostile input from its own OpenAPI description, answers below 500,
/// and a request it rejects (4xx) leaves the event log and the documents exactly as they were.</summary>
public sealed class FuzzTests(ActorsService actors) : IClassFixture<ActorsService>
{
    [Fact]
    public async Task EveryEndpoint_WithHostileInput_NeverAnswers5xx_NorChangesStateWhenRejected()
    {
        // Existing ids lead the fuzzer past "not found" into the decide functions.
        var (actorId, _) = await actors.RegisterAsync("Cible du fuzzing");
        using var opened = await actors.Client.PostAsJsonAsync("/api/places",
            new { name = "Lieu cible", typologies = new[] { "fablab" }, communeCode = "69123", operatorId = actorId, openedOn = "2024-01-01" });
        var placeId = (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        var fuzzer = new OpenApiFuzzer(actors.Client, maxRequestsPerOperation: 1000,
            state: () => EventStoreState.FingerprintAsync(actors.DatabaseConnectionString));
        var failures = await fuzzer.RunAsync(new Dictionary<string, string[]>
        {
            ["id"] = [actorId.ToString(), placeId],
            ["level"] = ["commune", "departement", "epci", "region"],
            ["code"] = ["69123", "24", "200046977", "84"],
            ["kind"] = ["association", "scic"],
        });

        Assert.True(fuzzer.RequestsSent > 500, $"only {fuzzer.RequestsSent} requests were sent");
        Assert.True(fuzzer.RejectionsChecked > fuzzer.RequestsSent / 2, $"only {fuzzer.RejectionsChecked} of {fuzzer.RequestsSent} requests were rejections checked for state changes");
        Assert.True(failures.Count == 0, $"{failures.Count} of {fuzzer.RequestsSent} requests answered 5xx or changed state when rejected:\n{OpenApiFuzzer.Describe(failures)}");
    }
}
