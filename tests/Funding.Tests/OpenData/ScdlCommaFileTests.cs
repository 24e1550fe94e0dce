using System.Text;
using System.Text.Json;
using SocialTech.BuildingBlocks.Text;
using SocialTech.Funding.OpenData.Importing;
using SocialTech.Funding.OpenData.Scdl;

namespace SocialTech.Funding.Tests.OpenData;

/// <summary>
/// Issue 17: comma-separated SCDL files whose values hold unquoted commas, and the official column titles. Pure, no
/// database: a hand-made file reproducing each case, and the two real files rewritten with ',' as a careless export would.
/// </summary>
public sealed class ScdlCommaFileTests
{
    private static readonly DateOnly Today = new(2026, 11, 22);

    private const string Header =
        "nomAttribuant,idAttribuant,dateConvention,referenceDecision,nomBeneficiaire,idBeneficiaire,rnaBeneficiaire,objet,montant,nature,conditionsVersement,datesPeriodeVersement,idRAE,notificationUE,pourcentageSubvention,dispositifAide\r\n";

    [Fact]
    public void CommaFile_ExtraCommasThatOnlyOneReadingPlaces_AreReadWithoutLoss_OthersNameTheirFieldsAndTheTrueCount()
    {
        var file = Read(Header +
            // 2: two commas inside objet, between idBeneficiaire/rnaBeneficiaire and montant: 18 cells.
            "Ville de Roques,21310458100011,2024-03-01,D-1,Tennis Club,44137080600016,,Tournoi, buvette, arbitrage,2400.00,aide en numéraire,unique,2024-01-01/2024-12-31,,non,1,\r\n" +
            // 3: an unquoted French amount.
            "Ville de Roques,21310458100011,2024-03-01,D-2,Tennis Club,44137080600016,,Saison,25 000,00,aide en numéraire,unique,2024-01-01/2024-12-31,,non,1,\r\n" +
            // 4: a comma in objet, an unquoted amount with cents and a comma in conditionsVersement: three separate places.
            "Ville de Roques,21310458100011,2024-03-01,D-3,Tennis Club,44137080600016,,Achat de filets, balles,1 500,50,aide en numéraire,autre : 2 versements, 50 % puis 50 %,2024-01-01/2024-12-31,,non,1,\r\n" +
            // 5: a comma in nomBeneficiaire, next to referenceDecision, free text too: either could hold it.
            "Ville de Roques,21310458100011,2024-03-01,D-4,Club de couture, Roques,81956028500010,,Machines,900.00,aide en numéraire,unique,2024-01-01/2024-12-31,,non,1,\r\n" +
            // 6: 25,000 unquoted: thousands or decimals, nobody can tell.
            "Ville de Roques,21310458100011,2024-03-01,D-5,Tennis Club,44137080600016,,Saison,25,000,aide en numéraire,unique,2024-01-01/2024-12-31,,non,1,\r\n" +
            // 7: commas in objet, and the trailing separator a spreadsheet adds.
            "Ville de Roques,21310458100011,2024-03-01,D-6,Tennis Club,44137080600016,,Stage, été,300,aide en numéraire,unique,2024-07-01,,non,1,,\r\n" +
            // 8: an unquoted share (0,45) and amount: the beneficiary gets 45 % of 2 000,00.
            "Ville de Roques,21310458100011,2024-03-01,D-7,Tennis Club,44137080600016,,Projet commun,2 000,00,aide en numéraire,unique,2024-01-01,,non,0,45,\r\n");
        var decisions = file.Rows.Select(r => ScdlLines.Decide(r, Today)).ToDictionary(d => d.Line);

        Assert.Equal(',', file.Separator);
        Assert.Equal(("Tournoi, buvette, arbitrage", 2400m, "D-1"), (decisions[2].Grant!.Purpose, decisions[2].Grant!.Amount, decisions[2].Grant!.Reference));
        Assert.Contains("2 unquoted separator", decisions[2].Warnings["objet"][0], StringComparison.Ordinal);
        Assert.Equal(25000m, decisions[3].Grant!.Amount);
        Assert.Contains("split by the separator", decisions[3].Warnings["montant"][0], StringComparison.Ordinal);
        Assert.Equal(("Achat de filets, balles", 1500.50m, "autre : 2 versements, 50 % puis 50 %"),
            (decisions[4].Grant!.Purpose, decisions[4].Grant!.Amount, decisions[4].Grant!.PaymentTerms));
        Assert.Equal(new DateOnly(2024, 12, 31), decisions[4].Grant!.PlannedEnd);

        // 16 columns, 17 cells: the true count, and the two columns the comma could belong to.
        var couture = decisions[5].Errors!;
        Assert.Null(decisions[5].Grant);
        Assert.StartsWith("has 17 fields where the header has 16", couture["row"][0], StringComparison.Ordinal);
        Assert.Equal(["nomBeneficiaire", "referenceDecision", "row"], couture.Keys.Order(StringComparer.Ordinal));

        var ambiguous = decisions[6].Errors!;
        Assert.StartsWith("has 17 fields where the header has 16", ambiguous["row"][0], StringComparison.Ordinal);
        Assert.Contains("'25,000' may be an unquoted amount", ambiguous["montant"][0], StringComparison.Ordinal);

        Assert.True(decisions[7].Grant is not null, JsonSerializer.Serialize(decisions[7].Errors));
        Assert.Equal(("Stage, été", 300m), (decisions[7].Grant!.Purpose, decisions[7].Grant!.Amount));
        Assert.Equal(900m, decisions[8].Grant!.Amount);
    }

