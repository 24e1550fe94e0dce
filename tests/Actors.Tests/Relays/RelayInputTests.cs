using System.Text;
using SocialTech.Testing;

namespace SocialTech.Actors.Tests.Relays;

/// <summary>
/// Input the relay routes cannot read is a 400 naming the field under errors, as every other mistake: before, a page
/// that is not a number or an offer's flag that is not a boolean was an "Unreadable request" whose errors were empty.
/// </summary>
public sealed class RelayInputTests(ActorsService actors) : IClassFixture<ActorsService>
{
    [Theory]
    [InlineData("page=deux", "page", "'deux' is not a whole number.")]
    [InlineData("page=", "page", "'' is not a whole number.")]
    [InlineData("page=99999999999", "page", "'99999999999' is not a whole number.")]
    [InlineData("page=1&page=2", "page", "is given 2 times; give it once, as a whole number.")]
    [InlineData("pageSize=cinquante", "pageSize", "'cinquante' is not a whole number.")]
    public async Task ListRelays_AQueryValueThatCannotBeRead_Is400NamingIt(string query, string field, string message)
    {
        using var response = await actors.Client.GetAsync($"/api/relays?territory=commune:24352&{query}");

        var messages = await RequestInput.AssertRefusedAsync(response, field);
        Assert.Equal([message], messages);
    }

    [Theory]
    [InlineData("""{"supports":["funding-advice"],"forKinds":["association"],"territories":["departement:24"],"mailbox":"contact@exemple.fr","includesPlaces":"yes"}""", "includesPlaces")]
    [InlineData("""{"supports":"funding-advice","forKinds":["association"],"territories":["departement:24"],"mailbox":"contact@exemple.fr"}""", "supports")]
    [InlineData("""{"supports":["funding-advice"],"forKinds":["association"],"territories":[24],"mailbox":"contact@exemple.fr"}""", "territories[0]")]
    public async Task DeclareRelayOffer_APropertyOfTheWrongType_Is400NamingIt_AndNothingIsDeclared(string body, string field)
    {
        var (actorId, _) = await actors.RegisterAsync($"Relais mal typé {Guid.NewGuid():N}", "24352", kind: "network-head");
        using var content = new StringContent(body, Encoding.UTF8, "application/json");

        using var response = await actors.Client.PostAsync($"/api/actors/{actorId}/relay-offer", content);

        var messages = await RequestInput.AssertRefusedAsync(response, field);
        Assert.StartsWith("cannot be read: ", Assert.Single(messages), StringComparison.Ordinal);
        using var offer = await actors.Client.GetAsync($"/api/actors/{actorId}/relay-offer");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, offer.StatusCode);
    }
}
