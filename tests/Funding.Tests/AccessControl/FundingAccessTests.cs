using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SocialTech.BuildingBlocks.Security;
using SocialTech.Testing;

namespace SocialTech.Funding.Tests.AccessControl;

public sealed class FundingAccessTests(FundingService funding) : IClassFixture<FundingService>
{
    [Fact]
    public async Task EveryWriteEndpoint_FollowsTheAccessMatrix()
    {
        var failures = await AccessMatrix.RunAsync(funding.Host);

        Assert.NotEmpty(AccessMatrix.WriteEndpoints(funding.Host));
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    /// <summary>
    /// Issue 17: a funder token for any actor awarded grants in that actor's name, declared as a funder or not. Now an
    /// award or a programme naming an undeclared funder is 400 naming it, for the funder itself and for an admin alike;
    /// once declared, the same request is created.
    /// </summary>
    [Theory]
    [InlineData(Roles.Funder)]
    [InlineData(Roles.Admin)]
    public async Task AnActorNotDeclaredAsAFunder_CannotAwardOrFundAProgramme_WhateverTheRole(string role)
    {
        var actor = await funding.SeedActorAsync($"Association qui se dit financeur {Guid.NewGuid():N}", "24352", "association");
        var recipient = await funding.SeedActorAsync($"Bénéficiaire {Guid.NewGuid():N}", "24352", "association");
        using var client = funding.Host.CreateClientAs(role, actor);

        using var grant = await client.PostAsJsonAsync("/api/funding/grants", BodyFor("/api/funding/grants", actor, recipient));
        using var programme = await client.PostAsJsonAsync("/api/funding/programmes", BodyFor("/api/funding/programmes", actor, recipient));
        await funding.DeclareFunderAsync(actor);
        using var declaredGrant = await client.PostAsJsonAsync("/api/funding/grants", BodyFor("/api/funding/grants", actor, recipient));

        Assert.Equal([$"{actor} is not declared as a funder; declare it first (POST /api/funding/funders)."],
            await RequestInput.AssertRefusedAsync(grant, "funders[0].funderId"));
        await RequestInput.AssertRefusedAsync(programme, "funders[0]");
        Assert.Equal(HttpStatusCode.Created, declaredGrant.StatusCode);
    }

    [Fact]
    public async Task AnotherFunder_CannotWriteAProgrammeOrGrant_ItsFunderCan()
    {
        var owner = await funding.SeedActorAsync("Département de la Dordogne", "24322", "local-authority");
        await funding.DeclareFunderAsync(owner, "state");
        var other = await funding.SeedActorAsync("Région Nouvelle-Aquitaine", "33063", "local-authority");
        await funding.DeclareFunderAsync(other, "state");
        var recipient = await funding.SeedActorAsync("Recyclerie de Ribérac", "24352", "association");
        using var asOwner = funding.Host.CreateClientAs(Roles.Funder, owner);
        using var asOther = funding.Host.CreateClientAs(Roles.Funder, other);

        using var published = await asOwner.PostAsJsonAsync("/api/funding/programmes", Programme(owner));
        var programme = (await published.Content.ReadFromJsonAsync<Created>())!.Id;
        using var publishedForAnother = await asOther.PostAsJsonAsync("/api/funding/programmes", Programme(owner));
        using var awarded = await asOwner.PostAsJsonAsync("/api/funding/grants", Grant(owner, recipient));
        var grant = (await awarded.Content.ReadFromJsonAsync<Created>())!.Id;
        using var awardedForAnother = await asOther.PostAsJsonAsync("/api/funding/grants", Grant(owner, recipient));

        // Every write on an existing programme or grant, enumerated from the metadata: the other funder gets 403.
        var updates = AccessMatrix.WriteEndpoints(funding.Host)
            .Where(e => e.Pattern.Contains("{id", StringComparison.Ordinal) && e.Pattern.StartsWith("/api/funding/", StringComparison.Ordinal))
            .ToList();
        var answers = new List<string>();
        foreach (var endpoint in updates)
        {
            var id = endpoint.Pattern.StartsWith("/api/funding/programmes", StringComparison.Ordinal) ? programme : grant;
            using var response = await asOther.SendAsync(new HttpRequestMessage(new HttpMethod(endpoint.Method), AccessMatrix.Fill(endpoint.Pattern, id))
            {
                Content = JsonContent.Create(new { }),
            });
            answers.Add($"{endpoint}: {(int)response.StatusCode}");
        }

        using var ownerRetires = new HttpRequestMessage(HttpMethod.Post, $"/api/funding/programmes/{programme}/retirement")
        {
            Content = JsonContent.Create(new { retiredOn = "2025-06-30", reason = "Spent" }),
        };
        ownerRetires.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue("\"1\"", true));
        using var retired = await asOwner.SendAsync(ownerRetires);

        Assert.Equal(HttpStatusCode.Created, published.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, publishedForAnother.StatusCode);
        Assert.Equal(HttpStatusCode.Created, awarded.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, awardedForAnother.StatusCode);
        Assert.True(updates.Count >= 8, string.Join('\n', updates));
        Assert.All(answers, a => Assert.EndsWith(": 403", a, StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, retired.StatusCode);
    }

    /// <summary>The fuzzer's find: a null part among a grant's funders broke the owner rule (500) before validation.</summary>
    [Fact]
    public async Task ANullFunderPart_IsA400NamingIt_ForTheOwnerRuleAsForValidation()
    {
        var owner = await funding.SeedActorAsync("Commune de Nontron", "24311", "local-authority");
        var recipient = await funding.SeedActorAsync("Épicerie solidaire de Nontron", "24311", "association");
        using var asOwner = funding.Host.CreateClientAs(Roles.Funder, owner);
        using var body = JsonContent.Create(new
        {
            funders = new object?[] { null, new { funderId = owner, amount = 1000 } }, recipientId = recipient, purpose = "Épicerie",
            amount = 1000, decisionDate = "2026-03-01", plannedStart = "2026-03-01", plannedEnd = "2026-12-31",
        });

        using var response = await asOwner.PostAsync("/api/funding/grants", body);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode} {text}");
        Assert.Contains("funders[0]", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GrantDetails_AreForPublicAuthoritiesAndTheGrantsFunders()
    {
        var owner = await funding.SeedActorAsync("Métropole de Lyon", "69123", "local-authority");
        await funding.DeclareFunderAsync(owner, "state");
        var recipient = await funding.SeedActorAsync("Tiers-lieu de la Croix-Rousse", "69123", "association");
        using var asOwner = funding.Host.CreateClientAs(Roles.Funder, owner);
        using var awarded = await asOwner.PostAsJsonAsync("/api/funding/grants", Grant(owner, recipient));
        var uri = $"/api/funding/grants/{(await awarded.Content.ReadFromJsonAsync<Created>())!.Id}";

        using var anonymous = funding.Host.CreateAnonymousClient();
        using var asOtherFunder = funding.Host.CreateClientAs(Roles.Funder);
        using var asNetwork = funding.Host.CreateClientAs(Roles.Network);
        using var asAuthority = funding.Host.CreateClientAs(Roles.PublicAuthority);

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(uri)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await asOtherFunder.GetAsync(uri)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await asNetwork.GetAsync(uri)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await asAuthority.GetAsync(uri)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await asOwner.GetAsync(uri)).StatusCode);
        // The flows stay open data.
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/api/funding/flows/by-funder?territory=region:84")).StatusCode);
    }

