using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SocialTech.BuildingBlocks.Security;
using SocialTech.Labelling.Applications;
using SocialTech.Labelling.Schemes;
using SocialTech.Testing;

namespace SocialTech.Labelling.Tests.AccessControl;

/// <summary>
/// Issue 16, items 3 and 4: only the party that drafted an application acts on it (the scheme's owner runs its own
/// steps, an admin everything), and an application is read by its parties, public authorities and admins only.
/// </summary>
public sealed class ApplicationPartiesTests(LabellingService labelling) : IClassFixture<LabellingService>
{
    private const string Applications = "/api/labelling/applications";

    [Fact]
    public async Task AnotherNetwork_WithdrawingOrSigningWithTheCurrentETag_IsForbidden_AndChangesNothing()
    {
        var networkA = Guid.CreateVersion7();
        var owner = Guid.CreateVersion7();
        var scheme = await PublishSchemeAsync(owner, "open-brand", "organisation");
        var holder = Guid.CreateVersion7();
        using var asA = labelling.Host.CreateClientAs(Roles.Network, networkA);
        using var asB = labelling.Host.CreateClientAs(Roles.Network, Guid.CreateVersion7());
        var (id, etag) = await DraftAsync(asA, new
        {
            schemeId = scheme, holder = new { id = holder }, evidence = new[] { new { criterionCode = "C1", reference = "Nous déclarons remplir ce critère." } },
        });
        var before = await ReadAsAdminAsync(id);

        using var withdrawal = await SendAsync(asB, $"{Applications}/{id}/withdrawal", new { reason = "Je retire la candidature d'un autre" }, etag);
        using var signature = await SendAsync(asB, $"{Applications}/{id}/charter-signature",
            new { signatory = "un intrus", signedOn = "2026-03-01", declaresCriteriaMet = true }, etag);
        var after = await ReadAsAdminAsync(id);
        var register = await labelling.Host.CreateAnonymousClient().GetFromJsonAsync<JsonElement>($"/api/labelling/register?holder={holder}");

        await AssertForbiddenAsync(withdrawal, "Only the party that drafted application");
        await AssertForbiddenAsync(signature, "Only the party that drafted application");
        Assert.Equal((before.ETag, before.Text), (after.ETag, after.Text));
        Assert.Empty(register.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task ANetworksApplication_IsActedOnByThatNetworkOrAnAdmin_AndItsSchemesOwnerOnlyOnItsSteps()
    {
        var networkA = Guid.CreateVersion7();
        var owner = Guid.CreateVersion7();
        var scheme = await PublishSchemeAsync(owner, "obtention", "territorial-collective");
        var campaign = await PlanCampaignAsync(scheme);
        using var asA = labelling.Host.CreateClientAs(Roles.Network, networkA, subject: "network-a:alice");
        // Another person of the same network: the network is the party, whoever signs in for it.
        using var asAnotherOfA = labelling.Host.CreateClientAs(Roles.Network, networkA, subject: "network-a:bob");
        using var asOwner = labelling.Host.CreateClientAs(Roles.LabelOwner, owner);
        var (id, etag) = await DraftAsync(asA, TerritoryApplication(scheme, campaign));
        var uri = $"{Applications}/{id}";

        // Refused: every write of the applicant by any other party, and the applicant's writes by the scheme's owner.
        var refused = new List<(string Who, string Route, HttpStatusCode Status)>();
        var strangers = new (string Who, HttpClient Client)[]
        {
            ("another network", labelling.Host.CreateClientAs(Roles.Network, Guid.CreateVersion7(), subject: "network-a:alice")),
            ("an operator", labelling.Host.CreateClientAs(Roles.Operator)),
            ("a public authority", labelling.Host.CreateClientAs(Roles.PublicAuthority)),
            ("the scheme's owner", asOwner),
        };
        foreach (var (who, client) in strangers)
        {
            foreach (var (route, body) in ApplicantWrites)
            {
                using var response = await SendAsync(client, $"{uri}/{route}", body, etag);
                refused.Add((who, route, response.StatusCode));
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }
        }

        var unchanged = await ReadAsAdminAsync(id);
        // The drafting network submits (another of its people), the owner runs its steps, the network answers.
        (etag, _) = await StepAsync(asAnotherOfA, $"{uri}/submission", null, etag);
        using var networkDecides = await SendAsync(asA, $"{uri}/admissibility", new { admissible = true }, etag);
        (etag, _) = await StepAsync(asOwner, $"{uri}/incompleteness", new { missing = new[] { "délibération" } }, etag);
        (etag, _) = await StepAsync(asA, $"{uri}/completion", new { evidence = new[] { new { criterionCode = "C1", reference = "deliberation.pdf" } } }, etag);
        (etag, _) = await StepAsync(asOwner, $"{uri}/admissibility", new { admissible = true }, etag);
        using var otherOwnerInstructs = await SendAsync(labelling.Host.CreateClientAs(Roles.LabelOwner), $"{uri}/instruction", null, etag);
        (etag, _) = await StepAsync(asOwner, $"{uri}/instruction", null, etag);
        var (_, withdrawnByAdmin) = await StepAsync(labelling.Client, $"{uri}/withdrawal", new { reason = "Retrait demandé par écrit au support" }, etag);

        Assert.All(refused, r => Assert.True(r.Status == HttpStatusCode.Forbidden, $"{r.Who} on {r.Route}: {(int)r.Status}"));
        Assert.Equal(strangers.Length * ApplicantWrites.Length, refused.Count);
        Assert.Equal("drafted", unchanged.Body.GetProperty("status").GetString());
        Assert.Equal("W/\"1\"", unchanged.ETag);
        await AssertForbiddenAsync(networkDecides, "This needs one of the roles label-owner, admin.");
        await AssertForbiddenAsync(otherOwnerInstructs, "is not the owner of this application's scheme");
        Assert.Equal("withdrawn", withdrawnByAdmin.GetProperty("status").GetString());
    }

    [Fact]
    public async Task AnOperatorsApplication_IsActedOnByThatOperatorOnly_NotAnotherOperatorNorANetwork()
    {
        var scheme = await PublishSchemeAsync(Guid.CreateVersion7(), "obtention", "territorial-collective");
        var campaign = await PlanCampaignAsync(scheme);
        using var asOperator = labelling.Host.CreateClientAs(Roles.Operator, subject: "operator:claire");
        using var asSameOperatorLater = labelling.Host.CreateClientAs(Roles.Operator, subject: "operator:claire");
        using var asOtherOperator = labelling.Host.CreateClientAs(Roles.Operator, subject: "operator:denis");
        // A network whose token happens to carry the same subject is a network, not that operator.
        using var asNetwork = labelling.Host.CreateClientAs(Roles.Network, Guid.CreateVersion7(), subject: "operator:claire");
        using var asAuthority = labelling.Host.CreateClientAs(Roles.PublicAuthority, subject: "authority:eve");
        var (id, etag) = await DraftAsync(asOperator, TerritoryApplication(scheme, campaign));

        using var byOther = await SendAsync(asOtherOperator, $"{Applications}/{id}/submission", null, etag);
        using var byNetwork = await SendAsync(asNetwork, $"{Applications}/{id}/submission", null, etag);
        using var byAuthority = await SendAsync(asAuthority, $"{Applications}/{id}/withdrawal", new { reason = "Une autre autorité" }, etag);
        var (_, submitted) = await StepAsync(asSameOperatorLater, $"{Applications}/{id}/submission", null, etag);

        await AssertForbiddenAsync(byOther, "Only the party that drafted application");
        await AssertForbiddenAsync(byNetwork, "Only the party that drafted application");
        await AssertForbiddenAsync(byAuthority, "Only the party that drafted application");
        Assert.Equal("submitted", submitted.GetProperty("status").GetString());
        Assert.Equal("operator", submitted.GetProperty("draftedBy").GetProperty("role").GetString());
        Assert.Equal("subject:operator:claire", submitted.GetProperty("draftedBy").GetProperty("party").GetString());
    }

    [Fact]
    public async Task AnApplicationStoredBeforeDrafterWasRecorded_IsActedOnByAnAdminAndItsSchemesOwnerOnly()
    {
        var owner = Guid.CreateVersion7();
        var scheme = await PublishSchemeAsync(owner, "obtention", "territorial-collective");
        var campaign = await PlanCampaignAsync(scheme);
        var (id, etag) = await DraftAsync(labelling.Host.CreateClientAs(Roles.Network, Guid.CreateVersion7()), TerritoryApplication(scheme, campaign));
        // As an event written before the field existed: no drafter at all, in the event and in its document.
        await using (var connection = new NpgsqlConnection(labelling.DatabaseConnectionString))
        {
            await connection.OpenAsync();
            await using var strip = new NpgsqlCommand(
                "update labelling.mt_events set data = data - 'DraftedBy' - 'draftedBy' where stream_id = @id;" +
                "update labelling.mt_doc_labelapplication set data = data - 'DraftedBy' - 'draftedBy' where id = @id;", connection);
            strip.Parameters.AddWithValue("id", id);
            await strip.ExecuteNonQueryAsync();
        }

        await using var session = labelling.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var stored = await session.Events.FetchStreamAsync(id);
        using var byNetwork = await SendAsync(labelling.Host.CreateClientAs(Roles.Network, Guid.CreateVersion7()), $"{Applications}/{id}/submission", null, etag);
        using var byOperator = await SendAsync(labelling.Host.CreateClientAs(Roles.Operator), $"{Applications}/{id}/submission", null, etag);
        using var readByNetwork = await labelling.Host.CreateClientAs(Roles.Network, Guid.CreateVersion7()).GetAsync($"{Applications}/{id}");
        (etag, _) = await StepAsync(labelling.Client, $"{Applications}/{id}/submission", null, etag);
        var (_, admissible) = await StepAsync(labelling.Host.CreateClientAs(Roles.LabelOwner, owner), $"{Applications}/{id}/admissibility", new { admissible = true }, etag);

        Assert.Null(Assert.IsType<ApplicationDrafted>(Assert.Single(stored).Data).DraftedBy);
        await AssertForbiddenAsync(byNetwork, "drafted before the platform recorded who drafts");
        await AssertForbiddenAsync(byOperator, "drafted before the platform recorded who drafts");
        await AssertForbiddenAsync(readByNetwork, "is read by the party that drafted it");
        Assert.Equal("admissible", admissible.GetProperty("status").GetString());
    }

    [Fact]
    public async Task AnApplication_IsReadByItsParties_PublicAuthoritiesAndAdmins_NotAnonymouslyNorByAnotherNetwork()
    {
        var networkA = Guid.CreateVersion7();
        var owner = Guid.CreateVersion7();
        var scheme = await PublishSchemeAsync(owner, "obtention", "territorial-collective");
        var campaign = await PlanCampaignAsync(scheme);
        using var asA = labelling.Host.CreateClientAs(Roles.Network, networkA);
        var (draft, _) = await DraftAsync(asA, TerritoryApplication(scheme, campaign));
        var (submittedId, etag) = await DraftAsync(asA, TerritoryApplication(scheme, campaign));
        await StepAsync(asA, $"{Applications}/{submittedId}/submission", null, etag);

        var readers = new (string Who, HttpClient Client, HttpStatusCode Expected)[]
        {
            ("anonymous", labelling.Host.CreateAnonymousClient(), HttpStatusCode.Unauthorized),
            ("the drafting network", asA, HttpStatusCode.OK),
            ("another of its people", labelling.Host.CreateClientAs(Roles.Network, networkA, subject: "network-a:bob"), HttpStatusCode.OK),
            ("another network", labelling.Host.CreateClientAs(Roles.Network, Guid.CreateVersion7()), HttpStatusCode.Forbidden),
            ("an operator", labelling.Host.CreateClientAs(Roles.Operator), HttpStatusCode.Forbidden),
            ("a funder", labelling.Host.CreateClientAs(Roles.Funder), HttpStatusCode.Forbidden),
            ("another scheme's owner", labelling.Host.CreateClientAs(Roles.LabelOwner), HttpStatusCode.Forbidden),
            ("the scheme's owner", labelling.Host.CreateClientAs(Roles.LabelOwner, owner), HttpStatusCode.OK),
            ("a public authority", labelling.Host.CreateClientAs(Roles.PublicAuthority), HttpStatusCode.OK),
            ("an admin", labelling.Client, HttpStatusCode.OK),
        };
        var answers = new List<string>();
        foreach (var (who, client, expected) in readers)
        {
            foreach (var path in new[] { $"{draft}", $"{draft}/eligibility", $"{submittedId}", $"{submittedId}/eligibility" })
            {
                using var response = await client.GetAsync($"{Applications}/{path}");
                var problem = response.Content.Headers.ContentType?.MediaType == "application/problem+json";
                if (response.StatusCode != expected || (expected != HttpStatusCode.OK && !problem))
                {
                    answers.Add($"{who} GET {path}: {(int)response.StatusCode} {response.Content.Headers.ContentType}, expected {(int)expected}");
                }
            }
        }

        using var evidence = await asA.GetFromJsonAsync<JsonDocument>($"{Applications}/{draft}");
        using var unknown = await asA.GetAsync($"{Applications}/{Guid.CreateVersion7()}");

        Assert.True(answers.Count == 0, string.Join('\n', answers));
        Assert.Equal("deliberation-initiale.pdf", evidence!.RootElement.GetProperty("evidence")[0].GetProperty("reference").GetString());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task TheList_ShowsEachCallerTheApplicationsItIsAPartyTo_AndNothingAnonymously()
    {
        var networkA = Guid.CreateVersion7();
        var networkB = Guid.CreateVersion7();
        var owner = Guid.CreateVersion7();
        var scheme = await PublishSchemeAsync(owner, "obtention", "territorial-collective");
        var campaign = await PlanCampaignAsync(scheme);
        using var asA = labelling.Host.CreateClientAs(Roles.Network, networkA);
        using var asB = labelling.Host.CreateClientAs(Roles.Network, networkB);
        using var asOperator = labelling.Host.CreateClientAs(Roles.Operator, subject: "operator:list");
        var (a1, a1Tag) = await DraftAsync(asA, TerritoryApplication(scheme, campaign));
        await StepAsync(asA, $"{Applications}/{a1}/submission", null, a1Tag);
        var (a2, _) = await DraftAsync(asA, TerritoryApplication(scheme, campaign));
        var (b1, _) = await DraftAsync(asB, TerritoryApplication(scheme, campaign));
        var (o1, _) = await DraftAsync(asOperator, TerritoryApplication(scheme, campaign));
        var list = $"{Applications}?scheme={scheme}&pageSize=500";

        using var anonymous = await labelling.Host.CreateAnonymousClient().GetAsync(list);
        using var funder = await labelling.Host.CreateClientAs(Roles.Funder).GetAsync(list);
        var seenByA = await IdsAsync(asA, list);
        var seenByB = await IdsAsync(asB, list);
        var seenByOperator = await IdsAsync(asOperator, list);
        var seenByAnotherOperator = await IdsAsync(labelling.Host.CreateClientAs(Roles.Operator, subject: "operator:other"), list);
        var seenByOwner = await IdsAsync(labelling.Host.CreateClientAs(Roles.LabelOwner, owner), list);
        var seenByAnotherOwner = await IdsAsync(labelling.Host.CreateClientAs(Roles.LabelOwner), list);
        var seenByAuthority = await IdsAsync(labelling.Host.CreateClientAs(Roles.PublicAuthority), list);
        var submittedSeenByB = await IdsAsync(asB, $"{list}&status=submitted");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, funder.StatusCode);
        Assert.Equal(Sorted(a1, a2), seenByA);
        Assert.Equal(Sorted(b1), seenByB);
        Assert.Equal(Sorted(o1), seenByOperator);
        Assert.Empty(seenByAnotherOperator);
        Assert.Equal(Sorted(a1, a2, b1, o1), seenByOwner);
        Assert.Empty(seenByAnotherOwner);
        Assert.Equal(Sorted(a1, a2, b1, o1), seenByAuthority);
        Assert.Empty(submittedSeenByB);
    }

    [Fact]
    public async Task AnotherPartysIdempotencyKey_DraftsItsOwnApplication_NeverReplaysTheFirst()
    {
        var scheme = await PublishSchemeAsync(Guid.CreateVersion7(), "obtention", "territorial-collective");
        var campaign = await PlanCampaignAsync(scheme);
        var key = $"draft-{Guid.NewGuid():N}";
        using var asA = labelling.Host.CreateClientAs(Roles.Network, Guid.CreateVersion7());
        var asBNetwork = Guid.CreateVersion7();
        using var asB = labelling.Host.CreateClientAs(Roles.Network, asBNetwork);

        using var first = await PostWithKeyAsync(asA, key, TerritoryApplication(scheme, campaign));
        using var retry = await PostWithKeyAsync(asA, key, TerritoryApplication(scheme, campaign));
        using var other = await PostWithKeyAsync(asB, key, TerritoryApplication(scheme, campaign));

        // A key is its caller's (BuildingBlocks IdempotencyKeys): A's retry answers A's application; B's request with
        // the same key drafts B's own, and is never answered A's.
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(HttpStatusCode.Created, other.StatusCode);
        var firstId = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal(firstId, (await retry.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
        var otherBody = await other.Content.ReadFromJsonAsync<JsonElement>();
        Assert.NotEqual(firstId, otherBody.GetProperty("id").GetGuid());
        Assert.Equal($"network:{asBNetwork}", otherBody.GetProperty("draftedBy").GetProperty("party").GetString());
    }

    [Fact]
    public async Task TheRegister_StaysOpen_ForALabelGrantedToANetworksApplication()
    {
        var networkA = Guid.CreateVersion7();
        var scheme = await PublishSchemeAsync(Guid.CreateVersion7(), "open-brand", "organisation");
        var holder = Guid.CreateVersion7();
        using var asA = labelling.Host.CreateClientAs(Roles.Network, networkA);
        var (id, etag) = await DraftAsync(asA, new
        {
            schemeId = scheme, holder = new { id = holder }, evidence = new[] { new { criterionCode = "C1", reference = "Nous déclarons remplir ce critère." } },
        });

        var (_, granted) = await StepAsync(asA, $"{Applications}/{id}/charter-signature",
            new { signatory = "la présidente", signedOn = "2026-03-01", declaresCriteriaMet = true }, etag);
        using var anonymous = labelling.Host.CreateAnonymousClient();
        var register = await anonymous.GetFromJsonAsync<JsonElement>($"/api/labelling/register?holder={holder}");
        using var label = await anonymous.GetAsync($"/api/labelling/labels/{granted.GetProperty("labelId").GetGuid()}");
        using var application = await anonymous.GetAsync($"{Applications}/{id}");

        Assert.Equal(holder, Assert.Single(register.GetProperty("items").EnumerateArray()).GetProperty("holderId").GetGuid());
        Assert.Equal(HttpStatusCode.OK, label.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, application.StatusCode);
    }

    [Fact]
    public void ADraftedEvent_WithoutTheDrafterField_ReadsAsDraftedByNobody()
    {
        // What the event store writes today, less the field: an event stored before it existed.
        var serializer = labelling.Host.Services.GetRequiredService<IDocumentStore>().Options.Serializer();
        var today = new ApplicationDrafted(Guid.CreateVersion7(), Guid.CreateVersion7(), null,
            new LabelHolder(LabelledKind.Organisation, Guid.CreateVersion7(), null, []),
            new ApplicationRules(SchemeMode.OpenBrand, new Validity(ValidityKind.YearsFromGrant, null, null, 3), null, ["C1"], []),
            [], null, LabellingService.Start, new ApplicationDrafter(Roles.Network, $"network:{Guid.CreateVersion7()}"));
        var json = System.Text.Json.Nodes.JsonNode.Parse(serializer.ToJson(today))!.AsObject();
        var removed = json.Remove("DraftedBy") | json.Remove("draftedBy");

        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json.ToJsonString()));
        var drafted = serializer.FromJson<ApplicationDrafted>(stream);
        var state = LabelApplication.Fold(null, drafted)!;

        Assert.True(removed);
        Assert.Equal(today.ApplicationId, drafted.ApplicationId);
        Assert.Null(drafted.DraftedBy);
        Assert.Null(state.DraftedBy);
        Assert.False(ApplicationParties.IsDrafter(state, new System.Security.Claims.ClaimsPrincipal()));
    }

    [Fact]
    public async Task EveryApplicationRoute_DeclaresItsAccessAnswers_InTheOpenApiDocument()
    {
        using var document = JsonDocument.Parse(await labelling.Host.CreateAnonymousClient().GetStringAsync("/openapi/v1.json"));

        var operations = document.RootElement.GetProperty("paths").EnumerateObject()
            .Where(p => p.Name.StartsWith(Applications, StringComparison.Ordinal))
            .SelectMany(p => p.Value.EnumerateObject().Select(o => (Operation: $"{o.Name.ToUpperInvariant()} {p.Name}", Responses: o.Value.GetProperty("responses"))))
            .ToList();
        var undeclared = operations
            .SelectMany(o => new[] { "401", "403" }.Where(status => !o.Responses.TryGetProperty(status, out _)).Select(status => $"{o.Operation}: no {status}"))
            .ToList();

        Assert.True(operations.Count >= 16, $"only {operations.Count} application operations in the document");
        Assert.True(undeclared.Count == 0, string.Join('\n', undeclared));
    }

    /// <summary>The applicant's writes, with bodies that would succeed from the drafted state where they apply.</summary>
    private static readonly (string Route, object? Body)[] ApplicantWrites =
    [
        ("submission", null),
        ("completion", new { evidence = new[] { new { criterionCode = "C1", reference = "autre.pdf" } } }),
        ("charter-signature", new { signatory = "un intrus", signedOn = "2026-03-01", declaresCriteriaMet = true }),
        ("withdrawal", new { reason = "Retrait par un autre" }),
    ];

    private static object TerritoryApplication(Guid scheme, Guid campaign) => new
    {
        schemeId = scheme, campaignId = campaign, holder = new { territory = "departement:24", collective = new[] { Guid.CreateVersion7() } },
        evidence = new[] { new { criterionCode = "C1", reference = "deliberation-initiale.pdf" } },
    };

    private async Task<Guid> PublishSchemeAsync(Guid owner, string mode, string labels) =>
        (await labelling.CreateAsync("/api/labelling/schemes", new
        {
            name = $"Label {mode} {Guid.NewGuid():N}", ownerId = owner, labels, mode,
            charter = mode == "open-brand" ? "Nous nous engageons à…" : null,
            criteria = new object[] { new { code = "C1", wording = "Un collectif d'au moins cinq acteurs", evidence = "liste signée" } },
            validity = new { years = 3 },
        })).Id;

    private async Task<Guid> PlanCampaignAsync(Guid scheme) =>
        (await labelling.CreateAsync("/api/labelling/campaigns", new
        {
            schemeId = scheme, name = "Vague", opensOn = labelling.Today.AddMonths(-2), closesOn = labelling.Today.AddMonths(10),
            eligibleTerritories = new[] { "departement:24" },
        })).Id;

    private static async Task<(Guid Id, string ETag)> DraftAsync(HttpClient client, object body)
    {
        using var response = await client.PostAsJsonAsync(Applications, body);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"draft: {(int)response.StatusCode} {json}");
        return (json.GetProperty("id").GetGuid(), response.Headers.ETag!.ToString());
    }

    private static async Task<HttpResponseMessage> PostWithKeyAsync(HttpClient client, string key, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Applications) { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return await client.SendAsync(request);
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string uri, object? body, string etag)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = JsonContent.Create(body ?? new { }) };
        request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(etag));
        return await client.SendAsync(request);
    }

    private static async Task<(string ETag, JsonElement Body)> StepAsync(HttpClient client, string uri, object? body, string etag)
    {
        using var response = await SendAsync(client, uri, body, etag);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, $"{uri}: {(int)response.StatusCode} {json}");
        return (response.Headers.ETag!.ToString(), json);
    }

    /// <summary>The application as an admin reads it: its ETag and its body's text, to compare before and after.</summary>
    private async Task<(string ETag, JsonElement Body, string Text)> ReadAsAdminAsync(Guid id)
    {
        using var response = await labelling.Client.GetAsync($"{Applications}/{id}");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"admin read: {(int)response.StatusCode} {text}");
        return (response.Headers.ETag!.ToString(), JsonDocument.Parse(text).RootElement.Clone(), text);
    }

    private static async Task<List<Guid>> IdsAsync(HttpClient client, string uri)
    {
        using var response = await client.GetAsync(uri);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {uri}: {(int)response.StatusCode} {json}");
        return Sorted([.. json.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("id").GetGuid())]);
    }

    private static List<Guid> Sorted(params Guid[] ids) => [.. ids.Order()];

    private static async Task AssertForbiddenAsync(HttpResponseMessage response, string rule)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"expected 403, got {(int)response.StatusCode} {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(rule, JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
