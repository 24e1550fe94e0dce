using SocialTech.Actors.Contracts;
using SocialTech.Actors.Organisations;
using SocialTech.Actors.Organisations.Ceasing;
using SocialTech.Actors.Organisations.ChangingKinds;
using SocialTech.Actors.Organisations.ChangingProfile;
using SocialTech.Actors.Organisations.LinkingIdentifiers;
using SocialTech.Actors.Organisations.Merging;
using SocialTech.Actors.Organisations.Registering;
using SocialTech.Actors.Organisations.Relocating;
using SocialTech.BuildingBlocks.Http;

namespace SocialTech.Actors.Tests.Organisations;

/// <summary>Given events, when a command, then events or a refusal: the decide functions alone, no I/O.</summary>
public sealed class OrganisationDeciderTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly FixedTerritories Territories = new();
    private static readonly Guid ActorId = Guid.CreateVersion7();

    private static RegisterActorRequest ValidRegistration => new(
        "Coopérative des Pentes", ["scic", "tiers-lieu-operator"], "69123",
        Siren: "412345670", LegalCategory: "5560", Esus: new EsusAgreementRequest(new DateOnly(2025, 1, 1), new DateOnly(2030, 1, 1)),
        PlacesOfAction: [new PlaceOfActionRequest("departement", "24")], Website: "https://pentes.example.org", Mailbox: "Contact@pentes.example.org");

    private static Organisation Given(params object[] events) =>
        events.Aggregate((Organisation?)null, Organisation.Fold) ?? throw new InvalidOperationException("No registration given.");

    private static OrganisationRegistered Registered(RegisterActorRequest? request = null) =>
        RegisterActor.Decide(ActorId, request ?? ValidRegistration, Territories, Now);

    [Fact]
    public void Register_WithValidProfile_RecordsEverything()
    {
        var registered = Registered();

        Assert.Equal("Coopérative des Pentes", registered.Profile.Name);
        Assert.Equal([ActorKind.Scic, ActorKind.TiersLieuOperator], registered.Kinds);
        Assert.Equal(new ActorIdentifiers("412345670", null, null), registered.Identifiers);
        Assert.Equal(new CommuneReference("69123", 2025), registered.HeadOffice);
        Assert.Equal([new TerritoryReference("departement", "24", 2025)], registered.PlacesOfAction);
        Assert.True(registered.Profile.Ess, "an ESUS agreement implies ESS");
        Assert.Equal("contact@pentes.example.org", registered.Profile.Mailbox);
    }

    [Theory]
    [InlineData("412345671", null, null, "siren")]           // wrong check digit
    [InlineData("41234567", null, null, "siren")]            // 8 digits
    [InlineData(null, "41234567900011", null, "siret")]      // wrong check digit
    [InlineData("789123452", "41234567000019", null, "siret")] // SIRET of another SIREN
    [InlineData(null, null, "W12345678", "rna")]             // 8 characters after W
    [InlineData(null, null, "A691234567", "rna")]
    public void Register_WithInvalidIdentifier_IsRejectedNamingTheField(string? siren, string? siret, string? rna, string field)
    {
        var refused = Assert.Throws<ValidationException>(() => Registered(ValidRegistration with { Siren = siren, Siret = siret, Rna = rna }));
        Assert.Contains(field, refused.Errors.Keys);
    }

    [Fact]
    public void Register_WithSiretOnly_RecordsItsSirenToo()
    {
        var registered = Registered(ValidRegistration with { Siren = null, Siret = "412 345 670 00019" });
        Assert.Equal(new ActorIdentifiers("412345670", "41234567000019", null), registered.Identifiers);
    }

    [Theory]
    [InlineData("W691234567")]
    [InlineData("W2A1002345")]
    public void Register_AssociationWithRnaOnly_IsAccepted(string rna)
    {
        var registered = Registered(ValidRegistration with { Siren = null, Rna = rna, Kinds = ["association"] });
        Assert.Equal(rna, registered.Identifiers.Rna);
    }

    [Theory]
    [InlineData("headOfficeCommuneCode", "24013")] // Atur: a commune déléguée, not a current commune
    [InlineData("headOfficeCommuneCode", "99999")]
    [InlineData("mailbox", "marie.dupont@example.org")]
    [InlineData("website", "ftp://example.org")]
    [InlineData("kinds", "")]
    [InlineData("name", "")]
    public void Register_WithInvalidField_IsRejectedNamingIt(string field, string value)
    {
        var request = field switch
        {
            "headOfficeCommuneCode" => ValidRegistration with { HeadOfficeCommuneCode = value },
            "mailbox" => ValidRegistration with { Mailbox = value },
            "website" => ValidRegistration with { Website = value },
            "kinds" => ValidRegistration with { Kinds = [] },
            _ => ValidRegistration with { Name = value },
        };

        var refused = Assert.Throws<ValidationException>(() => Registered(request));
        Assert.Equal([field], refused.Errors.Keys);
    }

    [Fact]
    public void Register_WithUnknownPlaceOfAction_IsRejected()
    {
        var refused = Assert.Throws<ValidationException>(() =>
            Registered(ValidRegistration with { PlacesOfAction = [new PlaceOfActionRequest("departement", "00")] }));
        Assert.Contains("placesOfAction[0]", refused.Errors.Keys);
    }

    [Fact]
    public void Register_WithNullPlaceOfAction_IsAFieldErrorNotACrash()
    {
        var refused = Assert.Throws<ValidationException>(() => Registered(ValidRegistration with { PlacesOfAction = [null!] }));
        Assert.Contains("placesOfAction[0]", refused.Errors.Keys);
    }

    [Fact]
    public void ChangeProfile_ToTheSameProfile_RecordsNothing()
    {
        var actor = Given(Registered());
        var same = new ChangeProfileRequest("Coopérative des Pentes", "5560", null,
            new EsusAgreementRequest(new DateOnly(2025, 1, 1), new DateOnly(2030, 1, 1)), "https://pentes.example.org", "contact@pentes.example.org");

        Assert.Empty(ChangeProfile.Decide(actor, same, Now));
        var renamed = Assert.IsType<ProfileChanged>(Assert.Single(ChangeProfile.Decide(actor, same with { Name = "Pentes & Co" }, Now)));
        Assert.Equal("Pentes & Co", Given(Registered(), renamed).Profile.Name);
    }

    [Fact]
    public void ChangeProfile_WhenCeased_IsAnIllegalTransitionNamingTheState()
    {
        var actor = Given(Registered(), new OrganisationCeased(ActorId, new DateOnly(2026, 1, 31), "Dissolution", Now));

        var refused = Assert.Throws<InvalidTransitionException>(() =>
            ChangeProfile.Decide(actor, new ChangeProfileRequest("Autre nom"), Now));
        Assert.Equal(409, refused.Status);
        Assert.Equal("the actor is ceased", refused.Extensions["currentState"]);
    }

    [Fact]
    public void Cease_Twice_IsRefused()
    {
        var ceased = CeaseActor.Decide(Given(Registered()), new CeaseActorRequest(new DateOnly(2026, 1, 31), "Liquidation"), Now);
        Assert.Throws<InvalidTransitionException>(() =>
            CeaseActor.Decide(Given([Registered(), .. ceased]), new CeaseActorRequest(new DateOnly(2026, 2, 1), "Again"), Now));
    }

    [Fact]
    public void Cease_InTheFuture_IsRejected()
    {
        var refused = Assert.Throws<ValidationException>(() =>
            CeaseActor.Decide(Given(Registered()), new CeaseActorRequest(new DateOnly(2027, 1, 1), "Planned"), Now));
        Assert.Contains("ceasedOn", refused.Errors.Keys);
    }

    [Fact]
    public void RemoveKind_TheLastOne_IsRefused()
    {
        var actor = Given(Registered(ValidRegistration with { Kinds = ["scic"] }));
        var refused = Assert.Throws<ProblemException>(() => ChangeKinds.DecideRemove(actor, "scic", Now));
        Assert.Equal(409, refused.Status);
    }

    [Fact]
    public void AddThenRemoveKind_FoldsBackToTheStart()
    {
        var registered = Registered();
        var added = ChangeKinds.DecideAdd(Given(registered), "incubator", Now);
        Assert.Empty(ChangeKinds.DecideAdd(Given([registered, .. added]), "incubator", Now));
        var removed = ChangeKinds.DecideRemove(Given([registered, .. added]), "incubator", Now);

        Assert.Equal(registered.Kinds, Given([registered, .. added, .. removed]).Kinds);
    }

    [Fact]
    public void LinkSiret_WithoutSiren_LinksBoth()
    {
        var actor = Given(Registered(ValidRegistration with { Siren = null, Rna = "W691234567" }));

        var events = LinkIdentifier.Decide(actor, new LinkIdentifierRequest("siret", "41234567000019"), Now);

        var after = Given([Registered(ValidRegistration with { Siren = null, Rna = "W691234567" }), .. events]);
        Assert.Equal(new ActorIdentifiers("412345670", "41234567000019", "W691234567"), after.Identifiers);
    }

    [Fact]
    public void LinkSiren_WhenAnotherIsSet_IsRefused()
    {
        var refused = Assert.Throws<ProblemException>(() =>
            LinkIdentifier.Decide(Given(Registered()), new LinkIdentifierRequest("siren", "789123452"), Now));
        Assert.Equal(409, refused.Status);
        Assert.Empty(LinkIdentifier.Decide(Given(Registered()), new LinkIdentifierRequest("siren", "412 345 670"), Now));
    }

    [Fact]
    public void MoveHeadOffice_ToAnotherCommune_RecordsFromAndTo()
    {
        var moved = Assert.IsType<HeadOfficeMoved>(Assert.Single(
            MoveHeadOffice.Decide(Given(Registered()), new MoveHeadOfficeRequest("24352"), Territories, Now)));

        Assert.Equal(new CommuneReference("69123", 2025), moved.From);
        Assert.Equal(new CommuneReference("24352", 2025), moved.To);
        Assert.Empty(MoveHeadOffice.Decide(Given(Registered(), moved), new MoveHeadOfficeRequest("24352"), Territories, Now));
    }

    [Fact]
    public void Merge_Duplicate_PointsItToTheSurvivorWhichTakesItsIdentifiers()
    {
        var survivorId = Guid.CreateVersion7();
        var duplicate = Given(Registered(ValidRegistration with { Siren = null, Rna = "W691234567" }));
        var survivor = Given(RegisterActor.Decide(survivorId, ValidRegistration, Territories, Now));

        var (absorbed, absorbing) = MergeActors.Decide(duplicate, survivor, Now);

        Assert.Equal(ActorStatus.Merged, Organisation.Fold(duplicate, absorbed)!.Status);
        Assert.Equal(survivorId, Organisation.Fold(duplicate, absorbed)!.MergedInto);
        Assert.Equal(new ActorIdentifiers("412345670", null, "W691234567"), Organisation.Fold(survivor, absorbing)!.Identifiers);
    }

    [Fact]
    public void Merge_ActorsWithDifferentSirens_IsRefused()
    {
        var other = Given(RegisterActor.Decide(Guid.CreateVersion7(), ValidRegistration with { Siren = "789123452" }, Territories, Now));
        var refused = Assert.Throws<ProblemException>(() => MergeActors.Decide(Given(Registered()), other, Now));
        Assert.Equal(409, refused.Status);
        Assert.Throws<ValidationException>(() => MergeActors.Decide(Given(Registered()), Given(Registered()), Now));
    }

    [Fact]
    public void Identifiers_LaPosteEstablishments_FollowTheirOwnRule()
    {
        Assert.True(Identifiers.IsValidSiret("35600000000001"));  // digits sum to 15
        Assert.False(Identifiers.IsValidSiret("35600000000002"));
    }

    [Theory]
    [InlineData("35600000000048", true)]   // La Poste's head office: Luhn holds (3·2→6, 5, 6·2→3, 4·2→8, 8: 30), its digits sum to 26
    [InlineData("35600000000041", false)]  // a La Poste SIRET whose digits sum to 19, not a multiple of 5
    [InlineData("35600000000000", false)]  // digits sum to 14 (the number the old exception named)
    [InlineData("35600000000010", true)]   // digits sum to 15
    [InlineData("73282932000074", true)]   // an ordinary SIRET whose Luhn check holds (digit sum 47: La Poste's rule would refuse it)
    [InlineData("73282932000075", false)]  // the same with its check digit off by one
    public void Identifiers_LaPosteHeadOffice_IsLuhnAndOtherLaPosteSiretsSumToAMultipleOfFive(string siret, bool valid) =>
        Assert.Equal(valid, Identifiers.IsValidSiret(siret));
}