    [Fact]
    public void MaineEtLoire_RewrittenWithCommas_ReadsTheSameRows_ExceptTheScientificSiretsItSplits()
    {
        var (semicolon, comma, commas) = BothWays(Reference.Dep49);

        // Rows whose unquoted cells hold a comma, found here from the ';' file (a fifth, in objet, holds a quote and
        // so stays quoted): two conditionsVersement between nature and datesPeriodeVersement (40,5 Keuros-29,5
        // Keuros), two SIRETs in scientific notation (7,86E+13), invalid either way.
        Assert.Equal(4, commas.Count);
        Assert.Equal(semicolon.Count, comma.Count);
        foreach (var (line, decision) in semicolon)
        {
            Assert.Equal(Describe(decision.Grant), Describe(comma[line].Grant));
        }

        Assert.All(commas.Where(c => c.Value.Cells.Any(x => x.Contains("E+", StringComparison.Ordinal))), c =>
        {
            Assert.Null(comma[c.Key].Grant);
            Assert.StartsWith($"has {c.Value.Fields} fields where the header has 16", comma[c.Key].Errors!["row"][0], StringComparison.Ordinal);
        });
    }

    [Fact]
    public void RoquesAndSicoval_RewrittenWithCommas_RefusesTheRowsWhoseCommaCouldBeInTwoColumns_WithTheTrueCount()
    {
        var (semicolon, comma, commas) = BothWays(Reference.Dep31);

        // The 1.x layout puts objet right after nomBeneficiaire, both free text: a comma in objet could be in either.
        // Nine such rows (three more hold a quote, so stay quoted).
        Assert.Equal(9, commas.Count);
        foreach (var (line, decision) in semicolon)
        {
            if (commas.TryGetValue(line, out var shifted))
            {
                Assert.Null(comma[line].Grant);
                Assert.StartsWith($"has {shifted.Fields} fields where the header has 14", comma[line].Errors!["row"][0], StringComparison.Ordinal);
                Assert.Contains("objet", comma[line].Errors!.Keys);
            }
            else
            {
                Assert.Equal(Describe(decision.Grant), Describe(comma[line].Grant));
            }
        }
    }

    [Fact]
    public void TheOfficialTitles_OfEverySchemaField_AreRecognised()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(Reference.PathOf("scdl/schema-subventions.json")));
        var fields = schema.RootElement.GetProperty("fields").EnumerateArray().ToArray();

        Assert.Equal(16, fields.Length);
        foreach (var field in fields)
        {
            Assert.Equal(field.GetProperty("name").GetString(), ScdlColumns.Recognise(field.GetProperty("title").GetString()!));
        }

        Assert.Equal("idRAE", ScdlColumns.Recognise("Identifiant RAE de l’aide au titre de laquelle la subvention est attribuée"));
        Assert.Null(ScdlColumns.Recognise("Identifiant de la subvention"));
    }

    [Fact]
    public void AFileHeadedWithTheOfficialTitles_IsReadIntoTheSchemaColumns()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(Reference.PathOf("scdl/schema-subventions.json")));
        var titles = schema.RootElement.GetProperty("fields").EnumerateArray().Select(f => Csv.Field(f.GetProperty("title").GetString(), ';'));
        var file = ScdlFile.Read(Encoding.UTF8.GetBytes(string.Join(';', titles) + "\r\n" +
            "Ville;21310458100011;2024-01-01;R1;Club;81956028500010;;Objet;100.00;aide en numéraire;unique;2024-01-01;12345;non;1;D\r\n"), ImportScdl.MaxRows);

        Assert.Empty(file.IgnoredColumns);
        Assert.Equal(16, file.Columns.Count);
        Assert.Equal("12345", file.Rows[0]["idRAE"]);
        Assert.NotNull(ScdlLines.Decide(file.Rows[0], Today).Grant);
    }

    private static ScdlFile Read(string text) => ScdlFile.Read(Encoding.UTF8.GetBytes(text), ImportScdl.MaxRows);

    private static string Describe(ScdlLine? line) =>
        line is null ? "invalid" : $"{line.NaturalKey}|{line.Funder.Name}|{line.Recipient.Name}|{line.Purpose}|{line.PaymentTerms}|{line.PlannedStart}|{line.PlannedEnd}";

    /// <summary>
    /// A real ';' file and the same file rewritten with ',' between cells, quoting only cells with a quote or a line
    /// break (as careless exports do); and, per line, the rows whose cells hold a comma with their true cell count.
    /// </summary>
    private static (Dictionary<int, ScdlDecision> Semicolon, Dictionary<int, ScdlDecision> Comma, Dictionary<int, (int Fields, IReadOnlyList<string> Cells)> Commas) BothWays(string path)
    {
        var (text, _) = Csv.Decode(Reference.Bytes(path));
        var records = Csv.Read(text, ';').ToList();
        var rewritten = string.Concat(records.Select(r => string.Join(',', r.Fields.Select(f => f.IndexOfAny(['"', '\n', '\r']) >= 0 ? "\"" + f.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : f)) + "\r\n"));
        var commas = records.Skip(1).Where(r => r.Fields.Any(f => f.Contains(',', StringComparison.Ordinal) && f.IndexOfAny(['"', '\n', '\r']) < 0))
            .ToDictionary(r => r.Line, r => (r.Fields.Count + r.Fields.Sum(f => f.IndexOfAny(['"', '\n', '\r']) >= 0 ? 0 : f.Count(c => c == ',')), r.Fields));
        var semicolon = ScdlFile.Read(Reference.Bytes(path), ImportScdl.MaxRows).Rows.Select(r => ScdlLines.Decide(r, Today)).ToDictionary(d => d.Line);
        var comma = ScdlFile.Read(Encoding.UTF8.GetBytes(rewritten), ImportScdl.MaxRows).Rows.Select(r => ScdlLines.Decide(r, Today)).ToDictionary(d => d.Line);
        return (semicolon, comma, commas);
    }
}
