using Marten;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using SocialTech.Actors.Contracts;
using SocialTech.Funding.Hubs;
using SocialTech.Funding.Places;
using SocialTech.Funding.Relays;
using SocialTech.IncubatorNetworks.Contracts;
using SocialTech.Testing;

namespace SocialTech.Funding.Tests.Maze;

/// <summary>Funding's copies of relay offers and places, fed by Actors' contracts over real RabbitMQ into real PostgreSQL.</summary>
public sealed class RelayCopyTests(FundingService funding) : IClassFixture<FundingService>
{
    private static readonly TerritoryReference[] Riberac = [new("commune", "24352", 2025)];
    private static readonly TerritoryReference[] Dordogne = [new("departement", "24", 2025)];

    private Task PublishAsync<T>(T message, Guid messageId) where T : class =>
        funding.Host.Services.GetRequiredService<IBus>().Publish(message, context => context.MessageId = messageId);

    private async Task<T?> LoadAsync<T>(Guid id) where T : class
    {
        await using var session = funding.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return await session.LoadAsync<T>(id);
    }

    /// <summary>Publishes a declaration of another offer after the messages under test and waits for it: they were consumed before it (one queue, in order).</summary>
    private async Task AfterWitnessAsync()
    {
        var witness = Guid.CreateVersion7();
        await PublishAsync(new RelayOfferDeclared(Guid.CreateVersion7(), witness, 1, ["premises"], ["association"], Riberac, "temoin@example.org", false,
            DateTimeOffset.UtcNow), Guid.NewGuid());
        await Eventually.GetAsync(() => LoadAsync<KnownRelay>(witness), "the witness offer");
    }

    [Fact]
    public async Task AnOlderVersionAfterANewerOne_ChangesNothing_AndAWithdrawalHolds()
    {
        var actor = Guid.CreateVersion7();
        var offer = Guid.CreateVersion7();
        await PublishAsync(new RelayOfferDeclared(actor, offer, 1, ["premises"], ["association"], Riberac, "v1@example.org", false, DateTimeOffset.UtcNow), Guid.NewGuid());
        await PublishAsync(new RelayOfferChanged(actor, offer, 3, ["funding-advice"], ["scic"], Dordogne, "v3@example.org", true, DateTimeOffset.UtcNow, true), Guid.NewGuid());
        // Version 2, late (a redelivery overtaken by version 3).
        await PublishAsync(new RelayOfferChanged(actor, offer, 2, ["training"], ["scop"], Riberac, "v2@example.org", false, DateTimeOffset.UtcNow), Guid.NewGuid());
        await AfterWitnessAsync();

        var copy = await LoadAsync<KnownRelay>(offer);
        Assert.Equal(3, copy!.SourceVersion);
        Assert.Equal("v3@example.org", copy.Mailbox);
        Assert.Equal(["funding-advice"], copy.Supports);
        Assert.Equal(["scic"], copy.ForKinds);
        Assert.Equal(["departement:24"], copy.TerritoryKeys);
        Assert.True(copy.IncludesPlaces);
        Assert.True(copy.IncludesHubs);
        Assert.Equal(KnownRelay.Active, copy.Status);

        await PublishAsync(new RelayOfferWithdrawn(actor, offer, 4, "Fin", DateTimeOffset.UtcNow), Guid.NewGuid());
        // The first declaration again, late: it must not bring the offer back.
        await PublishAsync(new RelayOfferDeclared(actor, offer, 1, ["premises"], ["association"], Riberac, "v1@example.org", false, DateTimeOffset.UtcNow), Guid.NewGuid());
        await AfterWitnessAsync();

        var withdrawn = await LoadAsync<KnownRelay>(offer);
        Assert.Equal(KnownRelay.Withdrawn, withdrawn!.Status);
        Assert.Equal(4, withdrawn.SourceVersion);
        Assert.Equal("v3@example.org", withdrawn.Mailbox);
    }

    [Fact]
    public async Task TheSameMessageTwice_HasOneEffect()
    {
        var actor = Guid.CreateVersion7();
        var offer = Guid.CreateVersion7();
        var messageId = Guid.NewGuid();
        var declared = new RelayOfferDeclared(actor, offer, 1, ["premises"], ["association"], Riberac, "once@example.org", false, DateTimeOffset.UtcNow);
        await PublishAsync(declared, messageId);
        var first = await Eventually.GetAsync(() => LoadAsync<KnownRelay>(offer), "the declaration");

        await PublishAsync(declared, messageId);
        await AfterWitnessAsync();

        var after = await LoadAsync<KnownRelay>(offer);
        // The redelivery wrote nothing: the copy still carries the first delivery's time.
        Assert.Equal(first.UpdatedAt, after!.UpdatedAt);
        Assert.Equal(1, after.SourceVersion);
    }

    [Fact]
    public async Task AWithdrawalSeenFirst_LeavesAWithdrawnRecord_ThatTheDeclarationLosesTo()
    {
        var actor = Guid.CreateVersion7();
        var offer = Guid.CreateVersion7();
        await PublishAsync(new RelayOfferWithdrawn(actor, offer, 2, null, DateTimeOffset.UtcNow), Guid.NewGuid());
        await PublishAsync(new RelayOfferDeclared(actor, offer, 1, ["premises"], ["association"], Riberac, "late@example.org", false, DateTimeOffset.UtcNow), Guid.NewGuid());
        await AfterWitnessAsync();

        var copy = await LoadAsync<KnownRelay>(offer);
        Assert.Equal(KnownRelay.Withdrawn, copy!.Status);
        Assert.Equal(2, copy.SourceVersion);
    }

