using System.Text;
using System.Text.Json;
using RabbitMQ.Client;
using SocialTech.Testing;

namespace SocialTech.Funding.Tests;

/// <summary>
/// What the outbox publishes on real RabbitMQ for the contracts added after the first six, read the way any consumer
/// would: a queue bound to the contract's exchange (MassTransit names it namespace:type). The first six reach
/// Labelling in Platform.Tests (FundingContractsTests).
/// </summary>
public sealed class ContractsTests(FundingService funding) : IClassFixture<FundingService>
{
    [Fact]
    public async Task ProgrammeAmendedAndGrantClosed_ArePublished_WithWhatConsumersNeed()
    {
        var (programmes, programmeQueue) = await ListenAsync("ProgrammeAmended");
        var (closures, closureQueue) = await ListenAsync("GrantClosed");
        await using var _ = programmes;
        await using var __ = closures;

        var funder = await funding.SeedActorAsync("Département de la Dordogne (contrats)", "24322", "local-authority");
        await funding.DeclareFunderAsync(funder, "state");
        var recipient = await funding.SeedActorAsync("Recyclerie (contrats)", "24352", "association");
        var programme = new
        {
            name = "Économie circulaire", funders = new[] { funder }, instructingBodies = new[] { funder }, themes = new[] { "reemploi" },
            beneficiaryKinds = new[] { "association" }, aidTypes = new[] { "grant" }, eligibleTerritories = new[] { "departement:24" }, opensOn = "2025-01-01",
        };
        var (programmeId, programmeTag, _) = await funding.CreateAsync("/api/funding/programmes", programme);
        await funding.SendAsync(HttpMethod.Put, $"/api/funding/programmes/{programmeId}",
            programme with { themes = new[] { "reemploi", "insertion" }, eligibleTerritories = new[] { "region:75" } }, programmeTag);

        var (grantId, etag, _) = await funding.CreateAsync("/api/funding/grants", new
        {
            funders = new[] { new { funderId = funder } }, recipientId = recipient, programmeId, purpose = "Atelier", amount = 9000m,
            plannedStart = "2025-01-01", plannedEnd = "2025-12-31", decisionDate = "2025-02-01",
        });
        etag = await funding.SendAsync(HttpMethod.Post, $"/api/funding/grants/{grantId}/agreement", new { signedOn = "2025-02-10" }, etag);
        etag = await funding.SendAsync(HttpMethod.Post, $"/api/funding/grants/{grantId}/disbursements", new { amount = 6000m, paidOn = "2025-03-01" }, etag);
        await funding.SendAsync(HttpMethod.Post, $"/api/funding/grants/{grantId}/closure", new { closedOn = "2025-12-31" }, etag);

        var amended = await NextAsync(programmes.Channel, programmeQueue, "ProgrammeAmended");
        Assert.Equal((programmeId, 2L, "Économie circulaire"),
            (amended.GetProperty("programmeId").GetGuid(), amended.GetProperty("version").GetInt64(), amended.GetProperty("name").GetString()));
        Assert.Equal(["reemploi", "insertion"], amended.GetProperty("themes").EnumerateArray().Select(t => t.GetString()));
        var territory = amended.GetProperty("eligibleTerritories")[0];
        Assert.Equal(("region", "75", 2025), (territory.GetProperty("level").GetString(), territory.GetProperty("code").GetString(), territory.GetProperty("vintage").GetInt32()));

        var closed = await NextAsync(closures.Channel, closureQueue, "GrantClosed");
        Assert.Equal((grantId, 4L, recipient, "2025-12-31", 9000m, 6000m),
            (closed.GetProperty("grantId").GetGuid(), closed.GetProperty("version").GetInt64(), closed.GetProperty("recipientActorId").GetGuid(),
                closed.GetProperty("closedOn").GetString(), Money(closed.GetProperty("awarded")), Money(closed.GetProperty("totalDisbursed"))));
    }

    /// <summary>Amounts as the bus's JSON carries them (a number, or a string when the serializer keeps decimals exact).</summary>
    private static decimal Money(JsonElement amount) =>
        amount.ValueKind == JsonValueKind.String ? decimal.Parse(amount.GetString()!, System.Globalization.CultureInfo.InvariantCulture) : amount.GetDecimal();

    private sealed class Listener(IConnection connection, IChannel channel) : IAsyncDisposable
    {
        public IChannel Channel => channel;

        public async ValueTask DisposeAsync()
        {
            await channel.DisposeAsync();
            await connection.DisposeAsync();
        }
    }

    private async Task<(Listener, string)> ListenAsync(string contract)
    {
        var connection = await new ConnectionFactory { Uri = funding.Amqp }.CreateConnectionAsync();
        var channel = await connection.CreateChannelAsync();
        var exchange = $"SocialTech.Funding.Contracts:{contract}";
        await channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true);
        var queue = (await channel.QueueDeclareAsync($"test-{contract}-{Guid.NewGuid():N}", durable: false, exclusive: true, autoDelete: true)).QueueName;
        await channel.QueueBindAsync(queue, exchange, "");
        return (new Listener(connection, channel), queue);
    }

    private static async Task<JsonElement> NextAsync(IChannel channel, string queue, string what)
    {
        var body = await Eventually.GetAsync(async () => await channel.BasicGetAsync(queue, autoAck: true) is { } got
            ? Encoding.UTF8.GetString(got.Body.Span) : null, what);
        return JsonDocument.Parse(body).RootElement.GetProperty("message").Clone();
    }
}
