using System.Net.Http.Json;
using System.Text.Json;
using Marten;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using SocialTech.Actors.Organisations.LinkingVentures;
using SocialTech.BuildingBlocks.EventStore;
using SocialTech.IncubatorNetworks.Contracts;
using SocialTech.Testing;

namespace SocialTech.Actors.Tests.Organisations;

/// <summary>
/// IncubatorNetworks' VentureIncorporated over real RabbitMQ: the venture is linked to the actor holding its SIREN,
/// or the actor is registered when the SIREN is new; a redelivery or a second message about the venture changes nothing.
/// </summary>
public sealed class VentureIncorporatedTests(ActorsService actors) : IClassFixture<ActorsService>
{
    private static VentureIncorporated Incorporated(Guid ventureId, string siren, string name, string? commune = "24352") =>
        new(Guid.CreateVersion7(), ventureId, 3, "V-17", name, siren, commune, new DateOnly(2026, 3, 2));

    private async Task PublishAsync(VentureIncorporated message, Guid messageId)
    {
        await Eventually.TrueAsync(async () =>
        {
            using var health = await actors.Client.GetAsync("/health");
            using var report = JsonDocument.Parse(await health.Content.ReadAsStringAsync());
            return report.RootElement.GetProperty("entries").GetProperty("messaging").GetProperty("status").GetString() == "Healthy";
        }, "the bus to connect");
        await actors.Host.Services.GetRequiredService<IBus>().Publish(message, context => context.MessageId = messageId);
    }

    /// <summary>How many of these messages the consumer has recorded as handled (ids as <see cref="ProcessedMessageExtensions.IdOf"/> makes them).</summary>
    private async Task<int> ProcessedAsync(IEnumerable<Guid> messageIds)
    {
        await using var session = actors.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var ids = messageIds.Select(id => $"{nameof(VentureIncorporatedConsumer)}/{id:N}").ToArray();
        return (await session.LoadManyAsync<ProcessedMessage>(ids)).Count;
    }

    private async Task<JsonElement> ActorAsync(Guid id) => await actors.Client.GetFromJsonAsync<JsonElement>($"/api/actors/{id}");

    [Fact]
    public async Task AKnownSiren_GetsTheVentureLinked_Once()
    {
        var (actorId, _) = await actors.RegisterAsync("Recyclerie du Pays Ribéracois", commune: "24352", siren: "842137507", kind: "scic");
        var ventureId = Guid.CreateVersion7();
        var message = Incorporated(ventureId, "842 137 507", "Recyclerie");
        var messageId = Guid.NewGuid();

        await PublishAsync(message, messageId);
        await PublishAsync(message, messageId);
        // Another copy with another message id (the network republished): the venture is already linked.
        var republished = Guid.NewGuid();
        await PublishAsync(message, republished);
        var marker = Incorporated(Guid.CreateVersion7(), "842137507", "Second projet");
        var markerId = Guid.NewGuid();
        await PublishAsync(marker, markerId);

        // Messages are consumed concurrently, so the marker's link does not say the copies were handled: their
        // processed-message records do (the redelivery under the same id leaves none of its own).
        await Eventually.TrueAsync(async () => await ProcessedAsync([messageId, republished, markerId]) == 3, "the copies and the marker handled");
        var actor = await Eventually.GetAsync<JsonElement?>(async () => await ActorAsync(actorId) is var a && a.GetProperty("ventures").GetArrayLength() == 2 ? a : null,
            "the second venture linked after the copies of the first");
        var ventures = actor!.Value.GetProperty("ventures").EnumerateArray().ToArray();
        // Messages are consumed concurrently: the two ventures may be linked in either order.
        Assert.Equal(new[] { ventureId, marker.VentureId }.Order(), ventures.Select(v => v.GetProperty("ventureId").GetGuid()).Order());
        Assert.Equal(message.NetworkId, ventures.Single(v => v.GetProperty("ventureId").GetGuid() == ventureId).GetProperty("networkId").GetGuid());
        Assert.Equal("Recyclerie du Pays Ribéracois", actor.Value.GetProperty("name").GetString());
        Assert.Equal(3, actor.Value.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task ANewSiren_AtAnArrondissement_IsRegisteredAtItsCommune()
    {
        // What a network published before every service read arrondissements alike: Lyon 1er (69381), whose
        // commune is Lyon (COMPARENT 69123 in INSEE's v_commune_2025.csv). Such messages went to the error queue.
        var message = Incorporated(Guid.CreateVersion7(), "693810004", "Atelier des Pentes", commune: "69381");
        var messageId = Guid.NewGuid();

        await PublishAsync(message, messageId);

        await Eventually.TrueAsync(async () => await ProcessedAsync([messageId]) == 1, "the message handled");
        var found = await actors.Client.GetFromJsonAsync<JsonElement>("/api/actors?q=Atelier des Pentes");
        var actor = Assert.Single(found.GetProperty("items").EnumerateArray());
        Assert.Equal("693810004", actor.GetProperty("identifiers").GetProperty("siren").GetString());
        Assert.Equal("69123", actor.GetProperty("headOffice").GetProperty("code").GetString());
    }

    [Fact]
    public async Task ANewSiren_RegistersTheOrganisation_WithTheVentureLinked()
    {
        var message = Incorporated(Guid.CreateVersion7(), "913578647", "Épicerie solidaire de Nontron", commune: "24311");
        var copies = new[] { Guid.NewGuid(), Guid.NewGuid() };

        await PublishAsync(message, copies[0]);
        await PublishAsync(message, copies[1]);

        var found = await Eventually.GetAsync<JsonElement?>(async () =>
        {
            var page = await actors.Client.GetFromJsonAsync<JsonElement>("/api/actors?q=epicerie solidaire de nontron");
            return page.GetProperty("items").GetArrayLength() > 0 ? page : null;
        }, "the organisation registered from the venture");
        var item = Assert.Single(found!.Value.GetProperty("items").EnumerateArray());
        var actor = await ActorAsync(item.GetProperty("id").GetGuid());
        Assert.Equal("913578647", actor.GetProperty("identifiers").GetProperty("siren").GetString());
        Assert.Equal("24311", actor.GetProperty("headOffice").GetProperty("code").GetString());
        Assert.Equal(["social-enterprise"], actor.GetProperty("kinds").EnumerateArray().Select(k => k.GetString()));

        // The second copy found the actor the first registered: one actor, one link. Both copies have been handled once
        // their processed-message records exist (written in the same transaction as their effect; the consumer handles
        // messages concurrently, so no later message would tell).
        await Eventually.TrueAsync(async () => await ProcessedAsync(copies) == copies.Length, "both copies handled");
        var again = await ActorAsync(item.GetProperty("id").GetGuid());
        Assert.Equal(message.VentureId, Assert.Single(again.GetProperty("ventures").EnumerateArray()).GetProperty("ventureId").GetGuid());
    }
}
