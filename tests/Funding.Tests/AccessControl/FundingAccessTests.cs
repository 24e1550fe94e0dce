using System.Net;
using System.Net.Http.Json;
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

    [Fact]
    public async Task AnotherFunder_CannotWriteAProgrammeOrGrant_ItsFunderCan()
    {
        var owner = await funding.SeedActorAsync("Département de la Dordogne", "24322", "local-authority");
        var other = await funding.SeedActorAsync("Région Nouvelle-Aquitaine", "33063", "local-authority");
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

    [Fact]
    public async Task GrantDetails_AreForPublicAuthoritiesAndTheGrantsFunders()
    {
        var owner = await funding.SeedActorAsync("Métropole de Lyon", "69123", "local-authority");
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
