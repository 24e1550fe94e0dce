using System.Net.Http.Json;
using SocialTech.Testing;

namespace SocialTech.IncubatorNetworks.Tests.AccessControl;

/// <summary>The matrix sends every /api/networks/{networkId}/… write with another network's token too (403).</summary>
public sealed class NetworksAccessTests(NetworksService networks) : IClassFixture<NetworksService>
{
    [Fact]
    public async Task EveryWriteEndpoint_FollowsTheAccessMatrix()
    {
        var failures = await AccessMatrix.RunAsync(networks.Host);

        Assert.Contains(AccessMatrix.WriteEndpoints(networks.Host), e => e.Pattern.Contains("{networkId", StringComparison.Ordinal) && e.Owner is not null);
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    /// <summary>
    /// The network rules read the route, not the body; a body in another charset than UTF-8 is still refused (415)
    /// before authorization and binding, as in every service.
    /// </summary>
    [Theory]
    [InlineData("/api/networks", "operator")]
    [InlineData("/api/networks/{0}/hubs", "network")]
    [InlineData("/api/networks/{0}/members", "network")]
    public async Task ABodyInUtf16_IsRefusedWith415(string uri, string role)
    {
        var network = Guid.CreateVersion7();
        using var client = networks.Host.CreateClientAs(role, role == "network" ? network : null);

        using var answer = await client.SendAsync(HostileBodies.Encoded(HttpMethod.Post, string.Format(System.Globalization.CultureInfo.InvariantCulture, uri, network),
            new { name = "Réseau des tiers-lieux", communeCode = "24352", actorId = Guid.CreateVersion7(), role = "incubator" }, "utf-16"));
        var problem = await answer.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();

        Assert.Equal(System.Net.HttpStatusCode.UnsupportedMediaType, answer.StatusCode);
        Assert.Equal("Content-Type", problem.GetProperty("errors").EnumerateObject().Single().Name);
    }

}
