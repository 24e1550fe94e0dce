using CommuneReference = SocialTech.Actors.Contracts.CommuneReference;
using SocialTech.Actors.Organisations;
using SocialTech.Actors.Places;
using SocialTech.Actors.Places.ChangingDetails;
using SocialTech.Actors.Places.Closing;
using SocialTech.Actors.Places.Opening;
using SocialTech.Actors.Tests.Organisations;
using SocialTech.BuildingBlocks.Http;

namespace SocialTech.Actors.Tests.Places;

/// <summary>Given events, when a command, then events or a refusal: the places' decide functions alone, no I/O.</summary>
public sealed class PlaceDeciderTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly FixedTerritories Territories = new();
    private static readonly Guid PlaceId = Guid.CreateVersion7();
    private static readonly Guid OperatorId = Guid.CreateVersion7();

    private static OpenPlaceRequest ValidOpening => new(
        " La Fabrique de Ribérac ", ["fablab", "coworking", "fablab"], "24352", OperatorId, new DateOnly(2021, 9, 4), "https://fabrique.example.org");

    private static Place Given(params object[] events) =>
        events.Aggregate((Place?)null, Place.Fold) ?? throw new InvalidOperationException("No opening given.");

    private static PlaceOpened Opened(OpenPlaceRequest? request = null, ActorStatus? operatorStatus = ActorStatus.Active) =>
        OpenPlace.Decide(PlaceId, request ?? ValidOpening, Territories, operatorStatus, Now);

    private static ChangePlaceDetailsRequest ChangeOf(OpenPlaceRequest opening) =>
        new(opening.Name, opening.Typologies, opening.CommuneCode, opening.OperatorId, opening.Website);

    [Fact]
    public void Open_WithValidDescription_RecordsEverything()
    {
        var opened = Opened();

        Assert.Equal(PlaceId, opened.PlaceId);
        Assert.Equal("La Fabrique de Ribérac", opened.Description.Name);
        Assert.Equal([PlaceTypology.Fablab, PlaceTypology.Coworking], opened.Description.Typologies);
        Assert.Equal(new CommuneReference("24352", 2025), opened.Description.Commune);
        Assert.Equal(OperatorId, opened.Description.OperatorId);
        Assert.Equal(new Uri("https://fabrique.example.org"), opened.Description.Website);
        Assert.Equal(new DateOnly(2021, 9, 4), opened.OpenedOn);
        Assert.Equal(PlaceStatus.Open, Given(opened).Status);
    }

    [Fact]
    public void Open_WithEveryFieldInvalid_NamesEachField()
    {
        var refused = Assert.Throws<ValidationException>(() => Opened(
            new OpenPlaceRequest("", ["hackerspace"], "24013", null, null, "ftp://example.org"), operatorStatus: null));

        Assert.Equal(["communeCode", "name", "openedOn", "operatorId", "typologies", "website"], refused.Errors.Keys.Order());
    }

    [Theory]
    [InlineData(null, "no actor has id")]
    [InlineData(ActorStatus.Ceased, "is ceased")]
    [InlineData(ActorStatus.Merged, "was merged into another")]
    public void Open_ByAnOperatorThatIsNotActive_IsRejectedOnOperatorId(ActorStatus? status, string message)
    {
        var refused = Assert.Throws<ValidationException>(() => Opened(operatorStatus: status));

        Assert.Equal(["operatorId"], refused.Errors.Keys);
        Assert.Contains(message, refused.Errors["operatorId"].Single());
    }

    [Fact]
    public void Open_InTheFuture_IsRejected()
    {
        var refused = Assert.Throws<ValidationException>(() => Opened(ValidOpening with { OpenedOn = new DateOnly(2026, 3, 2) }));
        Assert.Equal(["openedOn"], refused.Errors.Keys);
    }

    [Fact]
    public void Close_AnOpenPlace_RecordsTheClosure()
    {
        var place = Given(Opened());

        var events = ClosePlace.Decide(place, new ClosePlaceRequest(new DateOnly(2025, 12, 31), " Fin du bail "), Now);

        var closed = Assert.IsType<PlaceClosed>(Assert.Single(events));
        Assert.Equal(new PlaceClosed(PlaceId, new DateOnly(2025, 12, 31), "Fin du bail", Now), closed);
        var after = Given(Opened(), closed);
        Assert.Equal(PlaceStatus.Closed, after.Status);
        Assert.Equal(new PlaceClosure(new DateOnly(2025, 12, 31), "Fin du bail"), after.Closure);
    }

    [Fact]
    public void Close_AClosedPlace_IsAnIllegalTransitionNamingTheState()
    {
        var place = Given(Opened(), new PlaceClosed(PlaceId, new DateOnly(2025, 12, 31), "Fin du bail", Now));

        var refused = Assert.Throws<InvalidTransitionException>(() =>
            ClosePlace.Decide(place, new ClosePlaceRequest(new DateOnly(2026, 1, 31), "Encore"), Now));

        Assert.Equal(409, refused.Status);
        Assert.Equal("the place is closed", refused.Extensions["currentState"]);
    }

    [Theory]
    [InlineData("2021-09-03", "Fin du bail", "closedOn")] // before it opened
    [InlineData("2026-03-02", "Fin du bail", "closedOn")] // in the future
    [InlineData(null, "Fin du bail", "closedOn")]
    [InlineData("2025-12-31", " ", "reason")]
    public void Close_WithInvalidField_IsRejectedNamingIt(string? closedOn, string reason, string field)
    {
        var place = Given(Opened());
        var request = new ClosePlaceRequest(closedOn is null ? null : DateOnly.Parse(closedOn, System.Globalization.CultureInfo.InvariantCulture), reason);

        var refused = Assert.Throws<ValidationException>(() => ClosePlace.Decide(place, request, Now));

        Assert.Equal([field], refused.Errors.Keys);
    }

    [Fact]
    public void Change_TheDescription_RecordsTheWholeNewOne()
    {
        var place = Given(Opened());
        var change = ChangeOf(ValidOpening) with { Name = "La Fabrique", Typologies = ["fablab", "food"], CommuneCode = "69123", Website = null };

        var changed = Assert.IsType<PlaceDetailsChanged>(Assert.Single(ChangePlaceDetails.Decide(place, change, Territories, ActorStatus.Active, Now)));

        Assert.Equal("La Fabrique", changed.Description.Name);
        Assert.Equal([PlaceTypology.Fablab, PlaceTypology.Food], changed.Description.Typologies);
        Assert.Equal(new CommuneReference("69123", 2025), changed.Description.Commune);
        Assert.Null(changed.Description.Website);
        Assert.Equal("69123", Given(Opened(), changed).Description.Commune.Code);
    }

    [Fact]
    public void Change_ToTheSameDescription_InAnotherOrder_RecordsNothing()
    {
        var place = Given(Opened());
        var same = ChangeOf(ValidOpening) with { Typologies = ["coworking", "fablab"] };

        Assert.Empty(ChangePlaceDetails.Decide(place, same, Territories, ActorStatus.Active, Now));
    }

    [Fact]
    public void Change_KeepingAnOperatorThatCeased_IsAccepted_ButANewCeasedOperatorIsNot()
    {
        var place = Given(Opened());

        var renamed = ChangePlaceDetails.Decide(place, ChangeOf(ValidOpening) with { Name = "Renommée" }, Territories, ActorStatus.Ceased, Now);
        Assert.Single(renamed);

        var handedOver = ChangeOf(ValidOpening) with { OperatorId = Guid.CreateVersion7() };
        var refused = Assert.Throws<ValidationException>(() => ChangePlaceDetails.Decide(place, handedOver, Territories, ActorStatus.Ceased, Now));
        Assert.Equal(["operatorId"], refused.Errors.Keys);
    }

    [Fact]
    public void Change_AClosedPlace_IsAnIllegalTransition()
    {
        var place = Given(Opened(), new PlaceClosed(PlaceId, new DateOnly(2025, 12, 31), "Fin du bail", Now));

        var refused = Assert.Throws<InvalidTransitionException>(() =>
            ChangePlaceDetails.Decide(place, ChangeOf(ValidOpening) with { Name = "Après fermeture" }, Territories, ActorStatus.Active, Now));

        Assert.Equal("the place is closed", refused.Extensions["currentState"]);
    }

    [Fact]
    public void Typologies_AreKebabCase()
    {
        Assert.Equal(
            ["coworking", "fablab", "cultural", "food", "shared-workshop", "social-innovation-lab", "digital-inclusion", "other"],
            Enum.GetValues<PlaceTypology>().Select(Kebab.Name));
    }
}
