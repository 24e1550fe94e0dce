using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

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

    private async Task<JsonElement> ImportAsync(byte[] bytes)
    {
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        using var response = await platform.Funding.CreateClient().PostAsync(new Uri("/api/funding/imports/scdl", UriKind.Relative), content);
        var report = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.OK, report.ToString());
        return report;
    }

    private static (int, int, int, int, int) Totals(JsonElement report)
    {
        var t = report.GetProperty("totals");
        return (t.GetProperty("rows").GetInt32(), t.GetProperty("created").GetInt32(), t.GetProperty("duplicate").GetInt32(),
            t.GetProperty("invalid").GetInt32(), t.GetProperty("deferred").GetInt32());
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
