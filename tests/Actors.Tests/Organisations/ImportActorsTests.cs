using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SocialTech.Actors.Organisations;
using SocialTech.Actors.Organisations.Importing;
using SocialTech.BuildingBlocks.Http;

namespace SocialTech.Actors.Tests.Organisations;

/// <summary>Reading import files and deciding their rows: pure, against a few fixed territories.</summary>
public sealed class ImportDeciderTests
{
    private static readonly DateTimeOffset Now = new(2025, 11, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly FixedTerritories Territories = new();

    [Fact]
    public void Read_SemicolonFileWithBomAndQuotedFields_GivesTheFieldsAndTheLineEachRowStartsOn()
    {
        var bytes = Utf8WithBom(
            "Name;KINDS;head_office_commune;notes\r\n" +
            "\"Tiers-lieu \"\"La Grange\"\"; Ribérac\r\net environs\";scic|tiers-lieu-operator;24352;x\r\n" +
            "\r\n" +
            "Solidarités Lyon;association;69123;\r\n" +
            ";;;\r\n");

        var file = ImportFile.Read(bytes, maxRows: 10);

        Assert.Equal(("utf-8", ';'), (file.Encoding, file.Separator));
        Assert.Equal(["notes"], file.IgnoredColumns);
        Assert.Equal([2, 5], file.Rows.Select(r => r.Line));
        Assert.Equal("Tiers-lieu \"La Grange\"; Ribérac\r\net environs", file.Rows[0][ImportColumns.Name]);
        Assert.Equal("scic|tiers-lieu-operator", file.Rows[0][ImportColumns.Kinds]);
        Assert.Null(file.Rows[1][ImportColumns.Siren]);
    }

    [Fact]
    public void Read_CommaSeparatedWindows1252_IsDetectedAndDecoded()
    {
        var windows1252 = CodePagesEncodingProvider.Instance.GetEncoding(1252)!;
        var bytes = windows1252.GetBytes("name,kinds,head_office_commune\n\"Cœur de Ribérac, l’épicerie\",association,24352\n");

        var file = ImportFile.Read(bytes, maxRows: 10);

        Assert.Equal(("windows-1252", ','), (file.Encoding, file.Separator));
        Assert.Equal("Cœur de Ribérac, l’épicerie", file.Rows.Single()[ImportColumns.Name]);
    }

    [Fact]
    public void Read_WithoutRequiredColumns_IsRefusedNamingThem()
    {
        var refusal = Assert.Throws<ProblemException>(() => ImportFile.Read(Utf8WithBom("name;siren\nA;\n"), maxRows: 10));

        Assert.Equal(400, refusal.Status);
        Assert.Equal(["kinds", "head_office_commune"], (string[])refusal.Extensions["missingColumns"]!);
    }

    [Fact]
    public void Read_QuoteThatNeverCloses_IsRefusedWithItsLine()
    {
        var refusal = Assert.Throws<ProblemException>(() =>
            ImportFile.Read(Utf8WithBom("name;kinds;head_office_commune\nA;association;69123\n\"B;association;69123\nC;association;69123\n"), maxRows: 10));

        Assert.Equal(400, refusal.Status);
        Assert.Equal(3, refusal.Extensions["line"]);
    }

    [Fact]
    public void Read_MoreRowsThanTheLimit_IsRefused()
    {
        var refusal = Assert.Throws<ProblemException>(() =>
            ImportFile.Read(Utf8WithBom("name;kinds;head_office_commune\nA;association;69123\nB;association;69123\nC;association;69123\n"), maxRows: 2));

        Assert.Equal(400, refusal.Status);
        Assert.Equal(2, refusal.Extensions["maxRows"]);
    }

    [Fact]
    public void Decide_RowWithShiftedOrBrokenFields_IsInvalidOnItsOwn()
    {
        var file = ImportFile.Read(Utf8WithBom(
            "name;kinds;head_office_commune\nA;association;69123;extra\n\"B\"x;association;69123\nC;association;69123\n"), maxRows: 10);

        var decisions = file.Rows.Select(r => ImportActors.Decide(r, Territories, Now)).ToArray();

        Assert.Contains("has 4 fields where the header has 3", decisions[0].Errors!["row"].Single(), StringComparison.Ordinal);
        Assert.Contains("after its closing quote", decisions[1].Errors!["row"].Single(), StringComparison.Ordinal);
        Assert.NotNull(decisions[2].Registration);
    }

    [Fact]
    public void Decide_EveryColumn_MapsToTheRegistration()
    {
        var registration = ImportActors.Decide(Row(new()
        {
            ["name"] = "SCIC La Fabrique",
            ["kinds"] = "scic | tiers-lieu-operator",
            ["head_office_commune"] = "24352",
            ["siret"] = "812 345 676 00017",
            ["rna"] = "W243000123",
            ["legal_category"] = "5460",
            ["ess"] = "non",
            ["esus_valid_from"] = "2024-06-01",
            ["esus_valid_until"] = "2029-05-31",
            ["places_of_action"] = "departement:24|EPCI:200046977",
            ["website"] = "https://fabrique.example.org",
            ["mailbox"] = "Contact@fabrique.example.org",
        }), Territories, Now).Registration!;

        Assert.Equal("SCIC La Fabrique", registration.Profile.Name);
        Assert.Equal([ActorKind.Scic, ActorKind.TiersLieuOperator], registration.Kinds);
        Assert.Equal(("812345676", "81234567600017", "W243000123"), (registration.Identifiers.Siren, registration.Identifiers.Siret, registration.Identifiers.Rna));
        Assert.Equal("5460", registration.Profile.LegalCategory);
        Assert.True(registration.Profile.Ess); // an ESUS agreement implies ESS, as registration says
        Assert.Equal(new DateOnly(2029, 5, 31), registration.Profile.Esus!.ValidUntil);
        Assert.Equal(["departement:24", "epci:200046977"], registration.PlacesOfAction.Select(p => $"{p.Level}:{p.Code}"));
        Assert.Equal("contact@fabrique.example.org", registration.Profile.Mailbox);
        Assert.Equal("24352", registration.HeadOffice.Code);
    }

    [Fact]
    public void Decide_InvalidCells_AreReportedByColumnName()
    {
        var decision = ImportActors.Decide(Row(new()
        {
            ["name"] = "Mauvaise ligne",
            ["kinds"] = "association|club",
            ["head_office_commune"] = "24013",
            ["siren"] = "123456789",
            ["ess"] = "peut-être",
            ["esus_valid_from"] = "01/06/2024",
            ["esus_valid_until"] = "2029-05-31",
            ["places_of_action"] = "departement:00|69123",
            ["legal_category"] = "92",
        }), Territories, Now);

        Assert.Null(decision.Registration);
        Assert.Equal(["ess", "esus_valid_from", "head_office_commune", "kinds", "legal_category", "places_of_action", "siren"], decision.Errors!.Keys.Order());
        // The unreadable date is reported as such, not again as missing.
        Assert.Single(decision.Errors["esus_valid_from"]);
        Assert.Equal(2, decision.Errors["places_of_action"].Length);
    }

    [Fact]
    public void Decide_TheSameOrganisation_GetsTheSameId_FromItsIdentifierOrElseItsNameAndCommune()
    {
        Guid Id(string name, string commune, string? siren = null) => ImportActors.Decide(Row(new()
        {
            ["name"] = name, ["kinds"] = "association", ["head_office_commune"] = commune, ["siren"] = siren,
        }), Territories, Now).Registration!.ActorId;

        Assert.Equal(Id("Épicerie  solidaire", "24352"), Id("epicerie solidaire", "24352"));
        Assert.NotEqual(Id("Épicerie solidaire", "24352"), Id("Épicerie solidaire", "69123"));
        Assert.Equal(Id("Un nom", "24352", "812345676"), Id("Un autre nom", "69123", "812 345 676"));
    }

    private static ImportRow Row(Dictionary<string, string?> cells) =>
        new(2, cells.Where(c => c.Value is not null).ToDictionary(c => c.Key, c => c.Value!), null);

    internal static byte[] Utf8WithBom(string text) => [.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes(text)];
}

/// <summary>POST /api/actors/imports on real PostgreSQL, against the embedded territory referential.</summary>
public sealed class ImportActorsTests(ActorsService actors) : IClassFixture<ActorsService>
{
    private HttpClient Client => actors.Client;

