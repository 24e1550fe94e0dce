using System.Text;
using SocialTech.IncubatorNetworks.Activity.Refusals;

namespace SocialTech.IncubatorNetworks.Tests.Activity;

/// <summary>Whose a refusal is, and how much of its body is kept (hand-worked cases).</summary>
public sealed class RefusedMessagesTests
{
    private static readonly Guid Network = Guid.Parse("0195f3a2-7c1e-7d30-9b5e-2f4c8a1d6e90");

    [Theory]
    [InlineData("0195f3a2-7c1e-7d30-9b5e-2f4c8a1d6e90.venture-admitted", null)]
    [InlineData("0195f3a2-7c1e-7d30-9b5e-2f4c8a1d6e90.no-such-kind", "network-00000000-0000-0000-0000-000000000001")]
    [InlineData("not-a-network.venture-admitted", "network-0195f3a2-7c1e-7d30-9b5e-2f4c8a1d6e90")]
    [InlineData("venture-admitted", "network-0195f3a2-7c1e-7d30-9b5e-2f4c8a1d6e90")]
    public void TheNetwork_IsTheRoutingKeys_ElseTheConnectionUsers(string routingKey, string? userId) =>
        Assert.Equal(Network, RefusedMessages.NetworkOf(routingKey, userId));

    [Theory]
    [InlineData("venture-admitted", null)]
    [InlineData("x.venture-admitted", "admin")]
    [InlineData("x.venture-admitted", "network-not-a-guid")]
    public void NoNetwork_WhenNeitherNamesOne(string routingKey, string? userId) =>
        Assert.Null(RefusedMessages.NetworkOf(routingKey, userId));

    [Fact]
    public void NoRecord_WithoutANetwork() =>
        Assert.Null(RefusedMessages.Describe("venture-admitted", null, null, "{}"u8, DateTimeOffset.UnixEpoch, 400, "r", null));

    [Fact]
    public void AServiceFailure_IsNotExplainedToTheNetwork()
    {
        var refusal = RefusedMessages.Describe($"{Network}.venture-admitted", null, "m-1", "{\"eventId\":\"e-1\"}"u8, DateTimeOffset.UnixEpoch,
            500, "The service could not apply the message: Npgsql internal detail", null)!;
        Assert.Equal(RefusedMessages.ServiceFailure, refusal.Reason);
        Assert.Equal("e-1", refusal.EventId);
        Assert.Equal("m-1", refusal.MessageId);
        Assert.Equal(Network, refusal.NetworkId);
    }

    [Fact]
    public void ABigBody_IsCut_BeforeACharacterThatWouldBeSplit()
    {
        // 4095 ASCII bytes, then "é" (2 bytes: 4095 and 4096): the cut at 4096 would split it, so it falls before it.
        var body = Encoding.UTF8.GetBytes(new string('a', 4095) + "é" + new string('b', 100));
        Assert.Equal(4197, body.Length);
        var excerpt = RefusedMessages.Excerpt(body, out var truncated);
        Assert.True(truncated);
        Assert.Equal(new string('a', 4095), excerpt);

        var small = RefusedMessages.Excerpt("{\"a\":1}"u8, out var whole);
        Assert.False(whole);
        Assert.Equal("{\"a\":1}", small);
    }
}
