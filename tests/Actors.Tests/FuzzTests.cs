using System.Net.Http.Json;
using System.Text.Json;
using SocialTech.Testing;

namespace SocialTech.Actors.Tests;

/// <summary>Every Actors endpoint, fed hostile input from its own OpenAPI description, answers below 500.</summary>
public sealed class FuzzTests(ActorsService actors) : IClassFixture<ActorsService>
{
    [Fact]
    public async Task EveryEndpoint_WithHostileInput_NeverAnswers5xx()
    {
        // Existing ids lead the fuzzer past "not found" into the decide functions.
        var (actorId, _) = await actors.RegisterAsync("Cible du fuzzing");
        using var opened = await actors.Client.PostAsJsonAsync("/api/places",
            new { name = "Lieu cible", typologies = new[] { "fablab" }, communeCode = "69123", operatorId = actorId, openedOn = "2024-01-01" });
        var placeId = (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        var fuzzer = new OpenApiFuzzer(actors.Client, maxRequestsPerOperation: 1000);
        var failures = await fuzzer.RunAsync(new Dictionary<string, string[]>
        {
            ["id"] = [actorId.ToString(), placeId],
            ["level"] = ["commune", "departement", "epci", "region"],
            ["code"] = ["69123", "24", "200046977", "84"],
            ["kind"] = ["association", "scic"],
        });

        Assert.True(fuzzer.RequestsSent > 500, $"only {fuzzer.RequestsSent} requests were sent");
        Assert.True(failures.Count == 0, $"{failures.Count} of {fuzzer.RequestsSent} requests answered 5xx:\n{OpenApiFuzzer.Describe(failures)}");
    }
}
