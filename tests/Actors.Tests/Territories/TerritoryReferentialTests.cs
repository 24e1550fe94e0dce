using SocialTech.Actors.Contracts;
using SocialTech.Actors.Territories;

namespace SocialTech.Actors.Tests.Territories;

/// <summary>
/// Facts about the embedded 2025 referential, each checked against the source files in
/// <c>../shared/reference/territory</c>; the command that gives each expected figure is next to it, so that a
/// reader can re-derive it without trusting the build tool.
/// </summary>
public sealed class TerritoryReferentialTests
{
    // Loaded once for the class: the data are immutable and loading is the expensive part.
    private static readonly TerritoryReferential Referential = TerritoryReferential.LoadEmbedded();

    private static TerritoryVintage Territories => Referential.Current;

    [Fact]
    public void Current_IsThe2025Vintage_WithEveryCommuneOfTheCog()
    {
        Assert.Equal(2025, Territories.Year);
        Assert.Contains(2025, Referential.Vintages);
        // grep -c '^COM,' v_commune_2025.csv
        Assert.Equal(34875, Territories.CommuneCount);
        Assert.Contains("Licence Ouverte", Territories.Licence, StringComparison.Ordinal);
        Assert.Contains("INSEE", Territories.Attribution, StringComparison.Ordinal);
    }

    [Fact]
    public void Lyon_IsInMetropoleDeLyon_Rhone_AuvergneRhoneAlpes()
    {
        Assert.True(Territories.TryGetCommune("69123", out var lyon));
        Assert.Equal("Lyon", lyon.Name);
        Assert.Equal("200046977", lyon.EpciSiren);
        Assert.Equal("69", lyon.DepartementCode);
        Assert.Equal("84", lyon.RegionCode);

        Assert.Equal(
            [
                new Territory(TerritoryLevel.Epci, "200046977", "Métropole de Lyon"),
                new Territory(TerritoryLevel.Departement, "69", "Rhône"),
                new Territory(TerritoryLevel.Region, "84", "Auvergne-Rhône-Alpes"),
            ],
            Territories.ParentsOf(TerritoryLevel.Commune, "69123"));
        Assert.True(Territories.TryGetEpci("200046977", out var metropole));
        Assert.Equal("MET69", metropole.Nature);
    }

    // Each pair read from the npm package @etalab/decoupage-administratif 6.0.0 (npm pack, then
    // grep '"siren":"<SIREN>"' package/data/communes.json: one commune-actuelle a line), not from the build tool.
    // Most were chosen because their digits say something else: Amiens's would read 80019 (Allery), Albert's 80014,
    // Péronne's 80585; Dzaoudzi's (Mayotte) does not even start with 21.
    [Theory]
    [InlineData("218000198", "80021", "Amiens")]
    [InlineData("218000172", "80019", "Allery")]
    [InlineData("218000016", "80001", "Abbeville")]
    [InlineData("218000149", "80016", "Albert")]
    [InlineData("218005858", "80620", "Péronne")]
    [InlineData("200008795", "97608", "Dzaoudzi")]
    [InlineData("212000046", "2A004", "Ajaccio")]
    [InlineData("219740115", "97411", "Saint-Denis")]
    [InlineData("212900831", "29083", "Île-de-Sein")]
    [InlineData("217500016", "75056", "Paris")]
    public void CommuneSiren_LeadsToItsCommune_ThroughThePublishedTable(string siren, string code, string name)
    {
        Assert.True(Referential.TryGetCommuneBySiren(siren, out var commune), siren);
        Assert.Equal((code, name, siren), (commune.Code, commune.Name, commune.Siren));
        Assert.True(Territories.TryGetCommune(code, out var byCode));
        Assert.Equal(siren, byCode.Siren);
    }

    [Theory]
    [InlineData("200046977")] // the Métropole de Lyon: an EPCI, found by TryGetEpci, not a commune
    [InlineData("443061841")] // a company (the README's example of a valid SIREN)
    [InlineData("218000008")] // Luhn-valid, 21 + 80 like the Somme communes, given to none (grep finds nothing)
    [InlineData("80021")]     // a COG code is not a SIREN
    [InlineData("")]
    [InlineData(null)]
    public void SirenOfNoCommune_IsNotFound(string? siren)
    {
        Assert.False(Referential.TryGetCommuneBySiren(siren, out _));
    }

