using SocialTech.BuildingBlocks.Http;
using SocialTech.IncubatorNetworks.Networks;
using SocialTech.IncubatorNetworks.Networks.ClosingHubs;
using SocialTech.IncubatorNetworks.Networks.Founding;
using SocialTech.IncubatorNetworks.Networks.Joining;
using SocialTech.IncubatorNetworks.Networks.Leaving;
using SocialTech.IncubatorNetworks.Networks.OpeningHubs;
using SocialTech.IncubatorNetworks.Territories;

namespace SocialTech.IncubatorNetworks.Tests.Networks;

/// <summary>Given events, when a command, then events or a refusal: the networks' decide functions alone, no I/O.</summary>
public sealed class NetworkDeciderTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly Guid NetworkId = Guid.CreateVersion7();
    private static readonly Guid HeadId = Guid.CreateVersion7();
    private static readonly Guid MemberId = Guid.CreateVersion7();
    private static readonly Guid HubId = Guid.CreateVersion7();

    private static NetworkFounded Founded => new(NetworkId, "Ronalpia", HeadId, null, Now);

    private static Network Given(params object[] events) =>
        events.Aggregate((Network?)null, Network.Fold) ?? throw new InvalidOperationException("No founding given.");

    private static T Refused<T>(Action decide) where T : Exception => Assert.Throws<T>(decide);

    [Fact]
    public void Found_WithAnActiveHead_RecordsTheNetwork()
    {
        var founded = FoundNetwork.Decide(NetworkId, new(" Ronalpia ", HeadId, "https://ronalpia.example.org"), "active", Now);

        Assert.Equal(new NetworkFounded(NetworkId, "Ronalpia", HeadId, new Uri("https://ronalpia.example.org"), Now), founded);
    }

    [Fact]
    public void Found_WithAnUnknownOrCeasedHead_IsRejectedOnHeadActorId()
    {
        var unknown = Refused<ValidationException>(() => FoundNetwork.Decide(NetworkId, new("Ronalpia", HeadId), null, Now));
        var ceased = Refused<ValidationException>(() => FoundNetwork.Decide(NetworkId, new("", HeadId, "ftp://x"), "ceased", Now));

        Assert.Equal(["headActorId"], unknown.Errors.Keys);
        Assert.Contains("register it in /api/actors", unknown.Errors["headActorId"][0]);
        Assert.Equal(["headActorId", "name", "website"], ceased.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("is ceased", ceased.Errors["headActorId"][0]);
    }

    [Fact]
    public void OpenHub_InAFrenchCommune_KeysItByCommuneEpciDepartementAndRegion()
    {
        var events = OpenHub.Decide(Given(Founded), HubId, new("Ronalpia Ajaccio", "2a004", null, null, new DateOnly(2024, 1, 8)), Now);

        var opened = Assert.IsType<HubOpened>(Assert.Single(events));
        Assert.Equal(new HubLocation("2A004", "FR", null), opened.Location);
        // COG 2025: Ajaccio in the CA du Pays Ajaccien, Corse-du-Sud, Corse (94); Saint-Denis in the CINOR, La Réunion.
        Assert.Equal(["commune:2A004", "epci:242010056", "departement:2A", "region:94", "country:FR"], NetworkRules.TerritoryKeysOf(opened.Location));
        Assert.Equal(["commune:97411", "epci:249740119", "departement:974", "region:04", "country:FR"], TerritoryKeys.OfCommune("97411"));
        // Lyon 7e, an arrondissement, rolls up through Lyon; a code the COG never had keeps its département.
        Assert.Equal(["commune:69387", "commune:69123", "epci:200046977", "departement:69", "region:84", "country:FR"], TerritoryKeys.OfCommune("69387"));
        Assert.Equal(["commune:24999", "departement:24", "country:FR"], TerritoryKeys.OfCommune("24999"));
    }

    [Fact]
    public void OpenHub_Abroad_NeedsAnAssignedCountryOutsideFrance_AndACity()
    {
        var network = Given(Founded);

        var opened = Assert.IsType<HubOpened>(Assert.Single(OpenHub.Decide(network, HubId, new("Berlin", null, "de", "Berlin", new DateOnly(2025, 5, 1)), Now)));
        Assert.Equal(new HubLocation(null, "DE", "Berlin"), opened.Location);

        Assert.Equal(["city", "countryCode"], Refused<ValidationException>(
            () => OpenHub.Decide(network, HubId, new("Nowhere", null, "XX", null, new DateOnly(2025, 5, 1)), Now)).Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("INSEE communes", Refused<ValidationException>(
            () => OpenHub.Decide(network, HubId, new("Pointe-à-Pitre", null, "GP", "Pointe-à-Pitre", new DateOnly(2025, 5, 1)), Now)).Errors["countryCode"][0]);
        Assert.Equal(["communeCode"], Refused<ValidationException>(
            () => OpenHub.Decide(network, HubId, new("Lyon", "69123", "FR", "Lyon", new DateOnly(2025, 5, 1)), Now)).Errors.Keys);
        Assert.Equal(["openedOn"], Refused<ValidationException>(
            () => OpenHub.Decide(network, HubId, new("Lyon", "69123", null, null, new DateOnly(2026, 3, 2)), Now)).Errors.Keys);
        Assert.Equal(249, Countries.Count);
    }

    [Fact]
    public void CloseHub_Twice_IsAnIllegalTransition_AndAnUnknownHubIsNotFound()
    {
        var opened = new HubOpened(NetworkId, HubId, "Lyon", new("69123", "FR", null), new DateOnly(2020, 1, 1), Now);
        var network = Given(Founded, opened);

        var closed = Assert.IsType<HubClosed>(Assert.Single(CloseHub.Decide(network, HubId, new(new DateOnly(2025, 12, 31)), Now)));
        var again = Refused<InvalidTransitionException>(() => CloseHub.Decide(Given(Founded, opened, closed), HubId, new(new DateOnly(2026, 1, 2)), Now));
        var unknown = Refused<ProblemException>(() => CloseHub.Decide(network, Guid.CreateVersion7(), new(new DateOnly(2025, 12, 31)), Now));

        Assert.Equal(409, again.Status);
        Assert.Contains("closed on 2025-12-31", again.Message);
        Assert.Equal(404, unknown.Status);
        Assert.Equal(["closedOn"], Refused<ValidationException>(() => CloseHub.Decide(network, HubId, new(new DateOnly(2019, 12, 31)), Now)).Errors.Keys);
    }

    [Fact]
    public void Join_ThenLeave_ThenJoinAgain_KeepsTheHistory()
    {
        var joined = JoinNetwork.Decide(Given(Founded), new(MemberId, "tiers-lieu", new DateOnly(2022, 9, 1)), "active", Now);
        var member = Given(Founded, joined[0]);
        Assert.Equal(MemberRole.TiersLieu, member.CurrentMembership(MemberId)!.Role);

        var left = LeaveNetwork.Decide(member, MemberId, new(new DateOnly(2024, 6, 30), " Fin d'activité "), Now);
        Assert.Equal(new MemberLeft(NetworkId, MemberId, new DateOnly(2024, 6, 30), "Fin d'activité", Now), Assert.Single(left));

        var again = JoinNetwork.Decide(Given(Founded, joined[0], left[0]), new(MemberId, "incubator", new DateOnly(2025, 1, 1)), "active", Now);
        var network = Given(Founded, joined[0], left[0], again[0]);
        Assert.Equal(2, network.Memberships.Count);
        Assert.Equal(MemberRole.Incubator, network.CurrentMembership(MemberId)!.Role);
    }

    [Fact]
    public void Join_WhenAlreadyAMember_ChangesNothingInTheSameRole_AndConflictsInAnother()
    {
        var network = Given(Founded, new MemberJoined(NetworkId, MemberId, MemberRole.Incubator, new DateOnly(2022, 9, 1), Now));

        Assert.Empty(JoinNetwork.Decide(network, new(MemberId, "incubator", new DateOnly(2023, 1, 1)), "active", Now));
        var conflict = Refused<InvalidTransitionException>(() => JoinNetwork.Decide(network, new(MemberId, "tiers-lieu", new DateOnly(2023, 1, 1)), "active", Now));
        Assert.Contains("member as incubator", conflict.Message);
    }

    [Fact]
    public void Join_NamesEveryInvalidField()
    {
        var refused = Refused<ValidationException>(() => JoinNetwork.Decide(Given(Founded), new(null, "accelerator", null), null, Now));

        Assert.Equal(["actorId", "joinedOn", "role"], refused.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("incubator, tiers-lieu", refused.Errors["role"][0]);
    }

    [Fact]
    public void Leave_WhenNotAMember_IsAnIllegalTransition()
    {
        var refused = Refused<InvalidTransitionException>(() => LeaveNetwork.Decide(Given(Founded), MemberId, new(new DateOnly(2024, 6, 30), "Départ"), Now));

        Assert.Equal(409, refused.Status);
        Assert.Equal($"the actor {MemberId} is not a member", refused.Extensions["currentState"]);
    }
}
