using System.Text;
using SocialTech.BuildingBlocks.Http;
using SocialTech.Funding.OpenData.Importing;
using SocialTech.Funding.OpenData.Scdl;

namespace SocialTech.Funding.Tests.OpenData;

/// <summary>Reading SCDL files as authorities publish them: values, layouts, encodings, the two real files. Pure, no database.</summary>
public sealed class ScdlReadingTests
{
    private static readonly DateOnly Today = new(2026, 11, 22);

    [Theory]
    [InlineData("25000", "25000")]
    [InlineData("25000.00", "25000")]
    [InlineData("24000.0", "24000")]
    [InlineData("25 000,00", "25000")]
    [InlineData("25\u00a0000,50", "25000.50")]
    [InlineData("25 000 €", "25000")]
    [InlineData("25.000,00", "25000")]
    [InlineData("25,000.00", "25000")]
    [InlineData("1 234 567,89", "1234567.89")]
    public void Amount_AsAuthoritiesWriteIt_IsReadInEuros(string cell, string euros) =>
        Assert.Equal(decimal.Parse(euros, System.Globalization.CultureInfo.InvariantCulture), ScdlValues.Amount(cell).Value);

    [Theory]
    [InlineData("7,86E+13")]
    [InlineData("abc")]
    [InlineData("0")]
    [InlineData("12.345")]
    public void Amount_Unreadable_SaysWhy(string cell)
    {
        var (value, error) = ScdlValues.Amount(cell);
        Assert.Null(value);
        Assert.Contains(cell, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2024-06-01", "2024-06-01")]
    [InlineData("01/06/2024", "2024-06-01")]
    [InlineData("2024/06/01", "2024-06-01")]
    [InlineData("2024-06-01T00:00:00", "2024-06-01")]
    [InlineData("01/06/2024 00:00", "2024-06-01")]
    public void Date_IsoOrFrench_IsRead(string cell, string iso) => Assert.Equal(DateOnly.Parse(iso, System.Globalization.CultureInfo.InvariantCulture), ScdlValues.Date(cell));

    [Theory]
    [InlineData("2017-10-06/2018-06-30", "2017-10-06", "2018-06-30", false)]
    [InlineData("2017-01-01_2017-12-31", "2017-01-01", "2017-12-31", false)]
    [InlineData("01/01/2019", "2019-01-01", "2019-01-01", false)]
    [InlineData("NC/2019-06-30", null, "2019-06-30", true)]
    [InlineData("2018-11-20/fin de l'action", "2018-11-20", null, true)]
    public void Period_KeepsTheDatesAndWarnsAboutText(string cell, string? start, string? end, bool warns)
    {
        var (s, e, warning) = ScdlValues.Period(cell);
        Assert.Equal(start, s?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(end, e?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(warns, warning is not null);
    }

    [Theory]
    [InlineData("224 900 019 000 15'", "22490001900015", "224900019", null)]
    [InlineData("82 212 742 900 014", "82212742900014", "822127429", null)]
    [InlineData("44137080600016.0", "44137080600016", "441370806", null)]
    [InlineData("224900019", null, "224900019", null)]
    [InlineData("W491012345", null, null, "W491012345")]
    public void Identifier_AsWritten_IsReadAsSiretSirenOrRna(string cell, string? siret, string? siren, string? rna)
    {
        var (value, error, _) = ScdlValues.Identifier(cell);
        Assert.Null(error);
        Assert.Equal(new OrganisationId(siret, siren, rna), value);
    }

    [Fact]
    public void Identifier_WithItsLeadingZeroDropped_IsRestoredWithAWarning()
    {
        // 05480654200004 is a valid SIRET; a spreadsheet that read it as a number wrote 5480654200004.
        var (value, error, warning) = ScdlValues.Identifier("5480654200004");
        Assert.Null(error);
        Assert.Equal("05480654200004", value!.Siret);
        Assert.NotNull(warning);
    }

    [Theory]
    [InlineData("7,86E+13", "scientific notation")]
    [InlineData("33 452 381 900 011", "check digit")]
    [InlineData("12345", "5 digits")]
    public void Identifier_Broken_SaysWhy(string cell, string reason)
    {
        var (value, error, _) = ScdlValues.Identifier(cell);
        Assert.Null(value);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void MaineEtLoire_AsPublished_ReadsEveryRowAndRefusesExactlyTheBrokenOnes()
    {
        var file = ScdlFile.Read(Reference.Bytes(Reference.Dep49), ImportScdl.MaxRows);
        var decisions = file.Rows.Select(r => ScdlLines.Decide(r, Today)).ToArray();

        Assert.Equal(("utf-8", ';'), (file.Encoding, file.Separator));
        Assert.Equal(["natureDecision", "Colonne1"], file.IgnoredColumns);
        Assert.Equal(75, decisions.Length);
        // Found by reading the file by hand: five rows without a convention date, two SIRETs in scientific notation,
        // two rows without any beneficiary identifier, four SIRETs whose check digit fails. Lines count the
        // multi-line cell of line 9.
        int[] invalid = [16, 18, 19, 22, 26, 29, 60, 61, 66, 69, 76, 78];
        Assert.Equal(invalid, decisions.Where(d => d.Grant is null).Select(d => d.Line));
        Assert.Contains("scientific notation", decisions.Single(d => d.Line == 18).Errors!["idBeneficiaire"][0], StringComparison.Ordinal);
        Assert.Equal(["is required."], decisions.Single(d => d.Line == 16).Errors!["dateConvention"]);

        var first = decisions[0].Grant!;
        Assert.Equal(("Département de Maine-et-Loire", "22490001900015"), (first.Funder.Name, first.Funder.Id.Siret));
        Assert.Equal(("ACCORDANCE EN 2LA", "82212742900014", 24000m), (first.Recipient.Name, first.Recipient.Id.Siret, first.Amount));
        Assert.Equal((new DateOnly(2017, 6, 10), new DateOnly(2017, 10, 6), new DateOnly(2018, 6, 30)), (first.DecisionDate, first.PlannedStart, first.PlannedEnd));
        Assert.Contains("\n", decisions.Single(d => d.Line == 9).Grant!.Purpose, StringComparison.Ordinal);
    }

    [Fact]
    public void RoquesAndSicoval_InTheOneXLayout_ReadsAllButTheRowWithoutBeneficiary()
    {
        var file = ScdlFile.Read(Reference.Bytes(Reference.Dep31), ImportScdl.MaxRows);
        var decisions = file.Rows.Select(r => ScdlLines.Decide(r, Today)).ToArray();

        Assert.Equal(69, decisions.Length);
        Assert.Equal([35], decisions.Where(d => d.Grant is null).Select(d => d.Line));
        var roques = decisions[0].Grant!;
        Assert.Equal(("COMMUNE DE ROQUES", "TENNIS ROQUES OLYMPIC CLUB", 2400m), (roques.Funder.Name, roques.Recipient.Name, roques.Amount));
        Assert.Equal((new DateOnly(2017, 1, 1), new DateOnly(2017, 12, 31)), (roques.PlannedStart, roques.PlannedEnd));
    }

    [Fact]
    public void MessyFile_Windows1252BehindAUtf8Mark_CommasAndFrenchTitles_IsReadWithItsRepairsReported()
    {
        // What real files do beyond the two references: a UTF-8 mark before Windows-1252 text, French column titles,
        // ',' as separator with an unquoted French amount split in two, a quoted value holding the separator,
        // trailing spaces, blank lines, a column SCDL does not have, no RNA or dispositif columns, French dates.
        var text =
            "Nom de l'attribuant,Identification de l'attribuant,Date de la convention de subvention,Nom du bénéficiaire,Identification SIRET du bénéficiaire,Objet de la subvention,Montant total de la subvention,Pourcentage,Commentaire\r\n" +
            "\r\n" +
            "Ville de Pérouges  ,21010290100019,15/03/2024,\"Comité des fêtes, Pérouges\",44137080600016 ,Fête médiévale,26 956,00,1,ok\r\n" +
            ",,,,,,,,\r\n" +
            "Ville de Pérouges,21010290100019,2024-04-02,Les Amis du Vieux Pérouges,W011004567,\"Restauration, 2e tranche\",\"12 000,00\",50%,\r\n" +
            "Ville de Pérouges,21010290100019,2024-13-02,Inconnu,44137080600016,Objet,100,1,\r\n";
        var bytes = Encoding.UTF8.GetPreamble().Concat(CodePagesEncodingProvider.Instance.GetEncoding(1252)!.GetBytes(text)).ToArray();

        var file = ScdlFile.Read(bytes, ImportScdl.MaxRows);
        var decisions = file.Rows.Select(r => ScdlLines.Decide(r, Today)).ToArray();

        Assert.Equal(("windows-1252", ','), (file.Encoding, file.Separator));
        Assert.Equal(["Commentaire"], file.IgnoredColumns);
        Assert.Equal("pourcentageSubvention", file.Columns["Pourcentage"]);
        Assert.Equal([3, 5, 6], decisions.Select(d => d.Line));

        var fete = decisions[0].Grant!;
        Assert.Equal(("Ville de Pérouges", "Comité des fêtes, Pérouges", 26956m), (fete.Funder.Name, fete.Recipient.Name, fete.Amount));
        Assert.Equal(new DateOnly(2024, 3, 15), fete.DecisionDate);
        Assert.Contains("split by the separator", decisions[0].Warnings["montant"][0], StringComparison.Ordinal);

        var amis = decisions[1].Grant!;
        Assert.Equal(("W011004567", 6000m), (amis.Recipient.Id.Rna, amis.Amount));
        Assert.NotEmpty(decisions[1].Warnings["pourcentageSubvention"]);

        Assert.Null(decisions[2].Grant);
        Assert.Contains("2024-13-02", decisions[2].Errors!["dateConvention"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void File_WithoutAnAmountColumn_IsRefusedWhole()
    {
        var bytes = Encoding.UTF8.GetBytes("nomAttribuant;idAttribuant;dateConvention;nomBeneficiaire;idBeneficiaire;objet\r\nA;21010290100019;2024-01-01;B;44137080600016;C\r\n");

        var refused = Assert.Throws<ProblemException>(() => ScdlFile.Read(bytes, ImportScdl.MaxRows));

        Assert.Equal(400, refused.Status);
        Assert.Equal(new[] { "montant" }, (IEnumerable<string>)refused.Extensions["missingColumns"]!);
    }

    [Fact]
    public void SameRowTwice_HasTheSameNaturalKey_AndAnotherAmountAnother()
    {
        var row = new ScdlRow(2, new Dictionary<string, string>
        {
            ["nomAttribuant"] = "Ville", ["idAttribuant"] = "21010290100019", ["dateConvention"] = "2024-01-01", ["nomBeneficiaire"] = "Club",
            ["idBeneficiaire"] = "44137080600016", ["objet"] = "Saison", ["montant"] = "1000",
        }, null, []);
        var again = row with { Line = 9 };
        var other = row with { Values = new Dictionary<string, string>(row.Values) { ["montant"] = "1001" } };

        Assert.Equal(ImportScdl.GrantIdOf(ScdlLines.Decide(row, Today).Grant!), ImportScdl.GrantIdOf(ScdlLines.Decide(again, Today).Grant!));
        Assert.NotEqual(ImportScdl.GrantIdOf(ScdlLines.Decide(row, Today).Grant!), ImportScdl.GrantIdOf(ScdlLines.Decide(other, Today).Grant!));
    }
}
