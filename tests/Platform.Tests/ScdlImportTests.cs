using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static SocialTech.Testing.ScdlReports;

namespace SocialTech.Platform.Tests;

/// <summary>
/// The SCDL import with Actors beside Funding: the real published files import, unknown organisations are registered
/// through Actors' API and reach Funding's directory over RabbitMQ, and a second import creates nothing.
/// </summary>
public sealed class ScdlImportTests(ActorsAndFunding platform) : IClassFixture<ActorsAndFunding>
{
    [Fact]
    public async Task MaineEtLoireFile_AsPublished_ImportsRegisteringItsActorsThroughActors_AndAgainCreatesNothing()
    {
        var bytes = await File.ReadAllBytesAsync(PathOf("scdl/dep49-maine-et-loire_conventions-subventions.csv"));

        var report = await ImportAsync(bytes);

        // 75 rows; 12 cannot be grants (no date, SIRET in scientific notation or failing its check digit, no identifier).
        Assert.Equal((75, 63, 0, 12, 0), Totals(report));
        var registered = report.GetProperty("registeredActors").EnumerateArray().ToArray();
        var departement = Assert.Single(registered, a => a.GetProperty("role").GetString() == "funder");
        // The Département's SIREN says which département: its head office is the chef-lieu, Angers.
        Assert.Equal(("siren:224900019", "49007", "siren"), (departement.GetProperty("identifier").GetString(),
            departement.GetProperty("headOfficeCommune").GetString(), departement.GetProperty("headOfficeSource").GetString()));
        Assert.All(registered.Where(a => a.GetProperty("role").GetString() == "recipient"), a => Assert.Equal("funder", a.GetProperty("headOfficeSource").GetString()));

        // Registered in Actors, through its API: the registry finds them by SIREN.
        var inActors = await platform.Actors.CreateClient().GetFromJsonAsync<JsonElement>(new Uri($"/api/actors/{departement.GetProperty("actorId").GetGuid()}", UriKind.Relative));
        Assert.Equal("224900019", inActors.GetProperty("identifiers").GetProperty("siren").GetString());

        var again = await ImportAsync(bytes);
        Assert.Equal((75, 0, 63, 12, 0), Totals(again));
        Assert.Empty(again.GetProperty("registeredActors").EnumerateArray());
    }

    [Fact]
    public async Task RoquesAndSicovalFile_InTheOneXLayout_ImportsAtTheGivenHeadOffice_AndTheFlowsAddUpToItsRows()
    {
        var bytes = await File.ReadAllBytesAsync(PathOf("scdl/dep31-haute-garonne_roques-sicoval_datalocale-subvention.csv"));

        // Labège (31254), the Sicoval's seat: the Sicoval's SIREN (an EPCI's) does not say where it is.
        var report = await ImportAsync(bytes, "?headOfficeCommune=31254");

        Assert.Equal((69, 68, 0, 1, 0), Totals(report));
        Assert.Equal(35, report.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("status").GetString() == "invalid").GetProperty("row").GetInt32());
        var funders = report.GetProperty("registeredActors").EnumerateArray().Where(a => a.GetProperty("role").GetString() == "funder")
            .ToDictionary(a => a.GetProperty("identifier").GetString()!);
        Assert.Equal(("31458", "siren"), (funders["siren:213104581"].GetProperty("headOfficeCommune").GetString(), funders["siren:213104581"].GetProperty("headOfficeSource").GetString()));
        Assert.Equal(("31254", "parameter"), (funders["siren:243100633"].GetProperty("headOfficeCommune").GetString(), funders["siren:243100633"].GetProperty("headOfficeSource").GetString()));

        // The file's 69 amounts add up to 357 558,85 €; line 35 (6 000 €, no beneficiary) is the one left out.
        var byFunder = await platform.Funding.CreateClient().GetFromJsonAsync<JsonElement>(new Uri("/api/funding/flows/by-funder?pageSize=500", UriKind.Relative));
        var ids = funders.Values.Select(f => f.GetProperty("actorId").GetGuid().ToString()).ToHashSet();
        var total = byFunder.GetProperty("groups").GetProperty("items").EnumerateArray()
            .Where(g => ids.Contains(g.GetProperty("key").GetString()!)).Sum(g => g.GetProperty("total").GetDecimal());
        Assert.Equal(351558.85m, total);
        Assert.Equal(351558.85m, report.GetProperty("totals").GetProperty("amount").GetDecimal());
    }

    private async Task<JsonElement> ImportAsync(byte[] bytes, string query = "")
    {
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        using var response = await platform.Funding.CreateClient().PostAsync(new Uri("/api/funding/imports/scdl" + query, UriKind.Relative), content);
        var report = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.OK, report.ToString());
        return report;
    }

    private static string PathOf(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SocialTech.sln")))
            {
                return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "reference", relative));
            }
        }

        throw new InvalidOperationException("SocialTech.sln not found above the test binaries.");
    }
}