    [Fact]
    public void EverySiren_NamesOneCommune_AndTheEpciLookupStaysApart()
    {
        // python3 -c "import json; c=[x for x in json.load(open('package/data/communes.json')) if x['type']=='commune-actuelle' and 'siren' in x]; print(len(c), len({x['siren'] for x in c}))"
        // gives 34875 34875: every 2025 commune has one, and no two share one.
        var sirens = Territories.CodesAt(TerritoryLevel.Commune).Select(c => Territories.TryGetCommune(c, out var m) ? m.Siren : null).ToArray();
        Assert.Equal(34875, sirens.OfType<string>().Distinct().Count());
        Assert.True(Referential.TryGetEpci("200046977", out var metropole));
        Assert.Equal("Métropole de Lyon", metropole.Name);
        Assert.False(Referential.TryGetEpci("218000198", out _));
    }

    [Theory]
    // awk -F';' '$7 ~ /^6938[1-9]$/ {m+=$9; t+=$11} END {print m, t}' donnees_communes_PL2023_geo2025.csv
    [InlineData("69123", 519127, 525314)]
    // awk -F';' '$7 ~ /^751[0-2][0-9]$/ {m+=$9; t+=$11} END {print m, t}' donnees_communes_PL2023_geo2025.csv
    [InlineData("75056", 2103778, 2119412)]
    // awk -F';' '$7 ~ /^132[0-1][0-9]$/ {m+=$9; t+=$11} END {print m, t}' donnees_communes_PL2023_geo2025.csv
    [InlineData("13055", 886040, 892391)]
    public void ParisLyonMarseille_Population_IsTheSumOfTheirArrondissements(string code, long municipal, long total)
    {
        Assert.True(Territories.TryGetCommune(code, out var commune));
        Assert.Equal(municipal, commune.Population.Municipal);
        Assert.Equal(total, commune.Population.Total);
        Assert.Equal([2023], commune.Population.CensusYears);
    }

    [Fact]
    public void Mamoudzou_Population_ComesFromThe2017MayotteCensus()
    {
        // donnees_communes_mayotte_PL2017.csv, CODCOM 611: PMUN 71437, PTOT 72974.
        Assert.True(Territories.TryGetCommune("97611", out var mamoudzou));
        Assert.Equal(71437, mamoudzou.Population.Municipal);
        Assert.Equal(72974, mamoudzou.Population.Total);
        Assert.Equal([2017], mamoudzou.Population.CensusYears);
        Assert.Equal([2017], Territories.PopulationOf(TerritoryLevel.Departement, "976").CensusYears);
    }

    [Fact]
    public void Lyon5eArrondissement_ResolvesToLyon()
    {
        var match = Assert.Single(Territories.Resolve("69385"));

        Assert.Equal(new Territory(TerritoryLevel.Commune, "69123", "Lyon"), match.Territory);
        Assert.Equal(new FormerCode("69385", FormerCodeKind.Arrondissement, "Lyon 5e Arrondissement", "69123"), match.Via);
    }

    [Fact]
    public void CommuneDeleguee_ResolvesToItsCommuneNouvelle()
    {
        // grep '^COMD,24013' v_commune_2025.csv: Atur, COMPARENT 24053 (Boulazac Isle Manoire).
        var match = Assert.Single(Territories.Resolve("24013"));

        Assert.Equal(new Territory(TerritoryLevel.Commune, "24053", "Boulazac Isle Manoire"), match.Territory);
        Assert.Equal(FormerCodeKind.CommuneDeleguee, match.Via!.Kind);
    }

    [Fact]
    public void ArrondissementCode_IsNotACommune_ForHeadOffices()
    {
        Assert.False(Referential.TryGetCommune("69385", out _));
        Assert.True(Referential.TryGetCommune("69123", out _));
    }

