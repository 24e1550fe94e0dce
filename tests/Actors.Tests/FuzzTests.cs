using System.Net.Http.Json;
using System.Text.Json;
using SocialTech.Testing;
using Xunit.Abstractions;

namespace SocialTech.Actors.Tests;

/// <summary>Every Actors operation, as every kind of caller, fed generated and hostile input from its own OpenAPI
/// document (<see cref="OpenApiFuzzer"/>: FUZZ_SECONDS, FUZZ_SEED).</summary>
public sealed class FuzzTests(ActorsService actors, ITestOutputHelper output) : IClassFixture<ActorsService>
{
    [Fact]
    public async Task EveryOperation_AsEveryCaller_AnswersAsDocumented_AndChangesNothingWhenItRefuses()
    {
        // Existing ids lead the fuzzer past "not found" into the decide functions.
        var (actorId, _) = await actors.RegisterAsync("Cible du fuzzing");
        var (ceasedId, _) = await actors.RegisterAsync("Cible cessée");
        using var opened = await actors.Client.PostAsJsonAsync("/api/places",
            new { name = "Lieu cible", typologies = new[] { "fablab" }, communeCode = "69123", operatorId = actorId, openedOn = "2024-01-01" });
        var placeId = (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        var fuzzer = new OpenApiFuzzer(actors.Client, OpenApiFuzzer.CallersOf(actors.Host, funder: actorId, labelOwner: actorId),
            state: () => EventStoreState.FingerprintAsync(actors.DatabaseConnectionString));
        await fuzzer.AssertCleanAsync(output.WriteLine, new Dictionary<string, string[]>
        {
            ["id"] = [actorId.ToString(), ceasedId.ToString(), placeId],
            ["level"] = ["commune", "departement", "epci", "region"],
            ["code"] = ["69123", "24", "200046977", "84", "24352"],
            ["kind"] = ["association", "scic"],
        });
    }
}