    /// <summary>
    /// Issue 16.1: the owner rule read the body as UTF-8 while the binder decoded the charset the client named, so a
    /// UTF-16 body naming another funder got past the rule (201). Any charset but UTF-8 is now refused before both.
    /// </summary>
    [Theory]
    [InlineData("/api/funding/programmes", "utf-16")]
    [InlineData("/api/funding/programmes", "utf-16BE")]
    [InlineData("/api/funding/programmes", "utf-32")]
    [InlineData("/api/funding/programmes", "iso-8859-1")]
    [InlineData("/api/funding/grants", "utf-16")]
    [InlineData("/api/funding/grants", "unicodeFFFE")]
    [InlineData("/api/funding/funders", "utf-16")]
    [InlineData("/api/funding/funders", "\"utf-16\"")]
    public async Task ABodyInAnotherCharset_IsRefusedWith415_BeforeTheOwnerRule(string uri, string charset)
    {
        // The funders stay undeclared, so that a declaration by this request would show.
        var (attacker, victim, recipient) = await FundersAsync(declared: false);
        using var asAttacker = funding.Host.CreateClientAs(Roles.Funder, attacker);
        var body = BodyFor(uri, victim, recipient);

        using var answer = await asAttacker.SendAsync(HostileBodies.Encoded(HttpMethod.Post, uri, body, charset));
        var problem = await answer.Content.ReadFromJsonAsync<JsonElement>();
        using var inUtf8 = await asAttacker.PostAsJsonAsync(uri, body);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, answer.StatusCode);
        Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Content-Type", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("Content-Type", problem.GetProperty("errors").EnumerateObject().Single().Name);
        Assert.Equal(HttpStatusCode.Forbidden, inUtf8.StatusCode);
        // Nothing was declared for the victim on the way.
        Assert.Equal(HttpStatusCode.NotFound, (await funding.Client.GetAsync($"/api/funding/funders/{victim}")).StatusCode);
    }

    /// <summary>The OpenAPI document says which writes may answer 415: those that take a JSON body.</summary>
    [Fact]
    public async Task TheOpenApiDocument_Declares415_OnEveryOperationWithAJsonBody()
    {
        var document = await funding.Client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var operations = document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(op => (Name: $"{op.Name.ToUpperInvariant()} {path.Name}", Operation: op.Value)))
            .ToList();
        var withJsonBody = operations
            .Where(o => o.Operation.TryGetProperty("requestBody", out var body) && body.GetProperty("content").TryGetProperty("application/json", out _))
            .ToList();

        Assert.Contains(withJsonBody, o => o.Name == "POST /api/funding/grants");
        Assert.Contains(withJsonBody, o => o.Name == "POST /api/funding/programmes");
        Assert.Contains(withJsonBody, o => o.Name == "POST /api/funding/funders");
        Assert.All(withJsonBody, o => Assert.True(o.Operation.GetProperty("responses").TryGetProperty("415", out var declared)
            && declared.GetProperty("content").TryGetProperty("application/problem+json", out _), o.Name));
    }

    /// <summary>Every spelling of UTF-8 reaches the owner rule, which reads what the endpoint reads: 403 for another's, 201 for one's own.</summary>
    [Theory]
    [InlineData("application/json; charset=utf-8", false)]
    [InlineData("application/json; charset=UTF-8", false)]
    [InlineData("application/json; charset=\"utf-8\"", false)]
    [InlineData("application/json", false)]
    [InlineData("application/json", true)]
    [InlineData("application/merge-patch+json; charset=utf-8", false)]
    public async Task ABodyInUtf8_MeetsTheOwnerRule_WhateverItsSpelling(string contentType, bool byteOrderMark)
    {
        var (attacker, victim, recipient) = await FundersAsync();
        using var asAttacker = funding.Host.CreateClientAs(Roles.Funder, attacker);

        using var another = await asAttacker.SendAsync(Raw("/api/funding/grants", Grant(victim, recipient), contentType, byteOrderMark));
        using var its = await asAttacker.SendAsync(Raw("/api/funding/grants", Grant(attacker, recipient), contentType, byteOrderMark));

        Assert.Equal(HttpStatusCode.Forbidden, another.StatusCode);
        Assert.Equal(HttpStatusCode.Created, its.StatusCode);
    }

    /// <summary>A compressed body is refused (415 naming Content-Encoding): neither the rule nor the binder inflates it.</summary>
    [Theory]
    [InlineData("gzip")]
    [InlineData("br")]
    [InlineData("identity, gzip")]
    public async Task ACompressedBody_IsRefusedWith415(string encoding)
    {
        var (attacker, victim, _) = await FundersAsync();
        using var asAttacker = funding.Host.CreateClientAs(Roles.Funder, attacker);
        using var request = Raw("/api/funding/funders", new { actorId = victim, funderType = "foundation" }, "application/json", false);
        request.Content!.Headers.TryAddWithoutValidation("Content-Encoding", encoding);

        using var answer = await asAttacker.SendAsync(request);
        var problem = await answer.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, answer.StatusCode);
        Assert.Equal("Content-Encoding", problem.GetProperty("errors").EnumerateObject().Single().Name);
    }

    /// <summary>
    /// A property named twice (in any case) is refused with 400 before the owner rule could read one value and the
    /// endpoint the other; a property in another case is the same property for both.
    /// </summary>
    [Fact]
    public async Task DuplicateOrRecasedOwnerProperties_AreReadAlikeByTheRuleAndTheEndpoint()
    {
        // The funders stay undeclared, so that a declaration by these requests would show.
        var (attacker, victim, recipient) = await FundersAsync(declared: false);
        using var asAttacker = funding.Host.CreateClientAs(Roles.Funder, attacker);

        using var twice = await asAttacker.SendAsync(Json("/api/funding/funders", $$"""{"actorId":"{{victim}}","actorId":"{{attacker}}","funderType":"foundation"}"""));
        using var twiceRecased = await asAttacker.SendAsync(Json("/api/funding/funders", $$"""{"actorId":"{{attacker}}","ActorId":"{{victim}}","funderType":"foundation"}"""));
        using var twiceNested = await asAttacker.SendAsync(Json("/api/funding/grants",
            $$"""{"funders":[{"funderId":"{{victim}}","FUNDERID":"{{attacker}}"}],"recipientId":"{{recipient}}","purpose":"Atelier","amount":100,"plannedStart":"2025-01-01","plannedEnd":"2025-12-31","decisionDate":"2025-02-01"}"""));
        using var recased = await asAttacker.SendAsync(Json("/api/funding/funders", $$"""{"ACTORID":"{{victim}}","funderType":"foundation"}"""));
        var problem = await twice.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, twice.StatusCode);
        Assert.Contains("Duplicate property 'actorId'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, twiceRecased.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, twiceNested.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, recased.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await funding.Client.GetAsync($"/api/funding/funders/{victim}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await funding.Client.GetAsync($"/api/funding/funders/{attacker}")).StatusCode);
    }

    /// <summary>
    /// Issue 16.2: funder X posting a grant under the Idempotency-Key of another funder's grant got that grant (200).
    /// Keys are the caller's own: the same key from two callers makes two grants; a caller's retry still replays.
    /// </summary>
    [Fact]
    public async Task AnIdempotencyKey_IsTheCallersOwn_AndStillReplaysForIt()
    {
        var (other, paris, recipient) = await FundersAsync();
        using var asParis = funding.Host.CreateClientAs(Roles.Funder, paris);
        using var asOther = funding.Host.CreateClientAs(Roles.Funder, other);
        var key = $"demo-grant/{Guid.NewGuid():N}";

        using var parisCreates = await asParis.SendAsync(HostileBodies.Keyed("/api/funding/grants", Grant(paris, recipient), key));
        using var otherCreates = await asOther.SendAsync(HostileBodies.Keyed("/api/funding/grants", Grant(other, recipient), key));
        using var parisRetries = await asParis.SendAsync(HostileBodies.Keyed("/api/funding/grants", Grant(paris, recipient), key));
        using var otherRetries = await asOther.SendAsync(HostileBodies.Keyed("/api/funding/grants", Grant(other, recipient), key));
        using var otherProgramme = await asOther.SendAsync(HostileBodies.Keyed("/api/funding/programmes", Programme(other), key));
        using var parisProgramme = await asParis.SendAsync(HostileBodies.Keyed("/api/funding/programmes", Programme(paris), key));
        var parisGrant = await parisCreates.Content.ReadFromJsonAsync<JsonElement>();
        var otherGrant = await otherCreates.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.Created, parisCreates.StatusCode);
        Assert.Equal(HttpStatusCode.Created, otherCreates.StatusCode);
        Assert.NotEqual(Id(parisGrant), Id(otherGrant));
        Assert.Equal(KeyedIds.For("socialtech:grants:", $"funder:{paris}", key, funder: paris.ToString()), Id(parisGrant));
        Assert.Equal(KeyedIds.For("socialtech:grants:", $"funder:{other}", key, funder: other.ToString()), Id(otherGrant));
        Assert.Equal(other, otherGrant.GetProperty("terms").GetProperty("funders")[0].GetProperty("funderId").GetGuid());
        Assert.Equal(HttpStatusCode.OK, parisRetries.StatusCode);
        Assert.Equal(Id(parisGrant), Id(await parisRetries.Content.ReadFromJsonAsync<JsonElement>()));
        Assert.Equal(HttpStatusCode.OK, otherRetries.StatusCode);
        Assert.Equal(Id(otherGrant), Id(await otherRetries.Content.ReadFromJsonAsync<JsonElement>()));
        Assert.Equal(HttpStatusCode.Created, otherProgramme.StatusCode);
        Assert.Equal(HttpStatusCode.Created, parisProgramme.StatusCode);
        // Each caller can read what its key answered: its own grant, never the other's.
        Assert.Equal(HttpStatusCode.Forbidden, (await asOther.GetAsync($"/api/funding/grants/{Id(parisGrant)}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await asOther.GetAsync($"/api/funding/grants/{Id(otherGrant)}")).StatusCode);
    }

    private static Guid Id(JsonElement body) => body.GetProperty("id").GetGuid();

    /// <summary>Two funders, declared as such unless told (only a declared funder awards), and a recipient.</summary>
    private async Task<(Guid Attacker, Guid Victim, Guid Recipient)> FundersAsync(bool declared = true)
    {
        var attacker = await funding.SeedActorAsync($"Région {Guid.NewGuid():N}", "33063", "local-authority");
        var victim = await funding.SeedActorAsync($"Ville de Paris {Guid.NewGuid():N}", "75056", "local-authority");
        if (declared)
        {
            await funding.DeclareFunderAsync(attacker, "state");
            await funding.DeclareFunderAsync(victim, "state");
        }

        return (attacker, victim, await funding.SeedActorAsync($"Recyclerie {Guid.NewGuid():N}", "24352", "association"));
    }

    private static object BodyFor(string uri, Guid owner, Guid recipient) => uri switch
    {
        "/api/funding/programmes" => Programme(owner),
        "/api/funding/grants" => Grant(owner, recipient),
        _ => new { actorId = owner, funderType = "region", territory = "region:84" },
    };

    private static HttpRequestMessage Raw(string uri, object body, string contentType, bool byteOrderMark)
    {
        var json = System.Text.Encoding.UTF8.GetBytes(JsonSerializer.Serialize(body, JsonSerializerOptions.Web));
        var content = new ByteArrayContent(byteOrderMark ? [0xEF, 0xBB, 0xBF, .. json] : json);
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return new HttpRequestMessage(HttpMethod.Post, uri) { Content = content };
    }

    private static HttpRequestMessage Json(string uri, string json) =>
        new(HttpMethod.Post, uri) { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };

    private sealed record Created(Guid Id);

    private static object Programme(Guid funder) => new
    {
        name = $"Dordogne solidaire {Guid.NewGuid():N}", funders = new[] { funder }, instructingBodies = new[] { funder },
        themes = new[] { "insertion" }, beneficiaryKinds = new[] { "association" }, aidTypes = new[] { "grant" },
        eligibleTerritories = new[] { "departement:24" }, opensOn = "2025-01-01", closesOn = "2025-12-31",
        callForProjects = true, budgetEnvelope = 250000.00m,
    };

    private static object Grant(Guid funder, Guid recipient) => new
    {
        funders = new[] { new { funderId = funder, funderType = "departement" } },
        recipientId = recipient, purpose = "Atelier vélo", amount = 12000.50m,
        plannedStart = "2025-01-01", plannedEnd = "2025-12-31", decisionDate = "2025-02-01",
    };
}