    [Fact]
    public void EveryArrondissement_ResolvesToItsCommune_WhereACommuneIsAsked()
    {
        // grep '^ARM,' v_commune_2025.csv: 75101-75120 (COMPARENT 75056), 69381-69389 (69123), 13201-13216 (13055).
        var expected = Enumerable.Range(75101, 20).Select(c => (c, "75056"))
            .Concat(Enumerable.Range(69381, 9).Select(c => (c, "69123")))
            .Concat(Enumerable.Range(13201, 16).Select(c => (c, "13055")));
        foreach (var (code, commune) in expected)
        {
            var text = code.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(Referential.TryResolveCommune(text, out var resolved), text);
            Assert.Equal(commune, resolved.Code);
        }

        Assert.True(Referential.TryResolveCommune(" 24352 ", out var riberac));
        Assert.Equal("24352", riberac.Code);
        // Atur (COMD, 24013) and unknown codes are not communes: the writer gives the current code.
        Assert.False(Referential.TryResolveCommune("24013", out _));
        Assert.False(Referential.TryResolveCommune("99999", out _));
        Assert.False(Referential.TryResolveCommune(null, out _));
    }

    [Fact]
    public void CommuneReference_IsReadInItsOwnVintage()
    {
        Assert.True(Referential.TryGetCommune(new CommuneReference("69123", 2025), out var lyon));
        Assert.Equal("Lyon", lyon.Name);
        Assert.False(Referential.TryGetCommune(new CommuneReference("69123", 2019), out _));
        Assert.False(Referential.TryGetVintage(2019, out _));
    }

    [Theory]
    [InlineData("01", "Guadeloupe", "Ain")]
    [InlineData("75", "Nouvelle-Aquitaine", "Paris")]
    public void TwoDigitCode_ResolvesToBothTheRegionAndTheDepartement(string code, string region, string departement)
    {
        var matches = Territories.Resolve(code).Select(m => m.Territory).ToArray();

        Assert.Equal(
            [new Territory(TerritoryLevel.Region, code, region), new Territory(TerritoryLevel.Departement, code, departement)],
            matches);
    }

    [Theory]
    [InlineData("200046977", TerritoryLevel.Epci)]
    [InlineData("2A", TerritoryLevel.Departement)]
    [InlineData("2a004", TerritoryLevel.Commune)]
    public void Resolve_FindsEveryLevel(string code, TerritoryLevel level) =>
        Assert.Equal(level, Assert.Single(Territories.Resolve(code)).Territory.Level);

    [Fact]
    public void Resolve_UnknownCode_FindsNothing()
    {
        Assert.Empty(Territories.Resolve("99999"));
        Assert.Empty(Territories.Resolve(""));
    }

    [Fact]
    public void Dordogne_Has503Communes_And22Epcis()
    {
        // grep -c '^COM,[0-9]*,75,24,' v_commune_2025.csv → 503
        // awk -F, 'NR>1 && $9=="24" {print $2}' epcicom2025.csv | sort -u | wc -l → 22 (EPCIs with a member in 24)
        var communes = Territories.ChildrenOf(TerritoryLevel.Departement, "24", TerritoryLevel.Commune);
        var epcis = Territories.ChildrenOf(TerritoryLevel.Departement, "24", TerritoryLevel.Epci);

        Assert.Equal(503, communes.Count);
        Assert.Equal(22, epcis.Count);
        Assert.Equal(525, Territories.ChildrenOf(TerritoryLevel.Departement, "24").Count);
        Assert.Equal(communes.Select(c => c.Code), Territories.CommuneCodesUnder(TerritoryLevel.Departement, "24"));
        Assert.Contains(new Territory(TerritoryLevel.Commune, "24037", "Bergerac"), communes);
        Assert.All(communes, c => Assert.Equal("24", Territories.TryGetCommune(c.Code, out var commune) ? commune.DepartementCode : null));
    }

