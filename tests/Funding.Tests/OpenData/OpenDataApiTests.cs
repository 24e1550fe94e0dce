using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using NJsonSchema;
using NJsonSchema.Generation;
using NJsonSchema.References;

namespace SocialTech.Funding.Tests.OpenData;

/// <summary>
/// The exports on real PostgreSQL, checked against the official schemas, and the SCDL round trip: the source's export
/// imported into an empty database gives the same totals.
/// </summary>
public sealed class OpenDataApiTests(OpenDataData data) : IClassFixture<OpenDataData>
{
    private const string GrantSchemaUrl = "https://raw.githubusercontent.com/ThreeSixtyGiving/standard/1.4.2/schema/360-giving-schema.json";

    [Fact]
    public async Task ScdlExport_Everything_ValidatesAgainstTheTableSchema_OneRowPerGrantAndFunder()
    {
        var csv = await ExportAsync(data.Source, "");

        Assert.Empty(TableSchema.Check(Reference.PathOf("scdl/schema-subventions.json"), csv, ';'));
        var rows = TableSchema.Parse(csv, ';').Skip(1).ToArray();
        // Three grants stand (the fourth was cancelled); the co-funded one is a row per funder.
        Assert.Equal(4, rows.Length);
        Assert.Equal(24000m + 6000m + 4000m + 1500.51m, rows.Sum(r => decimal.Parse(r[8], CultureInfo.InvariantCulture)));
        var rna = Assert.Single(rows, r => r[6] == "W491012345");
        Assert.Equal(("", "Commune de Roques", "21310458100011"), (rna[5], rna[0], rna[1]));
        Assert.Contains(rows, r => r[15] == "Vie associative" && r[1] == "22490001900015" && r[8] == "6000.00");
    }

    [Fact]
    public async Task ScdlExport_OfATerritory_AddsUpToTheFlowQueryByFunder()
    {
        var csv = await ExportAsync(data.Source, "?territory=commune:49007");

        Assert.Empty(TableSchema.Check(Reference.PathOf("scdl/schema-subventions.json"), csv, ';'));
        var byFunder = TableSchema.Parse(csv, ';').Skip(1).GroupBy(r => r[1]).ToDictionary(g => g.Key, g => g.Sum(r => decimal.Parse(r[8], CultureInfo.InvariantCulture)));
        var flows = await FlowTotalsBySiretAsync(data.Source, "territory=commune:49007");
        Assert.Equal(flows.OrderBy(f => f.Key), byFunder.OrderBy(f => f.Key));
        // The grant used in Roques and Angers counts here for Angers' half (cents to the first location).
        Assert.Equal(750.25m, byFunder[OpenDataData.Roques.Siret!]);
    }

    [Fact]
    public async Task ScdlExport_WithAWrongFilter_Answers400NamingIt()
    {
        using var response = await data.Source.Client.GetAsync(new Uri("/api/funding/exports/scdl?territory=planet:earth&measure=spent", UriKind.Relative));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty("territory", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("measure", out _));
    }

    [Fact]
    public async Task GivingExport_ValidatesAgainstThe360GivingSchemas_WithFrenchIdentifiersAndInseeGeocodes()
    {
        using var response = await data.Source.Client.GetAsync(new Uri("/api/funding/exports/360giving", UriKind.Relative));
        var json = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var schema = await PackageSchemaAsync();
        Assert.Empty(schema.Validate(json));

        var grants = JsonNode.Parse(json)!["grants"]!.AsArray();
        Assert.Equal(3, grants.Count);
        var cofunded = grants.Single(g => g!["fundingOrganization"]!.AsArray().Count == 2)!;
        Assert.Equal(new[] { "FR-RCS-224900019", "FR-RCS-213104581" }, cofunded["fundingOrganization"]!.AsArray().Select(f => (string)f!["id"]!));
        Assert.Equal("FR-RCS-819560285", (string)cofunded["recipientOrganization"]![0]!["id"]!);
        Assert.Equal(10000m, (decimal)cofunded["amountAwarded"]!);
        var toAngers = grants.Single(g => (string)g!["recipientOrganization"]![0]!["id"]! == "FR-RNA-W491012345")!;
        Assert.Equal(new[] { "31458", "49007" }, toAngers["beneficiaryLocation"]!.AsArray().Select(l => (string)l!["geoCode"]!).Order());
        Assert.Equal("Angers", (string)toAngers["recipientOrganization"]![0]!["addressLocality"]!);
        Assert.StartsWith("360G-", (string)toAngers["id"]!, StringComparison.Ordinal);

        // The validator is not vacuous: the same package without a currency fails it.
        var broken = JsonNode.Parse(json)!;
        broken["grants"]![0]!.AsObject().Remove("currency");
        Assert.NotEmpty(schema.Validate(broken.ToJsonString()));
    }

