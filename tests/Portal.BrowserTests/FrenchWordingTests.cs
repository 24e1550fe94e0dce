using System.Reflection;
using System.Text.Json;
using SocialTech.Actors;
using SocialTech.Actors.Territories;
using SocialTech.BuildingBlocks.Text;
using SocialTech.Funding;
using SocialTech.IncubatorNetworks;
using SocialTech.Labelling;
using SocialTech.Labelling.Eligibility;

namespace SocialTech.Portal.BrowserTests;

/// <summary>
/// The wording catalogue against the services' own enums, read by reflection: a new enum, or a new value of one,
/// that the APIs would send as a code without a French word fails here before it reaches a page. No platform needed.
/// </summary>
public sealed class FrenchWordingTests
{
    private static readonly Assembly[] Services =
    [
        typeof(ActorsApiEntryPoint).Assembly, typeof(TerritoryReferential).Assembly, typeof(FundingApiEntryPoint).Assembly,
        typeof(LabellingApiEntryPoint).Assembly, typeof(IncubatorNetworksApiEntryPoint).Assembly,
    ];

    public static TheoryData<string> PublicEnums()
    {
        var data = new TheoryData<string>();
        foreach (var type in Services.SelectMany(a => a.GetTypes()).Where(t => t.IsEnum && t.IsPublic).OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            data.Add(type.AssemblyQualifiedName!);
        }

        return data;
    }

    [Fact]
    public void EveryVocabulary_WordsAServiceEnum_OrTheEligibilityFacts()
    {
        // Both ways: the walk below sees every enum (a refactoring hiding them would leave nothing to check), and a
        // vocabulary whose enum was renamed or removed is noticed.
        var enums = Services.SelectMany(a => a.GetTypes()).Where(t => t.IsEnum && t.IsPublic).Select(t => t.Name).ToArray();
        Assert.Equal(enums.Length, enums.Distinct().Count());
        Assert.Equal(enums.Append("EligibilityFact").Order(StringComparer.Ordinal), FrenchWording.Vocabularies.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(PublicEnums))]
    public void EveryValueOfEveryServiceEnum_HasItsFrenchWording(string enumType)
    {
        var type = Type.GetType(enumType, throwOnError: true)!;
        Assert.True(FrenchWording.Vocabularies.TryGetValue(type.Name, out var words), $"no vocabulary {type.Name} in FrenchWording for {type.FullName}");

        // The code as the APIs write it (JsonStringEnumConverter with the kebab-case policy), computed here.
        var codes = Enum.GetNames(type).Select(JsonNamingPolicy.KebabCaseLower.ConvertName).ToArray();
        var missing = codes.Where(c => !words.ContainsKey(c)).ToArray();
        Assert.True(missing.Length == 0, $"{type.Name}: no French wording for {string.Join(", ", missing)}");
        var stale = words.Keys.Except(codes).ToArray();
        Assert.True(stale.Length == 0, $"{type.Name}: wording for codes the enum no longer has: {string.Join(", ", stale)}");
        Assert.All(words.Values, w => Assert.False(string.IsNullOrWhiteSpace(w)));
    }

    [Fact]
    public void EveryEligibilityFact_HasItsFrenchWording()
    {
        var words = FrenchWording.Vocabularies["EligibilityFact"];
        Assert.Equal(EligibilityFacts.All.Order(StringComparer.Ordinal), words.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("ActorKind", "social-enterprise", "entreprise sociale")]
    [InlineData("PlaceTypology", "shared-workshop", "atelier partagé")]
    [InlineData("VenturePhase", "creation", "création")]
    [InlineData("LabelStatus", "revoked", "retiré")]
    public void Of_WordsACode(string vocabulary, string code, string expected) => Assert.Equal(expected, FrenchWording.Of(vocabulary, code));

    [Fact]
    public void Of_LeavesAnUnknownCodeAsItIs_RatherThanFailingAPage() => Assert.Equal("new-kind", FrenchWording.Of("ActorKind", "new-kind"));

    [Theory]
    [InlineData(2027, 1, 20, "20 janvier 2027")]
    [InlineData(2026, 3, 1, "1er mars 2026")]
    [InlineData(2025, 12, 31, "31 décembre 2025")]
    public void Date_IsWrittenAsInFrench(int year, int month, int day, string expected) =>
        Assert.Equal(expected, FrenchWording.Date(new DateOnly(year, month, day)));

    [Fact]
    public void Euros_AndNumbers_UseFrenchSeparators()
    {
        // fr-FR groups thousands and sets the euro sign apart with no-break spaces (which ones depends on ICU's version).
        Assert.Equal("12 500 €", Spaced(FrenchWording.Euros(12500m)));
        Assert.Equal("12 500,50 €", Spaced(FrenchWording.Euros(12500.5m)));
        Assert.Equal("2,5", FrenchWording.Number(2.5m));
    }

    private static string Spaced(string text) => new([.. text.Select(c => char.IsWhiteSpace(c) ? ' ' : c)]);
}