    [Fact]
    public void DepartementEpcis_CoverAllItsCommunes()
    {
        var underEpcis = Territories.ChildrenOf(TerritoryLevel.Departement, "24", TerritoryLevel.Epci)
            .SelectMany(e => Territories.CommuneCodesUnder(TerritoryLevel.Epci, e.Code))
            .ToHashSet();

        Assert.Superset(Territories.CommuneCodesUnder(TerritoryLevel.Departement, "24").ToHashSet(), underEpcis);
    }

    [Fact]
    public void Epci_RollUp_IsItsMemberCommunes()
    {
        // grep -c ',200046977,' epcicom2025.csv → 58
        var members = Territories.CommuneCodesUnder(TerritoryLevel.Epci, "200046977");

        Assert.Equal(58, members.Count);
        Assert.Contains("69123", members);
        Assert.Equal(members, Territories.ChildrenOf(TerritoryLevel.Epci, "200046977").Select(c => c.Code));
    }

    [Fact]
    public void Region_RollUp_IsTheCommunesOfItsDepartements()
    {
        // awk -F, '$1=="COM" && $3=="84"' v_commune_2025.csv | wc -l → 4025
        var communes = Territories.CommuneCodesUnder(TerritoryLevel.Region, "84");

        Assert.Equal(4025, communes.Count);
        Assert.Contains("69123", communes);
        Assert.DoesNotContain("24037", communes);
        Assert.Equal(12, Territories.ChildrenOf(TerritoryLevel.Region, "84").Count);
    }

    [Fact]
    public void EveryCommune_RollsUpToExactlyOneRegion()
    {
        var regions = new[] { "01", "02", "03", "04", "06", "11", "24", "27", "28", "32", "44", "52", "53", "75", "76", "84", "93", "94" };

        var all = regions.SelectMany(r => Territories.CommuneCodesUnder(TerritoryLevel.Region, r)).ToArray();

        Assert.Equal(34875, all.Length);
        Assert.Equal(all.Length, all.Distinct().Count());
    }

    [Fact]
    public void EpciAcrossDepartements_IsListedUnderEach()
    {
        // CA Moulins Communauté has members in Allier (03) and Nièvre (58) in epcicom2025.csv.
        var moulins = new Territory(TerritoryLevel.Epci, "200071140", "CA Moulins Communauté");

        Assert.Contains(moulins, Territories.ChildrenOf(TerritoryLevel.Departement, "03"));
        Assert.Contains(moulins, Territories.ChildrenOf(TerritoryLevel.Departement, "58"));
        var parents = Territories.ParentsOf(TerritoryLevel.Epci, "200071140");
        Assert.Contains(new Territory(TerritoryLevel.Departement, "03", "Allier"), parents);
        Assert.Contains(new Territory(TerritoryLevel.Departement, "58", "Nièvre"), parents);
    }

    [Fact]
    public void RuralCommuneOfDordogne_IsRural()
    {
        // grille_densite_7_niveaux_2024.csv: 24001 Abjat-sur-Bandiat, DENS 7; FRR file: "FRR socle".
        Assert.True(Territories.TryGetCommune("24001", out var abjat));

        Assert.Equal(7, abjat.Density);
        Assert.True(abjat.Rural);
        Assert.Equal(FrrClassification.Frr, abjat.Frr);
        Assert.Empty(abjat.Qpvs);
    }

    [Fact]
    public void Bergerac_IsUrban_WithItsThreeQpvs()
    {
        // grille: 24037 DENS 2; qpv_2024_liste.csv: QN02401M, QN02402M, QN02403M in 24037.
        Assert.True(Territories.TryGetCommune("24037", out var bergerac));

        Assert.Equal(2, bergerac.Density);
        Assert.False(bergerac.Rural);
        Assert.Equal(["QN02401M", "QN02402M", "QN02403M"], bergerac.Qpvs.Select(q => q.Code));
        Assert.Equal("Centres urbains intermédiaires", Territories.DensityLabels[2]);
    }

