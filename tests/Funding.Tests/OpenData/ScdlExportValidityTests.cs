using System.Globalization;
using System.Net;
using System.Text;

namespace SocialTech.Funding.Tests.OpenData;

/// <summary>
/// Issue 17: every row of the SCDL export validates against the official 2.1.1 Table Schema, checked row by row by
/// <see cref="TableSchema"/> (written apart from the export). Organisations are identified as in the demo data: some
/// with a SIRET, some with a SIREN only, some by RNA, some by nothing; rows the schema would refuse are left out and
/// counted in a header and the report route.
/// </summary>
public sealed class ScdlExportValidityTests(FundingService funding) : IClassFixture<FundingService>
{
    private static readonly string Schema = Reference.PathOf("scdl/schema-subventions.json");

    [Fact]
    public async Task ScdlExport_OfDemoLikeIdentifiers_WritesOnlyRowsTheSchemaAccepts_AndCountsTheOthers()
    {
        // Funders: one with a SIRET, one with a SIREN only (as most demo funders). Recipients: a SIRET, an RNA, nothing,
        // a Corsican RNA (W2A…, which the schema's W + 9 digits refuses), a SIRET whose check digit fails.
        var withSiret = await SeedAsync("Fondation Périgord Entraide", siret: "44137080600016", kind: "foundation");
        var sirenOnly = await SeedAsync("Fondation Dordogne Avenir", siren: "800316762", kind: "foundation");
        var club = await SeedAsync("Club \"Les Amis; du vélo\"", siret: "81956028500010");
        var byRna = await SeedAsync("Bibliothèque de Sarlat", rna: "W491012345");
        var anonymous = await SeedAsync("Collectif sans numéro");
        var corsican = await SeedAsync("A Casa di u Populu", rna: "W2A1002345");
        var badSiret = await SeedAsync("Atelier mal saisi", siret: "81956028500011");
        await funding.DeclareFunderAsync(withSiret);
        await funding.DeclareFunderAsync(sirenOnly);

        // A purpose of 300 characters starting as a formula: cut so that, with its neutralising quote, it keeps 256.
        var longPurpose = "=" + new string('x', 299);
        await AwardAsync([(withSiret, 1000m)], club, longPurpose, null);
        await AwardAsync([(withSiret, 6000m), (sirenOnly, 4000m)], byRna, "Fonds documentaire", "-50 % à la signature");
        await AwardAsync([(withSiret, 500m)], anonymous, "Fête de quartier", null);
        await AwardAsync([(sirenOnly, 700m)], anonymous, "Repas partagé", null);
        await AwardAsync([(withSiret, 800m)], corsican, "Veillée", null);
        await AwardAsync([(withSiret, 900m)], badSiret, "Outils", null);
        await AwardAsync([(withSiret, 1200m)], byRna, "Lectures 🎧 à voix haute", "2 versements");
        var query = "?territory=commune:24352&from=2025-01-01&to=2025-12-31";

        using var response = await funding.Client.GetAsync(new Uri("/api/funding/exports/scdl" + query, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var csv = Encoding.UTF8.GetString(bytes.AsSpan(Encoding.UTF8.Preamble.Length));

        // Every row, every field, against the official schema.
        Assert.Empty(TableSchema.Check(Schema, csv, ';'));
        var rows = TableSchema.Parse(csv, ';').Skip(1).ToArray();
        // Written by hand: the funder with a SIRET for the club (1000), the RNA library twice (6000, 1200).
        Assert.Equal([1000m, 1200m, 6000m], rows.Select(r => decimal.Parse(r[8], CultureInfo.InvariantCulture)).Order());
        Assert.All(rows, r => Assert.Equal("44137080600016", r[1]));
        var cut = Assert.Single(rows, r => r[0] == "Fondation Périgord Entraide" && r[5] == "81956028500010");
        Assert.Equal("'=" + new string('x', 253) + "…", cut[7]);
        Assert.Equal("Club \"Les Amis; du vélo\"", cut[4]);
        Assert.Equal("'-50 % à la signature", Assert.Single(rows, r => r[8] == "6000.00")[10]);

        // Left out: the SIREN-only funder's part of the co-funded grant (4000) and its own grant (700), and the grants
        // to the anonymous collective (500), the Corsican RNA (800) and the wrong SIRET (900).
        Assert.Equal("3", response.Headers.GetValues("X-Scdl-Exported-Rows").Single());
        Assert.Equal("5", response.Headers.GetValues("X-Scdl-Omitted-Rows").Single());
        var report = await funding.GetAsync("/api/funding/exports/scdl/report" + query);
        Assert.Equal((3, 8200m, 5, 6900m), (report.GetProperty("exportedRows").GetInt32(), report.GetProperty("exportedAmount").GetDecimal(),
            report.GetProperty("omittedRows").GetInt32(), report.GetProperty("omittedAmount").GetDecimal()));
        Assert.Equal((2, 4), (report.GetProperty("omittedByColumn").GetProperty("idAttribuant").GetInt32(), report.GetProperty("omittedByColumn").GetProperty("idBeneficiaire").GetInt32()));
        var both = Assert.Single(report.GetProperty("omitted").EnumerateArray(), o => o.GetProperty("montant").GetDecimal() == 700m);
        Assert.Contains("SIRET", both.GetProperty("reasons").GetProperty("idAttribuant").GetString(), StringComparison.Ordinal);
        Assert.Contains("RNA", both.GetProperty("reasons").GetProperty("idBeneficiaire").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void TheSchemaChecker_RefusesWhatTheSchemaRefuses()
    {
        // The checker is not vacuous: each broken cell of an otherwise valid row is reported, naming its field.
        const string header = "nomAttribuant;idAttribuant;dateConvention;referenceDecision;nomBeneficiaire;idBeneficiaire;rnaBeneficiaire;objet;montant;nature;conditionsVersement;datesPeriodeVersement;idRAE;notificationUE;pourcentageSubvention;dispositifAide\r\n";
        const string valid = "Ville;21310458100011;2025-01-01;R1;Club;81956028500010;;Objet;100.00;aide en numéraire;unique;2025-01-01/2025-12-31;;non;1;\r\n";
        Assert.Empty(TableSchema.Check(Schema, header + valid, ';'));
        // La Poste's establishments: digits adding up to a multiple of 5, not Luhn (python-stdnum, which validata runs).
        Assert.Empty(TableSchema.Check(Schema, header + valid.Replace("21310458100011", "35600000000048", StringComparison.Ordinal), ';'));

        foreach (var (broken, field) in new[]
        {
            (valid.Replace("21310458100011", "", StringComparison.Ordinal), "idAttribuant"),
            (valid.Replace("81956028500010", "81956028500011", StringComparison.Ordinal), "idBeneficiaire"),
            (valid.Replace(";81956028500010;;", ";;W2A1002345;", StringComparison.Ordinal), "rnaBeneficiaire"),
            (valid.Replace(";81956028500010;;", ";;;", StringComparison.Ordinal), "one of idBeneficiaire or rnaBeneficiaire"),
            (valid.Replace("Objet", new string('o', 257), StringComparison.Ordinal), "objet"),
            (valid.Replace("100.00", "100,00", StringComparison.Ordinal), "montant"),
            (valid.Replace("aide en numéraire", "numéraire", StringComparison.Ordinal), "nature"),
            (valid.Replace("2025-01-01/2025-12-31", "2025", StringComparison.Ordinal), "datesPeriodeVersement"),
            (valid.Replace(";non;1;", ";no;1;", StringComparison.Ordinal), "notificationUE"),
            (valid.Replace(";non;1;", ";non;1.5;", StringComparison.Ordinal), "pourcentageSubvention"),
        })
        {
            Assert.Contains(TableSchema.Check(Schema, header + broken, ';'), e => e.Contains(field, StringComparison.Ordinal));
        }
    }

    private Task<Guid> SeedAsync(string name, string? siret = null, string? siren = null, string? rna = null, string kind = "association") =>
        OpenDataActors.SeedAsync(funding, name, "24352", kind, siret, siren, rna);

    private async Task AwardAsync((Guid Funder, decimal Amount)[] funders, Guid recipient, string purpose, string? paymentTerms) =>
        await funding.CreateAsync("/api/funding/grants", new
        {
            funders = funders.Select(f => new { funderId = f.Funder, amount = f.Amount }), recipientId = recipient, purpose,
            amount = funders.Sum(f => f.Amount), plannedStart = "2025-01-01", plannedEnd = "2025-12-31", decisionDate = "2025-02-01", paymentTerms,
        });
}
