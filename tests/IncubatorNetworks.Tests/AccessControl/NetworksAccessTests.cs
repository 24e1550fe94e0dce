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
}