    [Fact]
    public void QpvAcrossCommunes_IsListedInEach()
    {
        // grep -c 69123 qpv_2024_liste.csv → 10; QN06932M spans 69123;69259 (Lyon, Vénissieux).
        Assert.True(Territories.TryGetCommune("69123", out var lyon));
        Assert.True(Territories.TryGetCommune("69259", out var venissieux));

        Assert.Equal(10, lyon.Qpvs.Count);
        Assert.Contains(lyon.Qpvs, q => q.Code == "QN06932M");
        Assert.Contains(venissieux.Qpvs, q => q.Code == "QN06932M");
        Assert.Contains(Territories.QpvsUnder(TerritoryLevel.Epci, "200046977"), q => q.Code == "QN06932M");
    }

    [Fact]
    public void QpvOfAMergedCommune_FollowsItToItsNewCommune()
    {
        // qpv_2024_liste.csv names 93059 Pierrefitte-sur-Seine, a commune déléguée of Saint-Denis (93066) in 2025.
        Assert.True(Territories.TryGetCommune("93066", out var saintDenis));

        Assert.Contains(saintDenis.Qpvs, q => q.CommuneCodes.Contains("93066"));
        Assert.DoesNotContain(Territories.QpvsUnder(TerritoryLevel.Departement, "93"), q => q.CommuneCodes.Contains("93059"));
    }

    [Fact]
    public void CommuneRestoredIn2025_HasNoDensity()
    {
        // 15031 Celles is in no row of the 2024 grid and no COMD/COMA row links it to one.
        Assert.True(Territories.TryGetCommune("15031", out var celles));

        Assert.Null(celles.Density);
        Assert.Null(celles.Rural);
    }

    [Fact]
    public void CommuneMergedFrom2024Communes_TakesTheDensityOfItsMostPopulousPredecessor()
    {
        // 79307 absorbed 79060, 79180, 79205, 79212 (COMD rows); 79307 itself is the most populous, DENS 5.
        Assert.True(Territories.TryGetCommune("79307", out var merged));

        Assert.Equal(5, merged.Density);
    }

    [Fact]
    public void IslandCommuneWithoutEpci_HasDepartementAndRegionAsParents()
    {
        Assert.True(Territories.TryGetCommune("29155", out var ouessant));

        Assert.Null(ouessant.EpciSiren);
        Assert.Equal(
            [new Territory(TerritoryLevel.Departement, "29", "Finistère"), new Territory(TerritoryLevel.Region, "53", "Bretagne")],
            Territories.ParentsOf(TerritoryLevel.Commune, "29155"));
    }

    [Fact]
    public void Populations_AddUpFromCommunesToRegions()
    {
        var dordogne = Territories.PopulationOf(TerritoryLevel.Departement, "24");
        var summed = Territories.CommuneCodesUnder(TerritoryLevel.Departement, "24")
            .Sum(c => Territories.TryGetCommune(c, out var commune) ? commune.Population.Municipal : 0);

        Assert.Equal(summed, dordogne.Municipal);
        Assert.Equal(
            Territories.ChildrenOf(TerritoryLevel.Region, "84").Sum(d => Territories.PopulationOf(TerritoryLevel.Departement, d.Code).Total),
            Territories.PopulationOf(TerritoryLevel.Region, "84").Total);
    }

    [Theory]
    [InlineData("lyon", TerritoryLevel.Commune, "69123")]
    [InlineData("LYON", null, "69123")]
    [InlineData("saint etienne", TerritoryLevel.Commune, "42218")]
    [InlineData("Saint-Étienne", TerritoryLevel.Commune, "42218")]
    [InlineData("evry courcouronnes", TerritoryLevel.Commune, "91228")]
    [InlineData("metropole de lyon", TerritoryLevel.Epci, "200046977")]
    [InlineData("ile de france", null, "11")]
    public void Search_IgnoresCaseAccentsAndPunctuation_MostRelevantFirst(string query, TerritoryLevel? level, string expectedFirst)
    {
        var found = Territories.Search(query, level);

        Assert.NotEmpty(found);
        Assert.Equal(expectedFirst, found[0].Code);
        Assert.All(found, t => Assert.True(level is null || t.Level == level));
    }

    [Fact]
    public void Fold_RemovesAccentsLigaturesAndPunctuation() =>
        Assert.Equal("l hay les roses coeur", TerritoryVintage.Fold("L'Haÿ-les-Roses  Cœur"));
}
