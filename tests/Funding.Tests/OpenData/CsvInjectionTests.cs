using System.Net;
using System.Net.Http.Json;
using System.Text;
using SocialTech.BuildingBlocks.Text;

namespace SocialTech.Funding.Tests.OpenData;

/// <summary>
/// Issue 17: a name a spreadsheet would run as a formula (<c>=HYPERLINK(…)</c>, <c>@SUM(…)</c>) comes out of every CSV
/// the platform writes behind a single quote (OWASP's rule), and a number written as a number stays one.
/// </summary>
public sealed class CsvInjectionTests(FundingService funding) : IClassFixture<FundingService>
{
    [Theory]
    [InlineData("=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"")] // then quoted, as RFC 4180 wants
    [InlineData("@SUM(1)", "'@SUM(1)")]
    [InlineData("+33 1 23", "'+33 1 23")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("\tTab", "'\tTab")]
    [InlineData("Atelier = vélo", "Atelier = vélo")]
    public void ATextCellStartingAsAFormula_GetsALeadingQuote(string text, string cell) => Assert.Equal(cell, Csv.TextField(text, ';'));

    [Fact]
    public void ANumberCell_StaysANumber() => Assert.Equal("-12.50", Csv.Field("-12.50", ';'));

    [Fact]
    public async Task TheScdlExportOfAFlowQuery_NeutralisesFormulaNames_AndKeepsTheAmountANumber()
    {
        // With identifiers, so that the rows validate against the SCDL schema and are written (ScdlExportValidityTests).
        var funder = await OpenDataActors.SeedAsync(funding, "@SUM(1)", "24322", "foundation", siret: "44137080600016");
        await funding.DeclareFunderAsync(funder);
        var recipient = await OpenDataActors.SeedAsync(funding, "=HYPERLINK(\"http://x\",\"y\")", "24352", "association", rna: "W491012345");
        await funding.CreateAsync("/api/funding/grants", new
        {
            funders = new[] { new { funderId = funder } }, recipientId = recipient, purpose = "-1+1 atelier", amount = 1234.5m,
            plannedStart = "2025-01-01", plannedEnd = "2025-12-31", decisionDate = "2025-02-01",
        });

        using var response = await funding.Client.GetAsync(new Uri($"/api/funding/exports/scdl?territory=commune:24352&recipient={recipient}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var (text, _) = Csv.Decode(await response.Content.ReadAsByteArrayAsync());
        var records = Csv.Read(text, ';').ToList();
        var header = records[0].Fields.ToList();
        var row = Assert.Single(records.Skip(1)).Fields;

        Assert.Equal("'@SUM(1)", row[header.IndexOf("nomAttribuant")]);
        Assert.Equal("'=HYPERLINK(\"http://x\",\"y\")", row[header.IndexOf("nomBeneficiaire")]);
        Assert.Equal("'-1+1 atelier", row[header.IndexOf("objet")]);
        Assert.Equal("1234.50", row[header.IndexOf("montant")]);
    }
}
