using System.Net.Http.Json;
using System.Text.Json;

namespace SocialTech.Labelling.Tests.Labels;

public sealed class LabelsApiTests(LabellingService labelling) : IClassFixture<LabellingService>
{
    private const string Applications = "/api/labelling/applications";

    [Fact]
    public async Task SuspendReinstateRevoke_AreRecordedInTheRegisterHistory_AndARevokedLabelCannotBeReinstated()
    {
        var (labelId, holder) = await GrantOpenBrandAsync();
        var uri = $"/api/labelling/labels/{labelId}";

        var (etag, _) = await labelling.StepAsync($"{uri}/reports", new { period = "2026", summary = "Vingt ateliers ouverts", filedOn = "2026-03-02" }, "W/\"1\"");
        (etag, _) = await labelling.StepAsync($"{uri}/suspension", new { reason = "usage de la marque hors charte", suspendedOn = "2026-03-02" }, etag);
        var whileSuspended = await labelling.Client.GetFromJsonAsync<JsonElement>($"/api/labelling/register?holder={holder}&validOn=2026-03-02");
        (etag, _) = await labelling.StepAsync($"{uri}/reinstatement", new { reinstatedOn = "2026-03-02" }, etag);
        var (revokedTag, revoked) = await labelling.StepAsync($"{uri}/revocation", new { reason = "charte rompue", revokedOn = "2026-03-02" }, etag);
        using var reinstate = await labelling.SendAsync($"{uri}/reinstatement", new { reinstatedOn = "2026-03-02" }, revokedTag);
        var validBefore = await labelling.Client.GetFromJsonAsync<JsonElement>($"/api/labelling/register?holder={holder}&validOn=2026-03-01");
        var validAfter = await labelling.Client.GetFromJsonAsync<JsonElement>($"/api/labelling/register?holder={holder}&validOn=2026-03-03");

        Assert.Equal(0, whileSuspended.GetProperty("totalItems").GetInt32());
        Assert.Equal(("revoked", "charte rompue"), (revoked.GetProperty("status").GetString(), revoked.GetProperty("revocationReason").GetString()));
        Assert.Equal(["granted", "report-filed", "suspended", "reinstated", "revoked"],
            revoked.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("what").GetString()));
        await LabellingService.AssertConflictAsync(reinstate, "the label is revoked");
        Assert.Equal(1, validBefore.GetProperty("totalItems").GetInt32());
        Assert.Equal(0, validAfter.GetProperty("totalItems").GetInt32());
    }

    [Fact]
    public async Task Renewal_ThroughANewApplication_GrantsASuccessor_AndNotesItOnTheRenewedLabel()
    {
        var (labelId, holder) = await GrantOpenBrandAsync();
        var scheme = (await labelling.Client.GetFromJsonAsync<JsonElement>($"/api/labelling/labels/{labelId}")).GetProperty("schemeId").GetGuid();

        var (id, etag, _) = await labelling.CreateAsync(Applications, new
        {
            schemeId = scheme, holder = new { id = holder }, renewsLabelId = labelId,
            evidence = new[] { new { criterionCode = "C1", reference = "Nous déclarons remplir ce critère." } },
        });
        using var strangerRenews = await labelling.Client.PostAsJsonAsync(Applications, new { schemeId = scheme, holder = new { id = Guid.CreateVersion7() }, renewsLabelId = labelId });
        var (_, granted) = await labelling.StepAsync($"{Applications}/{id}/charter-signature", new { signatory = "le président", signedOn = "2026-03-02", declaresCriteriaMet = true }, etag);
        var renewed = await labelling.Client.GetFromJsonAsync<JsonElement>($"/api/labelling/labels/{labelId}");
        var successor = await labelling.Client.GetFromJsonAsync<JsonElement>($"/api/labelling/labels/{granted.GetProperty("labelId").GetGuid()}");

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, strangerRenews.StatusCode);
        Assert.Equal(granted.GetProperty("labelId").GetGuid(), renewed.GetProperty("renewedByLabelId").GetGuid());
        Assert.Equal("renewed", renewed.GetProperty("history").EnumerateArray().Last().GetProperty("what").GetString());
        Assert.Equal(labelId, successor.GetProperty("renewsLabelId").GetGuid());
    }

    [Fact]
    public async Task Expiring_WithinAPeriodOrMonths_ListsLabelsEndingInIt_AndRefusesABadPeriod()
    {
        var (labelId, _) = await GrantOpenBrandAsync();

        var withinYear = await labelling.Client.GetFromJsonAsync<JsonElement>("/api/labelling/labels/expiring?within=P1Y&pageSize=500");
        var withinSixMonths = await labelling.Client.GetFromJsonAsync<JsonElement>("/api/labelling/labels/expiring?months=6&pageSize=500");
        using var bad = await labelling.Client.GetAsync("/api/labelling/labels/expiring?within=6 months");

        // Open-brand labels here last one year from 2026-03-01: inside a year, not inside six months.
        Assert.Contains(labelId, withinYear.GetProperty("items").EnumerateArray().Select(l => l.GetProperty("id").GetGuid()));
        Assert.DoesNotContain(labelId, withinSixMonths.GetProperty("items").EnumerateArray().Select(l => l.GetProperty("id").GetGuid()));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, bad.StatusCode);
    }

    private async Task<(Guid LabelId, Guid Holder)> GrantOpenBrandAsync()
    {
        var scheme = await labelling.PublishSchemeAsync("open-brand", labels: "organisation", validity: new { years = 1 });
        var holder = Guid.CreateVersion7();
        var (id, etag, _) = await labelling.CreateAsync(Applications, new
        {
            schemeId = scheme, holder = new { id = holder }, evidence = new[] { new { criterionCode = "C1", reference = "Nous déclarons remplir ce critère." } },
        });
        var (_, granted) = await labelling.StepAsync($"{Applications}/{id}/charter-signature",
            new { signatory = "la présidente", signedOn = "2026-03-01", declaresCriteriaMet = true }, etag);
        return (granted.GetProperty("labelId").GetGuid(), holder);
    }
}