    [Fact]
    public async Task APlace_IsCopiedWithItsTerritories_ChangedAndClosedInOrder_AndAnOlderChangeLoses()
    {
        var place = Guid.CreateVersion7();
        var runner = Guid.CreateVersion7();
        await PublishAsync(new PlaceOpened(place, 1, "La Grange", ["shared-workshop"], new CommuneReference("24007", 2025), runner, null, new DateOnly(2022, 5, 1)), Guid.NewGuid());
        await PublishAsync(new PlaceDetailsChanged(place, 2, "La Grange de Ribérac", ["shared-workshop"], new CommuneReference("24352", 2025), runner, null,
            DateTimeOffset.UtcNow), Guid.NewGuid());
        await PublishAsync(new PlaceClosed(place, 3, new DateOnly(2026, 6, 30), "Fin du bail"), Guid.NewGuid());
        await PublishAsync(new PlaceDetailsChanged(place, 2, "La Grange (ancien nom)", ["shared-workshop"], new CommuneReference("24007", 2025), runner, null,
            DateTimeOffset.UtcNow), Guid.NewGuid());
        await AfterWitnessPlaceAsync();

        var copy = await LoadAsync<KnownPlace>(place);
        Assert.Equal("La Grange de Ribérac", copy!.Name);
        Assert.Equal(KnownPlace.Closed, copy.Status);
        Assert.Equal(3, copy.SourceVersion);
        // Ribérac, its EPCI, the Dordogne, Nouvelle-Aquitaine (COG 2025).
        Assert.Equal(["commune:24352", "epci:200040400", "departement:24", "region:75"], copy.TerritoryKeys);
    }

    [Fact]
    public async Task AHub_IsCopiedWithItsHead_ClosedInOrder_AndALateOpeningChangesNothing()
    {
        var network = Guid.CreateVersion7();
        var hub = Guid.CreateVersion7();
        var head = Guid.CreateVersion7();
        var opening = new NetworkHubOpened(network, 2, "Réseau Périgord", hub, "Antenne de Ribérac", "24352", "FR", null, new DateOnly(2025, 1, 1), head);
        var openingId = Guid.NewGuid();
        await PublishAsync(opening, openingId);
        await PublishAsync(new NetworkHubClosed(network, 3, hub, new DateOnly(2026, 6, 30)), Guid.NewGuid());

        var closed = await Eventually.GetAsync(async () => await LoadAsync<KnownHub>(hub) is { Status: KnownHub.Closed } copy ? copy : null, "the hub, closed");
        Assert.Equal(head, closed.HeadActorId);
        Assert.Equal("Réseau Périgord", closed.NetworkName);
        Assert.Equal("Antenne de Ribérac", closed.Name);
        Assert.Equal(new DateOnly(2025, 1, 1), closed.OpenedOn);
        Assert.Equal(new DateOnly(2026, 6, 30), closed.ClosedOn);
        Assert.Equal(3, closed.SourceVersion);
        Assert.Equal(["commune:24352", "epci:200040400", "departement:24", "region:75"], closed.TerritoryKeys);

        // The opening again: redelivered (same message id), then republished (another id), older than the closure: both lose.
        await PublishAsync(opening, openingId);
        await PublishAsync(opening, Guid.NewGuid());
        await AfterWitnessHubAsync();
        var after = await LoadAsync<KnownHub>(hub);
        Assert.Equal(KnownHub.Closed, after!.Status);
        Assert.Equal(closed.UpdatedAt, after.UpdatedAt);
    }

    [Fact]
    public async Task AHubAbroad_IsCopiedWithoutTerritories_AndAnOpeningWithoutHead_ReadsAsNone()
    {
        var hub = Guid.CreateVersion7();
        await PublishAsync(new NetworkHubOpened(Guid.CreateVersion7(), 2, "French Tech", hub, "Berlin", null, "DE", "Berlin", new DateOnly(2025, 5, 1)), Guid.NewGuid());

        var copy = await Eventually.GetAsync(() => LoadAsync<KnownHub>(hub), "the hub abroad");
        Assert.Empty(copy.TerritoryKeys);
        Assert.Equal(Guid.Empty, copy.HeadActorId);
        Assert.Equal(KnownHub.Open, copy.Status);
    }

    private async Task AfterWitnessHubAsync()
    {
        var witness = Guid.CreateVersion7();
        await PublishAsync(new NetworkHubOpened(Guid.CreateVersion7(), 2, "Témoin", witness, "Témoin", "24352", "FR", null, new DateOnly(2025, 1, 1), Guid.CreateVersion7()),
            Guid.NewGuid());
        await Eventually.GetAsync(() => LoadAsync<KnownHub>(witness), "the witness hub");
    }

    private async Task AfterWitnessPlaceAsync()
    {
        var witness = Guid.CreateVersion7();
        await PublishAsync(new PlaceOpened(witness, 1, "Témoin", ["other"], new CommuneReference("24352", 2025), Guid.CreateVersion7(), null, new DateOnly(2022, 5, 1)),
            Guid.NewGuid());
        await Eventually.GetAsync(() => LoadAsync<KnownPlace>(witness), "the witness place");
    }
}
