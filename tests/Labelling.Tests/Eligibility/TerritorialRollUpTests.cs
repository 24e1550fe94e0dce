using SocialTech.Actors.Territories;
using SocialTech.BuildingBlocks.Http;
using SocialTech.Labelling.Applications;
using SocialTech.Labelling.Applications.Submitting;
using SocialTech.Labelling.Campaigns;
using SocialTech.Labelling.Territories;
using static SocialTech.Labelling.Tests.Applications.Given;

namespace SocialTech.Labelling.Tests.Eligibility;

/// <summary>A campaign's eligible territories take everything inside them, through the real referential (COG 2025).</summary>
public sealed class TerritorialRollUpTests
{
    private static readonly LabellingTerritories Territories = new(TerritoryReferential.LoadEmbedded());

    private static LabelApplication HeldBy(string territory) =>
        In(ApplicationStatus.Drafted) with { Holder = In(ApplicationStatus.Drafted).Holder with { Territory = territory } };

    [Theory]
    [InlineData("commune:69381", "commune:69123")] // Lyon 1er → Lyon (COMPARENT in INSEE's v_commune_2025.csv)
    [InlineData("commune:75120", "commune:75056")] // Paris 20e → Paris
    [InlineData("commune:13216", "commune:13055")] // Marseille 16e → Marseille
    [InlineData("commune:24322", "commune:24322")]
    [InlineData("commune:24013", "commune:24013")] // Atur, a commune déléguée: left as given, and Exists refuses it
    [InlineData("departement:69", "departement:69")]
    public void AHoldersOrCampaignsCommune_IsRecordedAsThePlatformsRuleSays(string given, string recorded)
    {
        Assert.Equal(recorded, Territories.Canonical(given));
        Assert.Equal(given != "commune:24013", Territories.Exists(Territories.Canonical(given)));
    }

    [Theory]
    [InlineData("departement:24", "commune:24322")] // Périgueux
    [InlineData("departement:24", "epci:200040392")] // CA Le Grand Périgueux
    [InlineData("region:75", "commune:33063")] // Bordeaux
    [InlineData("region:75", "departement:24")]
    [InlineData("epci:200040392", "commune:24322")]
    [InlineData("commune:24322", "commune:24322")]
    public void Submit_FromInsideAnEligibleTerritory_IsAccepted(string eligible, string holder)
    {
        var campaign = OpenCampaign with { Terms = OpenCampaign.Terms with { EligibleTerritories = [eligible] } };
        var application = HeldBy(holder);

        var events = SubmitApplication.Decide(application, campaign, Territories.WithParents(holder), Now);

        Assert.IsType<ApplicationSubmitted>(Assert.Single(events));
    }

    [Theory]
    [InlineData("departement:24", "commune:33063")] // Bordeaux is in Gironde
    [InlineData("departement:24", "region:75")] // a région is not inside one of its départements
    [InlineData("epci:200040392", "commune:24352")] // Ribérac is in another EPCI
    public void Submit_FromOutside_NamesTheHoldersTerritory(string eligible, string holder)
    {
        var campaign = OpenCampaign with { Terms = OpenCampaign.Terms with { EligibleTerritories = [eligible] } };

        var refused = Assert.Throws<ValidationException>(() => SubmitApplication.Decide(HeldBy(holder), campaign, Territories.WithParents(holder), Now));

        Assert.Equal(["holder.territory"], refused.Errors.Keys);
    }

    [Fact]
    public void Descendants_OfADepartement_HoldItsEpcisAndCommunes_NotItsNeighbours()
    {
        var inside = Territories.WithDescendants("departement:24");

        Assert.Contains("departement:24", inside);
        Assert.Contains("epci:200040392", inside);
        Assert.Contains("commune:24352", inside);
        Assert.DoesNotContain("commune:33063", inside);
        Assert.Contains("commune:33063", Territories.WithDescendants("region:75"));
        Assert.Empty(Territories.WithDescendants("departement:999"));
    }

    [Fact]
    public void CampaignTerritories_ThatNameNoTerritory_AreRefusedByField()
    {
        var validation = new Validation();
        CampaignRules.Terms(validation, new CampaignRequest("Vague", Today, Today.AddDays(30), ["departement:24", "departement:999"]), Territories.Exists);

        var refused = Assert.Throws<ValidationException>(validation.ThrowIfInvalid);
        Assert.Equal(["eligibleTerritories"], refused.Errors.Keys);
        Assert.Contains("departement:999", refused.Errors["eligibleTerritories"][0], StringComparison.Ordinal);
    }

    private static DateOnly Today => DateOnly.FromDateTime(Now.UtcDateTime);
}
