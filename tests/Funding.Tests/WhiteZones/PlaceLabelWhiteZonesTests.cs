using Marten;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using SocialTech.Actors.Contracts;
using SocialTech.Funding.LabelFacts;
using SocialTech.Funding.Places;
using SocialTech.Labelling.Contracts;
using SocialTech.Testing;

namespace SocialTech.Funding.Tests.WhiteZones;

/// <summary>
/// Labels held by tiers-lieux in the label white zones, worked out by hand: « La Fabrique du Ribéracois » is a place
/// Actors opened in Ribérac (24352, Dordogne, CC du Périgord Ribéracois 200040400); its « Tiers-lieu solidaire » label
/// ends on 2026-07-31 and nobody applied again. Asked on 2026-03-01 within 6 months, Dordogne lists it as expiring where
/// the place stands (commune:24352, under the place's name); the Rhône does not. A second label is held by a place
/// Funding never heard of: it cannot be placed anywhere, so every territory counts it in <c>unlocated</c>.
/// </summary>
public sealed class PlaceLabelWhiteZonesTests : IAsyncLifetime
{
    private const string PlaceName = "La Fabrique du Ribéracois";

    private readonly FundingService funding = new();
    private readonly Guid scheme = Guid.CreateVersion7();
    private readonly Guid place = Guid.CreateVersion7();
    private readonly Guid placeLabel = Guid.CreateVersion7();

    public async Task InitializeAsync()
    {
        await funding.InitializeAsync();
        var operatorId = await funding.SeedActorAsync("Association de la Fabrique", "24352", "tiers-lieu-operator");
        var bus = funding.Host.Services.GetRequiredService<IBus>();
        await bus.Publish(new PlaceOpened(place, 1, PlaceName, ["fablab"], new CommuneReference("24352", 2025), operatorId, null, new DateOnly(2021, 9, 4)));
        Task Grant(Guid label, Guid holder) =>
            bus.Publish(new LabelGranted(label, 1, scheme, Guid.CreateVersion7(), new LabelHolderReference("place", holder, null, []), "jury",
                new DateOnly(2024, 8, 1), new DateOnly(2026, 7, 31), [], null, DateTimeOffset.UtcNow));
        await Grant(placeLabel, place);
        await Grant(Guid.CreateVersion7(), Guid.CreateVersion7());

        var store = funding.Host.Services.GetRequiredService<IDocumentStore>();
        await Eventually.TrueAsync(async () =>
        {
            await using var session = store.QuerySession();
            return await session.Query<KnownLabel>().CountAsync() == 2 && await session.Query<KnownPlace>().CountAsync() == 1;
        }, "the labels and the place in Funding's copies");
    }

    public Task DisposeAsync() => funding.DisposeAsync();

    [Fact]
    public async Task ALabelHeldByAPlace_CountsWhereThePlaceStands()
    {
        var answer = await funding.GetAsync("/api/funding/white-zones/labels?territory=departement:24&withinMonths=6&on=2026-03-01");

        var item = Assert.Single(answer.GetProperty("items").EnumerateArray());
        Assert.Equal(placeLabel, item.GetProperty("labelId").GetGuid());
        Assert.Equal("expiring", item.GetProperty("situation").GetString());
        Assert.Equal("place", item.GetProperty("holderKind").GetString());
        Assert.Equal(place, item.GetProperty("holderId").GetGuid());
        Assert.Equal(PlaceName, item.GetProperty("holderName").GetString());
        Assert.Equal("commune:24352", item.GetProperty("territory").GetString());
        Assert.Equal("Ribérac", item.GetProperty("territoryName").GetString());
        Assert.Equal("2026-07-31", item.GetProperty("validUntil").GetString());
        Assert.Equal(1, answer.GetProperty("unlocated").GetInt32());
    }

    [Fact]
    public async Task ALabelHeldByAPlace_IsNotCountedElsewhere()
    {
        var answer = await funding.GetAsync("/api/funding/white-zones/labels?territory=departement:69&withinMonths=6&on=2026-03-01");

        Assert.Empty(answer.GetProperty("items").EnumerateArray());
        Assert.Equal(1, answer.GetProperty("unlocated").GetInt32());
    }
}
