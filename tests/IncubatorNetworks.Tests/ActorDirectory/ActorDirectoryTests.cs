using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SocialTech.Actors.Contracts;
using SocialTech.Testing;

namespace SocialTech.IncubatorNetworks.Tests.ActorDirectory;

/// <summary>The directory fed by the actors' contracts over real RabbitMQ, into real PostgreSQL.</summary>
public sealed class ActorDirectoryTests(NetworksService networks) : IClassFixture<NetworksService>
{
    private static ActorProfile Profile(string name, string status = "active") => new(
        name, ["incubator"], new ActorIdentifiers("552100554", null, null), null, true, null, new CommuneReference("69123", 2025),
        [], null, null, status);

    private async Task<JsonElement?> ReadAsync(Guid id)
    {
        using var response = await networks.Client.GetAsync($"/api/networks/actors/{id}");
        return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadFromJsonAsync<JsonElement>() : null;
    }

    private async Task<JsonElement> WaitForAsync(Guid id, Func<JsonElement, bool> condition, string what) =>
        await Eventually.GetAsync<JsonElement?>(async () => await ReadAsync(id) is { } actor && condition(actor) ? actor : null, what)
            ?? default;

    [Fact]
    public async Task Contracts_KeepTheDirectoryInStep_AndAnOlderCopyNeverWins()
    {
        var actorId = Guid.CreateVersion7();
        await networks.PublishAsync(new ActorRegistered(actorId, 1, Profile("Ronalpia"), DateTimeOffset.UtcNow), Guid.NewGuid());
        var registered = await WaitForAsync(actorId, _ => true, "the registration in the directory");
        Assert.Equal("Ronalpia", registered.GetProperty("name").GetString());
        Assert.Equal("active", registered.GetProperty("status").GetString());

        await networks.PublishAsync(new ActorRelocated(actorId, 2, new CommuneReference("69123", 2025), new CommuneReference("69266", 2025),
            DateTimeOffset.UtcNow), Guid.NewGuid());
        await networks.PublishAsync(new ActorCeased(actorId, 3, new DateOnly(2026, 1, 31), "Dissolution"), Guid.NewGuid());
        var ceased = await WaitForAsync(actorId, a => a.GetProperty("status").GetString() == "ceased", "the cessation");
        Assert.Equal("69266", ceased.GetProperty("headOffice").GetProperty("code").GetString());

        // A late copy of version 1 (a redelivery that overtook nothing) must not resurrect the actor; a newer event
        // published after it proves the late one was processed before we look.
        await networks.PublishAsync(new ActorProfileChanged(actorId, 1, Profile("Ronalpia (ancien nom)"), DateTimeOffset.UtcNow), Guid.NewGuid());
        var otherId = Guid.CreateVersion7();
        await networks.PublishAsync(new ActorRegistered(otherId, 1, Profile("Témoin"), DateTimeOffset.UtcNow), Guid.NewGuid());
        await WaitForAsync(otherId, _ => true, "the witness registration");

        var after = await ReadAsync(actorId);
        Assert.Equal("Ronalpia", after!.Value.GetProperty("name").GetString());
        Assert.Equal("ceased", after.Value.GetProperty("status").GetString());
        Assert.Equal(3, after.Value.GetProperty("sourceVersion").GetInt64());
    }

    [Fact]
    public async Task ARedeliveredMessage_HasOneEffect()
    {
        var absorbed = Guid.CreateVersion7();
        var survivor = Guid.CreateVersion7();
        await networks.PublishAsync(new ActorRegistered(absorbed, 1, Profile("Incubateur absorbé"), DateTimeOffset.UtcNow), Guid.NewGuid());
        await WaitForAsync(absorbed, _ => true, "the registration");

        var mergeId = Guid.NewGuid();
        var merged = new ActorsMerged(absorbed, survivor, 2, DateTimeOffset.UtcNow);
        await networks.PublishAsync(merged, mergeId);
        var first = await WaitForAsync(absorbed, a => a.GetProperty("status").GetString() == "merged", "the merge");

        await networks.PublishAsync(merged, mergeId);
        var witness = Guid.CreateVersion7();
        await networks.PublishAsync(new ActorRegistered(witness, 1, Profile("Témoin"), DateTimeOffset.UtcNow), Guid.NewGuid());
        await WaitForAsync(witness, _ => true, "the witness registration");

        var after = await ReadAsync(absorbed);
        Assert.Equal(survivor, after!.Value.GetProperty("mergedInto").GetGuid());
        // The redelivery did not write again: the copy still carries the first delivery's time.
        Assert.Equal(first.GetProperty("updatedAt").GetDateTimeOffset(), after.Value.GetProperty("updatedAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task List_IsPaginated_AndRefusesABadPageSize()
    {
        using var bad = await networks.Client.GetAsync("/api/networks/actors?pageSize=501");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(["pageSize"], await NetworksService.ErrorFieldsAsync(bad));

        await networks.SeedActorAsync("Alter'Incub");
        using var list = await networks.Client.GetAsync("/api/networks/actors?page=1&pageSize=1");
        var page = await list.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.True(page.GetProperty("totalItems").GetInt64() >= 1);
    }
}
