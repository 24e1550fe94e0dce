using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SocialTech.Labelling.Tests.Applications;

public sealed class ApplicationsApiTests(LabellingService labelling) : IClassFixture<LabellingService>
{
    private const string Applications = "/api/labelling/applications";

    [Fact]
    public async Task ObtentionPath_FromDraftToJuryGrant_StartsALabelInTheRegister_WithIfMatchEachStep()
    {
        var scheme = await labelling.PublishSchemeAsync("obtention");
        var campaign = await labelling.PlanCampaignAsync(scheme, maxLaureates: 5);
        var (id, etag, drafted) = await labelling.DraftTerritoryAsync(scheme, campaign);
        var uri = $"{Applications}/{id}";

        using var noIfMatch = await labelling.Client.PostAsJsonAsync($"{uri}/submission", new { });
        (etag, _) = await labelling.StepAsync($"{uri}/submission", null, etag);
        (etag, _) = await labelling.StepAsync($"{uri}/incompleteness", new { missing = new[] { "délibération" } }, etag);
        using var admissibleWhileIncomplete = await labelling.SendAsync($"{uri}/admissibility", new { admissible = true }, etag);
        (etag, _) = await labelling.StepAsync($"{uri}/completion", new { evidence = new[] { new { criterionCode = "C1", reference = "deliberation.pdf" } } }, etag);
        (etag, _) = await labelling.StepAsync($"{uri}/admissibility", new { admissible = true }, etag);
        using var stale = await labelling.SendAsync($"{uri}/instruction", null, "W/\"2\"");
        (etag, _) = await labelling.StepAsync($"{uri}/instruction", null, etag);
        (etag, _) = await labelling.StepAsync($"{uri}/support-letters", new { actorId = Guid.CreateVersion7(), summary = "Soutien du Département", receivedOn = "2026-03-01" }, etag);
        (etag, _) = await labelling.StepAsync($"{uri}/hearing", new { scheduledAt = "2026-03-10T14:00:00Z" }, etag);
        using var juryTooEarly = await labelling.SendAsync($"{uri}/jury-decision", new { verdict = "granted", decidedOn = "2026-03-02" }, etag);
        (etag, _) = await labelling.StepAsync($"{uri}/hearing/held", new { heldOn = "2026-03-02", minutes = "Collectif entendu" }, etag);
        var (_, granted) = await labelling.StepAsync($"{uri}/jury-decision", new { verdict = "granted", decidedOn = "2026-03-02", conditions = new[] { "rapport annuel" } }, etag);
        var labelId = granted.GetProperty("labelId").GetGuid();
        var label = await labelling.Client.GetFromJsonAsync<JsonElement>($"/api/labelling/labels/{labelId}");
        var register = await labelling.Client.GetFromJsonAsync<JsonElement>($"/api/labelling/register?territory=departement:24&scheme={scheme}&validOn=2027-01-01");
        var campaignDetails = await labelling.Client.GetFromJsonAsync<JsonElement>($"/api/labelling/campaigns/{campaign}");

        Assert.Equal("drafted", drafted.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.PreconditionRequired, noIfMatch.StatusCode);
        await LabellingService.AssertConflictAsync(admissibleWhileIncomplete, "the application is incomplete");
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        await LabellingService.AssertConflictAsync(juryTooEarly, "the application is under-instruction with a hearing scheduled at 2026-03-10 14:00:00Z not yet held");
        Assert.Equal("granted", granted.GetProperty("status").GetString());
        Assert.Equal("jury", granted.GetProperty("grantedBy").GetString());
        Assert.Equal(("active", "2026-03-02", "2029-03-01"), (label.GetProperty("status").GetString(),
            label.GetProperty("validFrom").GetString(), label.GetProperty("validUntil").GetString()));
        Assert.Equal(["rapport annuel"], label.GetProperty("conditions").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal([labelId], register.GetProperty("items").EnumerateArray().Select(l => l.GetProperty("id").GetGuid()));
        Assert.Equal(1, campaignDetails.GetProperty("laureates").GetInt32());
    }

    [Fact]
    public async Task OpenBrand_SignedCharter_GrantsAtOnce_AndSubmittingIsAConflict()
    {
        var scheme = await labelling.PublishSchemeAsync("open-brand", labels: "organisation");
        var holder = Guid.CreateVersion7();
        var (id, etag, _) = await labelling.CreateAsync(Applications, new
        {
            schemeId = scheme, holder = new { id = holder }, evidence = new[] { new { criterionCode = "C1", reference = "Nous déclarons remplir ce critère." } },
        });

        using var submit = await labelling.SendAsync($"{Applications}/{id}/submission", null, etag);
        var (_, granted) = await labelling.StepAsync($"{Applications}/{id}/charter-signature",
            new { signatory = "la présidente", signedOn = "2026-03-01", declaresCriteriaMet = true }, etag);
        var register = await labelling.Client.GetFromJsonAsync<JsonElement>($"/api/labelling/register?holder={holder}");

        await LabellingService.AssertConflictAsync(submit, "the application is drafted under an open-brand scheme (sign the charter instead)");
        Assert.Equal(("granted", "charter"), (granted.GetProperty("status").GetString(), granted.GetProperty("grantedBy").GetString()));
        var label = Assert.Single(register.GetProperty("items").EnumerateArray());
        Assert.Equal("2026-03-01", label.GetProperty("validFrom").GetString());
    }

    [Fact]
    public async Task Withdrawn_ThenAnyTransition_IsAConflictNamingTheState_AndTheCapRefusesAnExtraLaureate()
    {
        var scheme = await labelling.PublishSchemeAsync("obtention");
        var campaign = await labelling.PlanCampaignAsync(scheme, maxLaureates: 1);
        var (first, firstTag, _) = await labelling.DraftTerritoryAsync(scheme, campaign);
        var (second, secondTag, _) = await labelling.DraftTerritoryAsync(scheme, campaign, territory: "epci:200046977");
        var (third, thirdTag, _) = await labelling.DraftTerritoryAsync(scheme, campaign);

        firstTag = await InstructAsync(first, firstTag);
        secondTag = await InstructAsync(second, secondTag);
        await labelling.StepAsync($"{Applications}/{first}/jury-decision", new { verdict = "granted", decidedOn = "2026-03-02" }, firstTag);
        using var overCap = await labelling.SendAsync($"{Applications}/{second}/jury-decision", new { verdict = "granted", decidedOn = "2026-03-02" }, secondTag);
        (thirdTag, _) = await labelling.StepAsync($"{Applications}/{third}/withdrawal", new { reason = "le collectif se dissout" }, thirdTag);
        using var afterWithdrawal = await labelling.SendAsync($"{Applications}/{third}/submission", null, thirdTag);
        using var withdrawAgain = await labelling.SendAsync($"{Applications}/{third}/withdrawal", new { reason = "encore" }, thirdTag);

        await LabellingService.AssertConflictAsync(overCap, "the campaign has its 1 laureates");
        await LabellingService.AssertConflictAsync(afterWithdrawal, "the application is withdrawn");
        await LabellingService.AssertConflictAsync(withdrawAgain, "the application is withdrawn");
    }

    [Fact]
    public async Task DeferredThenCarriedOver_IsAdmissibleInTheNextCampaign()
    {
        var scheme = await labelling.PublishSchemeAsync("obtention");
        var campaign = await labelling.PlanCampaignAsync(scheme);
        var next = await labelling.PlanCampaignAsync(scheme);
        var (id, etag, _) = await labelling.DraftTerritoryAsync(scheme, campaign);

        etag = await InstructAsync(id, etag);
        (etag, _) = await labelling.StepAsync($"{Applications}/{id}/jury-decision", new { verdict = "deferred", decidedOn = "2026-03-02", reason = "à mûrir" }, etag);
        var (_, carried) = await labelling.StepAsync($"{Applications}/{id}/carry-over", new { campaignId = next }, etag);

        Assert.Equal(("admissible", next), (carried.GetProperty("status").GetString(), carried.GetProperty("campaignId").GetGuid()));
    }

    [Fact]
    public async Task Draft_WithUnknownSchemeOrBadHolder_IsAProblemNamingTheFields()
    {
        var scheme = await labelling.PublishSchemeAsync("obtention");
        using var unknown = await labelling.Client.PostAsJsonAsync(Applications, new { schemeId = Guid.CreateVersion7(), holder = new { id = Guid.CreateVersion7() } });
        using var badHolder = await labelling.Client.PostAsJsonAsync(Applications, new { schemeId = scheme, holder = new { id = Guid.CreateVersion7() } });

        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.True((await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("schemeId", out _));
        var errors = (await badHolder.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("holder.territory", out _) && errors.TryGetProperty("campaignId", out _), errors.ToString());
    }

    private async Task<string> InstructAsync(Guid id, string etag)
    {
        (etag, _) = await labelling.StepAsync($"{Applications}/{id}/submission", null, etag);
        (etag, _) = await labelling.StepAsync($"{Applications}/{id}/admissibility", new { admissible = true }, etag);
        (etag, _) = await labelling.StepAsync($"{Applications}/{id}/instruction", null, etag);
        return etag;
    }
}