    [Fact]
    public async Task ScdlRoundTrip_ExportImportedIntoAnEmptyDatabase_GivesTheSameTotals_AndAgainNothingNew()
    {
        var csv = await ExportAsync(data.Source, "");

        var report = await ImportAsync(data.Target, csv);
        Assert.Equal((4, 4, 0, 0, 0), Totals(report));
        Assert.Empty(report.GetProperty("registeredActors").EnumerateArray());

        // The source's grants are decided in 2024 and 2025; the other tests of the class import into the target
        // grants decided before 2024, which these totals leave out whatever order the tests run in.
        Assert.Equal(await FlowTotalsBySiretAsync(data.Source, ""), await FlowTotalsBySiretAsync(data.Target, "from=2024-01-01"));
        foreach (var query in new[] { "by-territory?basis=head-office&level=departement", "by-period?granularity=year", "by-recipient-kind" })
        {
            var since = query + (query.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "from=2024-01-01";
            Assert.Equal(await GroupsAsync(data.Source, since), await GroupsAsync(data.Target, since));
        }

        var again = await ImportAsync(data.Target, csv);
        Assert.Equal((4, 0, 4, 0, 0), Totals(again));
        Assert.All(again.GetProperty("rows").EnumerateArray(), r => Assert.StartsWith("/api/funding/grants/", r.GetProperty("existing").GetString(), StringComparison.Ordinal));

        // The target's own export (its referenceDecision now the target's grant ids) sent back to it: nothing new,
        // and exporting again gives the same file, row for row.
        var targetCsv = await ExportAsync(data.Target, "?from=2024-01-01");
        Assert.Equal(4, TableSchema.Parse(targetCsv, ';').Count - 1);
        var own = await ImportAsync(data.Target, targetCsv);
        Assert.Equal((4, 0, 4, 0, 0), Totals(own));
        Assert.Equal(
            TableSchema.Parse(targetCsv, ';').Skip(1).Select(r => $"/api/funding/grants/{r[3]}"),
            own.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("existing").GetString()));
        Assert.Equal(targetCsv, await ExportAsync(data.Target, "?from=2024-01-01"));

        // A row that copies a grant's id but names another recipient is not that grant: it is imported as a grant of its own.
        var copied = TableSchema.Parse(targetCsv, ';')[1];
        var forged = $"nomAttribuant;idAttribuant;dateConvention;referenceDecision;nomBeneficiaire;idBeneficiaire;objet;montant\r\n" +
                     $"{copied[0]};{copied[1]};2023-01-05;{copied[3]};{OpenDataData.Couture.Name};{OpenDataData.Couture.Siret};Autre objet;321.00\r\n";
        var forgedReport = await ImportAsync(data.Target, forged);
        Assert.Equal((1, 1, 0, 0, 0), Totals(forgedReport));
    }

