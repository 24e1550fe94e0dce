using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SocialTech.Actors.Contracts;
using SocialTech.Testing;

namespace SocialTech.Labelling.Tests.Labels;

/// <summary>
/// The one rule for which labels a territory holds, through the register's <c>territory</c> filter, on the Dordogne
/// of the demo data (deploy/local/demo/labelling.tsv): CA Le Grand Périgueux's territorial label, Double Landais
/// Entraide's charter (an association in Ribérac), the Recyclerie de l'Isle's tiers-lieu label (a place in Boulazac
/// Isle Manoire), and, outside, a Lyon association's charter; plus a label of the région Nouvelle-Aquitaine to see
/// the containing territories at work. Expected lists are worked out by hand from COG 2025:
/// Ribérac 24352 ∈ CC du Périgord Ribéracois 200040400; Boulazac Isle Manoire 24053 and Périgueux 24322 ∈ CA Le Grand
/// Périgueux 200040392; all in Dordogne 24, in Nouvelle-Aquitaine 75. Lyon 69123 ∈ Métropole de Lyon 200046977, Rhône
/// 69, Auvergne-Rhône-Alpes 84.
/// </summary>
public sealed class TerritoryLabelsTests(LabellingService labelling) : IClassFixture<LabellingService>
{
    private const string Applications = "/api/labelling/applications";

    [Fact]
    public async Task ARegisterByTerritory_HoldsTerritorialLabelsAroundIt_AndLabelsOfTheOrganisationsAndPlacesLocatedThere()
    {
        var doubleLandais = await ActorAsync("Double Landais Entraide", "24352");
        var recyclerieOperator = await ActorAsync("Recyclerie de l'Isle (association)", "24053");
        var pentes = await ActorAsync("Les Pentes solidaires", "69123");
        var recyclerie = Guid.CreateVersion7();
        await labelling.PublishAsync(new PlaceOpened(recyclerie, 1, "Recyclerie de l'Isle", ["shared-workshop"], new CommuneReference("24053", 2025),
            recyclerieOperator, null, new DateOnly(2018, 3, 3)));

        var territorial = await labelling.PublishSchemeAsync("open-brand", labels: "territorial-collective");
        var charter = await labelling.PublishSchemeAsync("open-brand", labels: "organisation");
        var tiersLieu = await labelling.PublishSchemeAsync("open-brand", labels: "place");
        var grandPerigueux = await GrantAsync(territorial, new { territory = "epci:200040392", collective = new[] { recyclerieOperator } });
        var nouvelleAquitaine = await GrantAsync(territorial, new { territory = "region:75", collective = new[] { doubleLandais } });
        var doubleLandaisCharter = await GrantAsync(charter, new { id = doubleLandais });
        var recyclerieLabel = await GrantAsync(tiersLieu, new { id = recyclerie });
        var pentesCharter = await GrantAsync(charter, new { id = pentes });
        var lyonMetropolis = await GrantAsync(territorial, new { territory = "epci:200046977", collective = new[] { pentes } });

        // Dordogne: the EPCI inside it, the région containing it, an organisation and a place located in it. The
        // actors and the place reach Labelling over the bus: wait for them once, here and for Lyon.
        var dordogne = Set(grandPerigueux, nouvelleAquitaine, doubleLandaisCharter, recyclerieLabel);
        await Eventually.TrueAsync(async () => (await RegisterAsync("departement:24")).SetEquals(dordogne)
            && (await RegisterAsync("region:84")).Contains(pentesCharter), "the actors and the place to reach Labelling");
        Assert.Equal(dordogne, await RegisterAsync("departement:24"));
        // Ribérac: Double Landais Entraide's charter (the issue's `commune:24352` → 0), and the région's label; not
        // Grand Périgueux's, an EPCI Ribérac is not in.
        Assert.Equal(Set(doubleLandaisCharter, nouvelleAquitaine), await RegisterAsync("commune:24352"));
        // CA Le Grand Périgueux: its own label, the place in Boulazac Isle Manoire, the région's.
        Assert.Equal(Set(grandPerigueux, recyclerieLabel, nouvelleAquitaine), await RegisterAsync("epci:200040392"));
        // Périgueux: inside Grand Périgueux and Nouvelle-Aquitaine, nothing of its own.
        Assert.Equal(Set(grandPerigueux, nouvelleAquitaine), await RegisterAsync("commune:24322"));
        // Nouvelle-Aquitaine: everything of Dordogne, and its own.
        Assert.Equal(Set(grandPerigueux, nouvelleAquitaine, doubleLandaisCharter, recyclerieLabel), await RegisterAsync("region:75"));
        // Auvergne-Rhône-Alpes: the Lyon metropolis and the Lyon association, nothing of Dordogne.
        Assert.Equal(Set(lyonMetropolis, pentesCharter), await RegisterAsync("region:84"));
        // The other filters still narrow it: the charter scheme only, in Dordogne.
        Assert.Equal(Set(doubleLandaisCharter), await RegisterAsync("departement:24", $"&scheme={charter}"));
    }

    [Theory]
    [InlineData("/api/labelling/register?holderId=5d7c1f0e-3a4b-4c2d-9e8f-0a1b2c3d4e5f", "holderId")]
    [InlineData("/api/labelling/register?teritory=departement:24", "teritory")]
    [InlineData("/api/labelling/labels/expiring?withinMonths=6", "withinMonths")]
    public async Task AParameterTheRegisterDoesNotTake_IsAProblemNamingIt_NeverTheWholeRegister(string query, string field)
    {
        // A misspelt filter answered the whole register as if it were the one asked about (issue 19).
        using var response = await labelling.Client.GetAsync(query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out _), errors.ToString());
    }

    private async Task<Guid> ActorAsync(string name, string commune)
    {
        var id = Guid.CreateVersion7();
        await labelling.PublishAsync(new ActorRegistered(id, 1,
            new ActorProfile(name, ["association"], new ActorIdentifiers(null, null, null), null, true, null, new CommuneReference(commune, 2025), [], null, null, "active"),
            DateTimeOffset.UtcNow));
        return id;
    }

    private async Task<Guid> GrantAsync(Guid scheme, object holder)
    {
        var (id, etag, _) = await labelling.CreateAsync(Applications, new
        {
            schemeId = scheme, holder, evidence = new[] { new { criterionCode = "C1", reference = "Nous déclarons remplir ce critère." } },
        });
        var (_, granted) = await labelling.StepAsync($"{Applications}/{id}/charter-signature",
            new { signatory = "la présidente", signedOn = "2026-03-01", declaresCriteriaMet = true }, etag);
        return granted.GetProperty("labelId").GetGuid();
    }

    private async Task<SortedSet<Guid>> RegisterAsync(string territory, string more = "")
    {
        var page = await labelling.Client.GetFromJsonAsync<JsonElement>($"/api/labelling/register?territory={territory}{more}&pageSize=500");
        return Set([.. page.GetProperty("items").EnumerateArray().Select(l => l.GetProperty("id").GetGuid())]);
    }

    private static SortedSet<Guid> Set(params Guid[] ids) => [.. ids];
}