    [Fact]
    public async Task Import_MixedFile_ReportsEachRowInFileOrder()
    {
        var (existing, _) = await actors.RegisterAsync("Déjà là", siren: "523456788");
        const string header = "name;kinds;head_office_commune;siren;siret;rna;ess;places_of_action;remarques\r\n";
        var csv = header +
            "Association Les Pentes;association;69123;;;W691000123;oui;;ligne valide\r\n" +               // 2
            "SIREN faux;scop;69123;123456789;;;;;\r\n" +                                                  // 3
            "Commune inconnue;association;24013;;;;;;commune déléguée, pas une commune\r\n" +            // 4
            "Les Pentes (doublon);association;69123;;;W691000123;;;même RNA que la ligne 2\r\n" +          // 5
            "Déjà là bis;scic;75056;;52345678800018;;;;SIRET d'un acteur existant\r\n" +                 // 6
            "\"Tiers-lieu \"\"La Grange\"\"; Ribérac\r\net environs\";tiers-lieu-operator;24352;;;;1;departement:24;\r\n" + // 7-8
            "Jardin partagé du Mas;association;69259;;;;;;sans identifiant\r\n" +                          // 9
            "  jardin PARTAGE  du mas ;association;69259;;;;;;le même, autrement écrit\r\n";              // 10

        var report = await ImportAsync(ImportDeciderTests.Utf8WithBom(csv));

        Assert.Equal(["remarques"], report.GetProperty("ignoredColumns").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal((";", "utf-8"), (report.GetProperty("separator").GetString(), report.GetProperty("encoding").GetString()));
        var rows = report.GetProperty("rows").EnumerateArray().ToArray();
        var pentes = rows[0].GetProperty("actorId").GetGuid();
        var grange = rows[5].GetProperty("actorId").GetGuid();
        var jardin = rows[6].GetProperty("actorId").GetGuid();
        Assert.Equal(
        [
            "2 created",
            "3 invalid siren",
            "4 invalid head_office_commune",
            $"5 duplicate /api/actors/{pentes} rna:W691000123",
            $"6 duplicate /api/actors/{existing} siren:523456788",
            "7 created",
            "9 created",
            $"10 duplicate /api/actors/{jardin}",
        ], rows.Select(Describe));
        Assert.Equal("""{"rows":8,"created":3,"duplicate":3,"invalid":2}""", report.GetProperty("totals").GetRawText());

        var read = await Client.GetFromJsonAsync<JsonElement>($"/api/actors/{grange}");
        Assert.Equal("Tiers-lieu \"La Grange\"; Ribérac\r\net environs", read.GetProperty("name").GetString());
        Assert.Equal(["tiers-lieu-operator"], read.GetProperty("kinds").EnumerateArray().Select(k => k.GetString()));
        Assert.True(read.GetProperty("ess").GetBoolean());
        var pentesRead = await Client.GetFromJsonAsync<JsonElement>($"/api/actors/{pentes}");
        Assert.Equal("W691000123", pentesRead.GetProperty("identifiers").GetProperty("rna").GetString());

        Assert.Contains(grange, await IdsAsync("/api/actors?territory=departement:24&pageSize=500"));
        var metropole = await IdsAsync("/api/actors?territory=epci:200046977&pageSize=500");
        Assert.Contains(pentes, metropole);
        Assert.Contains(jardin, metropole); // Vénissieux, a member commune of the Métropole de Lyon
        Assert.DoesNotContain(grange, metropole);
    }

    [Fact]
    public async Task Import_CommaSeparatedWindows1252_ReportsEachRow()
    {
        var windows1252 = CodePagesEncodingProvider.Instance.GetEncoding(1252)!;
        var csv = "Kinds,Name,Head_Office_Commune,ESS,esus_valid_from,esus_valid_until\r\n" +
            "esus-company,\"Œuvre d’insertion, Nontron\",24311,vrai,2024-01-01,2028-12-31\r\n" +
            "esus-company,\"Atelier « Réemploi », Nontron\",24311,,2024-01-01,2028-12-31\r\n";

        var report = await ImportAsync(windows1252.GetBytes(csv), "text/csv; charset=windows-1252");

        Assert.Equal((",", "windows-1252"), (report.GetProperty("separator").GetString(), report.GetProperty("encoding").GetString()));
        var rows = report.GetProperty("rows").EnumerateArray().ToArray();
        Assert.Equal(["2 invalid ess", "3 created"], rows.Select(Describe));
        var read = await Client.GetFromJsonAsync<JsonElement>($"/api/actors/{rows[1].GetProperty("actorId").GetGuid()}");
        Assert.Equal("Atelier « Réemploi », Nontron", read.GetProperty("name").GetString());
        Assert.Equal("2028-12-31", read.GetProperty("esus").GetProperty("validUntil").GetString());
    }

    [Fact]
    public async Task Import_TheSameFileTwice_CreatesNothingNew()
    {
        var csv = ImportDeciderTests.Utf8WithBom("name;kinds;head_office_commune;siren;rna\n" +
            "Rejoué avec SIREN;scop;38185;900123456;\n" +
            "Rejoué avec RNA;association;42218;;W422000456\n" +
            "Rejoué sans identifiant;foundation;63113;;\n" +
            "Rejoué invalide;association;00000;;\n");

        var before = await CountAsync();
        var first = await ImportAsync(csv);
        var afterFirst = await CountAsync();
        var second = await ImportAsync(csv);

        Assert.Equal(before + 3, afterFirst);
        Assert.Equal(afterFirst, await CountAsync());
        var created = first.GetProperty("rows").EnumerateArray().Take(3).Select(r => $"/api/actors/{r.GetProperty("actorId").GetGuid()}");
        var again = second.GetProperty("rows").EnumerateArray().ToArray();
        Assert.All(again.Take(3), r => Assert.Equal("duplicate", r.GetProperty("status").GetString()));
        Assert.Equal(created, again.Take(3).Select(r => r.GetProperty("existing").GetString()));
        Assert.Equal("invalid", again[3].GetProperty("status").GetString());
        Assert.Equal("""{"rows":4,"created":0,"duplicate":3,"invalid":1}""", second.GetProperty("totals").GetRawText());
    }

    [Fact]
    public async Task Import_ConcurrentImportsOfTheSameFile_CreateEachActorOnce()
    {
        // Two imports race on the same identifiers: whichever commits second meets the claims' uniqueness and
        // must fall back to row by row, reporting duplicates rather than failing or creating twins.
        var lines = Enumerable.Range(0, 150).Select(i => $"Course {i};association;69266;;W69{i:D7}");
        var csv = ImportDeciderTests.Utf8WithBom("name;kinds;head_office_commune;siren;rna\n" + string.Join('\n', lines));
        var before = await CountAsync();

        var reports = await Task.WhenAll(ImportAsync(csv), ImportAsync(csv));

        Assert.Equal(before + 150, await CountAsync());
        Assert.Equal(150, reports.Sum(r => r.GetProperty("totals").GetProperty("created").GetInt32()));
        Assert.Equal(150, reports.Sum(r => r.GetProperty("totals").GetProperty("duplicate").GetInt32()));
    }

    [Fact]
    public async Task Import_WithoutARequiredColumn_AnswersProblemNamingIt_AndImportsNothing()
    {
        var before = await CountAsync();
        using var content = Csv(ImportDeciderTests.Utf8WithBom("name;kinds;commune\nSans commune;association;69123\n"));
        using var response = await Client.PostAsync("/api/actors/imports", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["head_office_commune"], problem.GetProperty("missingColumns").EnumerateArray().Select(c => c.GetString()));
        Assert.Contains("head_office_commune", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task Import_OverTheLimitsOrNotCsv_IsRefusedAsAWhole()
    {
        var before = await CountAsync();
        var tooManyRows = "name;kinds;head_office_commune\n" +
            string.Concat(Enumerable.Range(0, ImportActors.MaxRows + 1).Select(i => $"Ligne {i};association;69123\n"));
        using var rows = await Client.PostAsync("/api/actors/imports", Csv(Encoding.UTF8.GetBytes(tooManyRows)));
        Assert.Equal(HttpStatusCode.BadRequest, rows.StatusCode);
        Assert.Equal(ImportActors.MaxRows, (await rows.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("maxRows").GetInt32());

        var tooLarge = new byte[ImportActors.MaxBytes + 1];
        Array.Fill(tooLarge, (byte)'a');
        using var size = await Client.PostAsync("/api/actors/imports", Csv(tooLarge));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, size.StatusCode);
        Assert.Equal("application/problem+json", size.Content.Headers.ContentType!.MediaType);

        using var json = await Client.PostAsJsonAsync("/api/actors/imports", new { name = "JSON" });
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, json.StatusCode);

        using var unclosed = await Client.PostAsync("/api/actors/imports",
            Csv(Encoding.UTF8.GetBytes("name;kinds;head_office_commune\nA;association;69123\n\"B;association;69123\n")));
        Assert.Equal(HttpStatusCode.BadRequest, unclosed.StatusCode);
        Assert.Equal(3, (await unclosed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("line").GetInt32());

        Assert.Equal(before, await CountAsync());
    }

    internal static ByteArrayContent Csv(byte[] bytes, string contentType = "text/csv")
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        return content;
    }

    private async Task<JsonElement> ImportAsync(byte[] bytes, string contentType = "text/csv")
    {
        using var content = Csv(bytes, contentType);
        using var response = await Client.PostAsync("/api/actors/imports", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<long> CountAsync() =>
        (await Client.GetFromJsonAsync<JsonElement>("/api/actors?status=any&pageSize=1")).GetProperty("totalItems").GetInt64();

    private async Task<Guid[]> IdsAsync(string uri)
    {
        var page = await Client.GetFromJsonAsync<JsonElement>(uri);
        return page.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("id").GetGuid()).ToArray();
    }

    /// <summary>One row of the report in a line: <c>row status [existing] [identifier] [error columns]</c>.</summary>
    private static string Describe(JsonElement row)
    {
        var parts = new List<string> { row.GetProperty("row").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture), row.GetProperty("status").GetString()! };
        foreach (var member in new[] { "existing", "identifier" })
        {
            if (row.TryGetProperty(member, out var value))
            {
                parts.Add(value.GetString()!);
            }
        }

        if (row.TryGetProperty("errors", out var errors))
        {
            parts.AddRange(errors.EnumerateObject().Select(e => e.Name).Order());
        }

        Assert.Equal(row.GetProperty("status").GetString() == "created", row.TryGetProperty("actorId", out _));
        return string.Join(' ', parts);
    }
}

/// <summary>The demo dataset (deploy/local/demo/actors.csv) on a database of its own, empty as on a first <c>up.sh</c>.</summary>
public sealed class DemoActorsDatasetTests(ActorsService actors) : IClassFixture<ActorsService>
{
    [Fact]
    public async Task DemoDataset_OnAnEmptyRegistry_ImportsEveryRow_ThenNothingOnTheSecondRun()
    {
        var csv = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Demo", "actors.csv"));

        var first = await ImportAsync(csv);
        var second = await ImportAsync(csv);

        var totals = first.GetProperty("totals");
        Assert.True(totals.GetProperty("rows").GetInt32() >= 80);
        Assert.Equal(totals.GetProperty("rows").GetInt32(), totals.GetProperty("created").GetInt32());
        Assert.Empty(first.GetProperty("ignoredColumns").EnumerateArray());
        Assert.Equal(totals.GetProperty("rows").GetInt32(), second.GetProperty("totals").GetProperty("duplicate").GetInt32());

        // The ecosystem the issue asks for: the Lyon metropolis, Dordogne, the rest of the region and Paris.
        foreach (var (territory, atLeast) in new[] { ("epci:200046977", 25), ("departement:24", 15), ("region:84", 50), ("commune:75056", 8) })
        {
            var page = await actors.Client.GetFromJsonAsync<JsonElement>($"/api/actors?territory={territory}&pageSize=1");
            Assert.True(page.GetProperty("totalItems").GetInt64() >= atLeast, territory);
        }
    }

    private async Task<JsonElement> ImportAsync(byte[] csv)
    {
        using var content = ImportActorsTests.Csv(csv);
        using var response = await actors.Client.PostAsync("/api/actors/imports", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