    [Fact]
    public async Task ScdlImport_OfThePlatformsOwnExport_CreatesNothing_AndTheExportStaysTheSame()
    {
        var csv = await ExportAsync(data.Source, "");
        var before = await FlowTotalsBySiretAsync(data.Source, "");
        var exported = TableSchema.Parse(csv, ';').Skip(1).ToArray();

        var report = await ImportAsync(data.Source, csv);

        // Four rows (three grants, the co-funded one a row per funder), each recognised as the grant it came from.
        Assert.Equal((4, 0, 4, 0, 0), Totals(report));
        Assert.Equal(exported.Select(r => $"/api/funding/grants/{r[3]}"), report.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("existing").GetString()));
        Assert.Equal(csv, await ExportAsync(data.Source, ""));
        Assert.Equal(before, await FlowTotalsBySiretAsync(data.Source, ""));
    }

    [Fact]
    public async Task ScdlImport_NotCsv_Is415_AndTooLarge_Is413()
    {
        using var json = new StringContent("{}", Encoding.UTF8, "application/json");
        using var wrongType = await data.Target.Client.PostAsync(new Uri("/api/funding/imports/scdl", UriKind.Relative), json);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, wrongType.StatusCode);

        using var big = new ByteArrayContent(new byte[(10 * 1024 * 1024) + 1]);
        big.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        using var tooLarge = await data.Target.Client.PostAsync(new Uri("/api/funding/imports/scdl", UriKind.Relative), big);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
    }

    [Fact]
    public async Task ScdlImport_AsAFormUpload_ReportsEachRow()
    {
        var csv = "nomAttribuant;idAttribuant;dateConvention;nomBeneficiaire;idBeneficiaire;objet;montant\r\n" +
                  "Commune de Roques;21310458100011;2023-05-04;Club de couture de Roques;81956028500010;Machines à coudre;1 250,00\r\n" +
                  "Commune de Roques;21310458100011;2023-05-04;Club de couture de Roques;81956028500011;Machines à coudre;1 250,00\r\n";
        using var form = new MultipartFormDataContent();
        using var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "subventions.csv");

        using var response = await data.Target.Client.PostAsync(new Uri("/api/funding/imports/scdl", UriKind.Relative), form);
        var report = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal((2, 1, 0, 1, 0), Totals(report));
        var rows = report.GetProperty("rows").EnumerateArray().ToArray();
        Assert.Equal(("created", 2), (rows[0].GetProperty("status").GetString(), rows[0].GetProperty("row").GetInt32()));
        Assert.Contains("check digit", rows[1].GetProperty("errors").GetProperty("idBeneficiaire")[0].GetString(), StringComparison.Ordinal);
        var grant = await data.Target.Client.GetFromJsonAsync<JsonElement>(new Uri($"/api/funding/grants/{rows[0].GetProperty("grantId").GetGuid()}", UriKind.Relative));
        // A commune's SIREN (21…) makes its funder type commune.
        Assert.Equal((1250m, (int)SocialTech.Funding.Grants.FunderType.Commune), (grant.GetProperty("awarded").GetDecimal(), grant.GetProperty("terms").GetProperty("funders")[0].GetProperty("funderType").GetInt32()));
    }

    [Fact]
    public async Task ScdlImport_WhenActorsCannotBeReached_DefersTheRowsOfUnknownRecipients_AndImportsTheOthers()
    {
        // This host has no Actors beside it: http://actors resolves nowhere, so the unknown recipient cannot be registered.
        var csv = "nomAttribuant;idAttribuant;dateConvention;nomBeneficiaire;idBeneficiaire;rnaBeneficiaire;objet;montant\r\n" +
                  "Commune de Roques;21310458100011;2022-02-02;Inconnue;;W311000001;Fête;500\r\n" +
                  "Commune de Roques;21310458100011;2022-02-02;Tennis Roques Olympic Club;44137080600016;;Tournoi;800\r\n";

        var report = await ImportAsync(data.Target, csv);

        Assert.Equal((2, 1, 0, 0, 1), Totals(report));
        var deferred = report.GetProperty("rows")[0];
        Assert.Equal("deferred", deferred.GetProperty("status").GetString());
        Assert.Contains("Send the file again", deferred.GetProperty("errors").GetProperty("idBeneficiaire")[0].GetString(), StringComparison.Ordinal);
        Assert.Empty(report.GetProperty("registeredActors").EnumerateArray());
    }

    private static (int, int, int, int, int) Totals(JsonElement report)
    {
        var t = report.GetProperty("totals");
        return (t.GetProperty("rows").GetInt32(), t.GetProperty("created").GetInt32(), t.GetProperty("duplicate").GetInt32(),
            t.GetProperty("invalid").GetInt32(), t.GetProperty("deferred").GetInt32());
    }

    private static async Task<string> ExportAsync(FundingService service, string query)
    {
        using var response = await service.Client.GetAsync(new Uri("/api/funding/exports/scdl" + query, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.True(bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble), "a UTF-8 BOM, for spreadsheets");
        return Encoding.UTF8.GetString(bytes.AsSpan(Encoding.UTF8.Preamble.Length));
    }

    private static async Task<JsonElement> ImportAsync(FundingService service, string csv)
    {
        using var content = new StringContent(csv, Encoding.UTF8, "text/csv");
        using var response = await service.Client.PostAsync(new Uri("/api/funding/imports/scdl", UriKind.Relative), content);
        var report = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.OK, report.ToString());
        return report;
    }

    /// <summary>Funding's flow totals per funder, keyed by the funder's SIRET: actor ids differ between the two services.</summary>
    private static async Task<Dictionary<string, decimal>> FlowTotalsBySiretAsync(FundingService service, string query)
    {
        var table = await service.Client.GetFromJsonAsync<JsonElement>(new Uri($"/api/funding/flows/by-funder?{query}", UriKind.Relative));
        var totals = new Dictionary<string, decimal>();
        foreach (var group in table.GetProperty("groups").GetProperty("items").EnumerateArray())
        {
            var actor = await service.Client.GetFromJsonAsync<JsonElement>(new Uri($"/api/funding/actors/{group.GetProperty("key").GetString()}", UriKind.Relative));
            totals[actor.GetProperty("identifiers").GetProperty("siret").GetString()!] = group.GetProperty("total").GetDecimal();
        }

        return totals;
    }

    private static async Task<string> GroupsAsync(FundingService service, string query)
    {
        var table = await service.Client.GetFromJsonAsync<JsonElement>(new Uri($"/api/funding/flows/{query}", UriKind.Relative));
        return string.Join(" ", table.GetProperty("groups").GetProperty("items").EnumerateArray()
            .Select(g => $"{g.GetProperty("key").GetString()}={g.GetProperty("total").GetDecimal().ToString(CultureInfo.InvariantCulture)}")
            .Order(StringComparer.Ordinal)) + $" total={table.GetProperty("total").GetDecimal().ToString(CultureInfo.InvariantCulture)}";
    }

    /// <summary>The package schema, its grant reference (to the 1.4.2 URL) answered by the local 1.4.3 grant schema: no network.</summary>
    /// <remarks>
    /// NJsonSchema resolves draft-07 <c>definitions</c>, not 2020-12 <c>$defs</c>: the grant schema's <c>$defs</c>
    /// (the keyword and its <c>#/$defs/</c> pointers, nothing else) is renamed before loading. The constraints are untouched.
    /// </remarks>
    internal static async Task<JsonSchema> PackageSchemaAsync()
    {
        var grantText = (await File.ReadAllTextAsync(Reference.PathOf("360giving/360-giving-schema.json")))
            .Replace("\"$defs\"", "\"definitions\"", StringComparison.Ordinal)
            .Replace("#/$defs/", "#/definitions/", StringComparison.Ordinal);
        var grant = await JsonSchema.FromJsonAsync(grantText, Reference.PathOf("360giving/360-giving-schema.json"));
        var package = await File.ReadAllTextAsync(Reference.PathOf("360giving/360-giving-package-schema.json"));
        return await JsonSchema.FromJsonAsync(package, Reference.PathOf("360giving/360-giving-package-schema.json"), root =>
        {
            var resolver = new JsonReferenceResolver(new JsonSchemaAppender(root, new DefaultTypeNameGenerator()));
            resolver.AddDocumentReference(GrantSchemaUrl, grant);
            return resolver;
        });
    }
}
