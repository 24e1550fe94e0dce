using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SocialTech.BuildingBlocks.Security;
using SocialTech.Testing;

namespace SocialTech.Labelling.Tests.AccessControl;

public sealed class LabellingAccessTests(LabellingService labelling) : IClassFixture<LabellingService>
{
    [Fact]
    public async Task EveryWriteEndpoint_FollowsTheAccessMatrix()
    {
        var failures = await AccessMatrix.RunAsync(labelling.Host);

        Assert.NotEmpty(AccessMatrix.WriteEndpoints(labelling.Host));
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Fact]
    public async Task ALabelOwner_RunsItsOwnSchemesCampaignsAndJuries_NotAnothers()
    {
        var owner = Guid.CreateVersion7();
        using var asOwner = labelling.Host.CreateClientAs(Roles.LabelOwner, owner);
        using var asOther = labelling.Host.CreateClientAs(Roles.LabelOwner);

        using var foreignScheme = await asOther.PostAsJsonAsync("/api/labelling/schemes", Scheme(owner));
        using var published = await asOwner.PostAsJsonAsync("/api/labelling/schemes", Scheme(owner));
        var schemeId = (await published.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var campaign = new
        {
            schemeId, name = "Vague", opensOn = labelling.Today.AddMonths(-1), closesOn = labelling.Today.AddMonths(6),
            eligibleTerritories = new[] { "departement:24" },
        };
        using var foreignCampaign = await asOther.PostAsJsonAsync("/api/labelling/campaigns", campaign);
        using var planned = await asOwner.PostAsJsonAsync("/api/labelling/campaigns", campaign);
        var campaignId = (await planned.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var (applicationId, etag, _) = await labelling.DraftTerritoryAsync(schemeId, campaignId);
        using var foreignJury = await asOther.PostAsJsonAsync($"/api/labelling/applications/{applicationId}/jury-decision", new { decision = "granted" });
        using var foreignRetirement = await asOther.PostAsJsonAsync($"/api/labelling/schemes/{schemeId}/retirement", new { retiredOn = labelling.Today });
        using var applicantJury = await labelling.Host.CreateClientAs(Roles.PublicAuthority).PostAsJsonAsync(
            $"/api/labelling/applications/{applicationId}/jury-decision", new { decision = "granted" });
        using var ownersJury = await asOwner.PostAsJsonAsync($"/api/labelling/applications/{applicationId}/jury-decision", new { decision = "granted" });

        Assert.Equal(HttpStatusCode.Forbidden, foreignScheme.StatusCode);
        Assert.Equal(HttpStatusCode.Created, published.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, foreignCampaign.StatusCode);
        Assert.Equal(HttpStatusCode.Created, planned.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, foreignJury.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, foreignRetirement.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, applicantJury.StatusCode);
        // The owner gets past authorization: without If-Match the endpoint asks for it.
        Assert.Equal(HttpStatusCode.PreconditionRequired, ownersJury.StatusCode);
        Assert.NotNull(etag);
    }

    /// <summary>Issue 16.1: a scheme for another owner, in UTF-16, got past the owner rule (201); now 415 before it.</summary>
    [Theory]
    [InlineData("utf-16")]
    [InlineData("utf-32")]
    [InlineData("iso-8859-1")]
    public async Task ASchemeInAnotherCharset_IsRefusedWith415_BeforeTheOwnerRule(string charset)
    {
        var victim = Guid.CreateVersion7();
        using var asAttacker = labelling.Host.CreateClientAs(Roles.LabelOwner);

        using var encoded = await asAttacker.SendAsync(HostileBodies.Encoded(HttpMethod.Post, "/api/labelling/schemes", Scheme(victim), charset));
        var problem = await encoded.Content.ReadFromJsonAsync<JsonElement>();
        using var inUtf8 = await asAttacker.PostAsJsonAsync("/api/labelling/schemes", Scheme(victim));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, encoded.StatusCode);
        Assert.Equal("Content-Type", problem.GetProperty("errors").EnumerateObject().Single().Name);
        Assert.Equal(HttpStatusCode.Forbidden, inUtf8.StatusCode);
    }

    /// <summary>Issue 16.2 in Labelling: one Idempotency-Key, two owners, two schemes; each owner's retry replays its own.</summary>
    [Fact]
    public async Task AnIdempotencyKey_IsTheCallersOwn_AndStillReplaysForIt()
    {
        var (first, second) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        using var asFirst = labelling.Host.CreateClientAs(Roles.LabelOwner, first);
        using var asSecond = labelling.Host.CreateClientAs(Roles.LabelOwner, second);
        var key = $"demo-labelling/scheme/{Guid.NewGuid():N}";

        using var firstCreates = await asFirst.SendAsync(HostileBodies.Keyed("/api/labelling/schemes", Scheme(first), key));
        using var secondCreates = await asSecond.SendAsync(HostileBodies.Keyed("/api/labelling/schemes", Scheme(second), key));
        using var firstRetries = await asFirst.SendAsync(HostileBodies.Keyed("/api/labelling/schemes", Scheme(first), key));
        var firstScheme = await firstCreates.Content.ReadFromJsonAsync<JsonElement>();
        var secondScheme = await secondCreates.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.Created, firstCreates.StatusCode);
        Assert.Equal(HttpStatusCode.Created, secondCreates.StatusCode);
        Assert.Equal(second, secondScheme.GetProperty("terms").GetProperty("ownerId").GetGuid());
        Assert.NotEqual(firstScheme.GetProperty("id").GetGuid(), secondScheme.GetProperty("id").GetGuid());
        Assert.Equal(HttpStatusCode.OK, firstRetries.StatusCode);
        Assert.Equal(firstScheme.GetProperty("id").GetGuid(), (await firstRetries.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
    }

    private static object Scheme(Guid owner) => new
    {
        name = $"Territoire d'innovation {Guid.NewGuid():N}", ownerId = owner, labels = "territorial-collective", mode = "obtention",
        criteria = new object[] { new { code = "C1", wording = "Un collectif d'au moins cinq acteurs", evidence = "liste signée" } },
        validity = new { years = 3 },
    };
}
