using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SocialTech.Testing;

namespace SocialTech.Platform.Tests;

/// <summary>Stopping the broker is felt by every test running at the time: these run alone.</summary>
[CollectionDefinition(nameof(BrokerOutage), DisableParallelization = true)]
public sealed class BrokerOutage;

[Collection(nameof(BrokerOutage))]
public sealed class BrokerOutageTests(ActorsAndFunding platform) : IClassFixture<ActorsAndFunding>
{
    [Fact]
    public async Task BrokerStoppedDuringWrite_WriteSucceedsAndNothingIsLost()
    {
        var actors = platform.Actors.CreateClient();
        var funding = platform.Funding.CreateClient();
        var ids = new List<Guid>();

        await platform.Servers.RabbitMqCtlAsync("stop_app");
        try
        {
            // Writes go to the event log only: the broker being down does not fail them.
            for (var i = 0; i < 5; i++)
            {
                ids.Add(await ActorsAndFunding.RegisterActorAsync(actors, $"Association pendant la panne {i}"));
            }

            await Eventually.TrueAsync(async () => await ActorsAndFunding.HealthOfAsync(actors) == "Degraded",
                "Actors to report Degraded while the broker is down");
            using var health = await actors.GetAsync(new Uri("/health", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }
        finally
        {
            await platform.Servers.RabbitMqCtlAsync("start_app");
        }

        foreach (var id in ids)
        {
            await Eventually.TrueAsync(async () =>
            {
                using var response = await funding.GetAsync(new Uri($"/api/funding/actors/{id}", UriKind.Relative));
                return response.StatusCode == HttpStatusCode.OK;
            }, $"actor {id} to reach Funding after the broker restarted");
        }

        await Eventually.TrueAsync(async () => await ActorsAndFunding.HealthOfAsync(actors) == "Healthy", "Actors to be Healthy again");
        var list = await funding.GetFromJsonAsync<JsonElement>(new Uri("/api/funding/actors?pageSize=500", UriKind.Relative));
        Assert.Equal(ids.Count, list.GetProperty("items").EnumerateArray().Count(a => a.GetProperty("name").GetString()!.StartsWith("Association pendant la panne", StringComparison.Ordinal)));
    }
}
