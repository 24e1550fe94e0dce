using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using RabbitMQ.Client;
using SocialTech.Actors.Organisations.LinkingVentures;
using SocialTech.IncubatorNetworks.Contracts;
using SocialTech.Testing;
using Xunit.Abstractions;

namespace SocialTech.Actors.Tests.Organisations;

/// <summary>
/// Poison among IncubatorNetworks' VentureIncorporated messages, on the real broker: a body that is not JSON, a
/// message whose fields have the wrong JSON types, and messages that are well-formed but can never be applied (a
/// commune that does not exist, no SIREN at all). Each ends in <c>actors-venture-incorporated_error</c> after
/// exactly the attempts the retry policy gives it, while every valid message around them is applied once.
/// </summary>
/// <remarks>
/// The valid messages' rate with and without poison is measured in the same run and printed, not asserted: on a
/// shared two-core machine a timing assertion would fail for reasons that have nothing to do with the code (the
/// house rule: figures in benchmarks and reports, never timed tests).
/// </remarks>
public sealed class PoisonVentureMessagesTests(ActorsService actors, ITestOutputHelper output) : IClassFixture<ActorsService>
{
    private const string Queue = "actors-venture-incorporated";
    private const string ErrorQueue = Queue + "_error";
    private const string MessageType = "urn:message:SocialTech.IncubatorNetworks.Contracts:VentureIncorporated";

    private static int sirenSeed = 10_000_000;

    public enum Poison { MalformedJson, WrongFieldTypes, UnknownCommune, NoSiren }

    [Fact]
    public async Task PoisonMessages_EndInTheErrorQueue_AfterTheRetryPolicy_AndEveryValidMessageIsAppliedOnce()
    {
        await WaitForBusAsync();
        var factory = new ConnectionFactory { Uri = actors.Amqp };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();

        // Warm-up (JIT, pools, the queue's consumers), then clean and poisoned rounds alternately so that neither
        // phase gets the machine's quiet moments only.
        var warmUp = await RunRoundAsync(channel, valid: 20, poisonEvery: 0);
        var clean = new List<Round>();
        var poisoned = new List<Round>();
        for (var i = 0; i < 2; i++)
        {
            clean.Add(await RunRoundAsync(channel, valid: 100, poisonEvery: 0));
            poisoned.Add(await RunRoundAsync(channel, valid: 100, poisonEvery: 4));
        }

        var sent = poisoned.SelectMany(r => r.Poison).ToList();
        Assert.Equal(50, sent.Count);

        // Every poison message is in the error queue, with the attempts the policy gives its kind.
        var published = clean.Concat(poisoned).Append(warmUp).Sum(r => r.Sirens.Count + r.Poison.Count);
        var errors = await DrainErrorQueueAsync(channel, sent.Count, published);
        foreach (var (kind, id) in sent)
        {
            var error = errors.SingleOrDefault(e => e.Body.Contains(id.ToString(), StringComparison.Ordinal));
            Assert.True(error is not null, $"{kind} {id} is not in {ErrorQueue}");
            Assert.True(error.Retries == ExpectedRetries(kind),
                $"{kind} {id} was retried {error.Retries} times, the policy says {ExpectedRetries(kind)} ({error.Reason})");
        }

        Assert.Equal(sent.Count, errors.Count);

        // Every valid message applied once: its actor registered with the venture linked, nothing else written.
        foreach (var round in clean.Concat(poisoned))
        {
            foreach (var siren in round.Sirens)
            {
                var events = await EventTypesAsync(LinkVenture.ActorIdFor(siren));
                Assert.Equal(2, events.Count);
                Assert.Contains("venture_linked", events);
            }
        }

        Assert.Equal(20 + (4 * 100), await StreamCountAsync());

        var cleanRate = clean.Sum(r => r.Sirens.Count) / clean.Sum(r => r.Elapsed.TotalSeconds);
        var poisonedRate = poisoned.Sum(r => r.Sirens.Count) / poisoned.Sum(r => r.Elapsed.TotalSeconds);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"valid messages/s without poison {cleanRate:F1}, with 20% poison {poisonedRate:F1}: ratio {poisonedRate / cleanRate:F2} (target ≥ 0.90)"));
    }

    /// <summary>
    /// None of these can ever become valid, so the policy gives them no retry: a body that cannot be read is faulted
    /// as it is received, before the retry filter; the consumer refuses the others with a PoisonMessageException,
    /// which the retry policy ignores. Retrying them would hold a consumer slot for the policy's seconds each.
    /// </summary>
    private static int ExpectedRetries(Poison kind) => kind switch
    {
        Poison.MalformedJson or Poison.WrongFieldTypes => 0,
        Poison.UnknownCommune or Poison.NoSiren => 0,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private sealed record Round(List<string> Sirens, List<(Poison Kind, Guid Id)> Poison, TimeSpan Elapsed);

    private async Task<Round> RunRoundAsync(IChannel channel, int valid, int poisonEvery)
    {
        var bus = actors.Host.Services.GetRequiredService<IBus>();
        var sirens = new List<string>();
        var poison = new List<(Poison, Guid)>();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < valid; i++)
        {
            var siren = NextSiren();
            sirens.Add(siren);
            await bus.Publish(new VentureIncorporated(Guid.CreateVersion7(), Guid.CreateVersion7(), 3, $"V-{i}", $"Jeune pousse {siren}", siren, "24352", new DateOnly(2026, 3, 2)));
            if (poisonEvery > 0 && i % poisonEvery == 0)
            {
                var kind = (Poison)(poison.Count % 4);
                poison.Add((kind, await PublishPoisonAsync(channel, bus, kind)));
            }
        }

        var ids = sirens.Select(LinkVenture.ActorIdFor).ToArray();
        await Eventually.TrueAsync(async () => await StreamCountAsync(ids) == ids.Length, $"{valid} valid ventures registered");
        return new Round(sirens, poison, clock.Elapsed);
    }

    private static async Task<Guid> PublishPoisonAsync(IChannel channel, IBus bus, Poison kind)
    {
        var id = Guid.NewGuid();
        switch (kind)
        {
            case Poison.MalformedJson:
                await SendRawAsync(channel, id, $"{{\"messageId\": \"{id}\", \"messageType\": [\"{MessageType}\"], \"message\": {{\"networkId\": ");
                break;
            case Poison.WrongFieldTypes:
                await SendRawAsync(channel, id, JsonSerializer.Serialize(new
                {
                    messageId = id,
                    messageType = new[] { MessageType },
                    message = new { networkId = "not-a-guid", ventureId = 17, version = "three", ventureRef = new[] { 1 }, name = false, siren = 842137507, incorporatedOn = 42 },
                }));
                break;
            case Poison.UnknownCommune:
                var siren = NextSiren();
                await bus.Publish(new VentureIncorporated(Guid.CreateVersion7(), Guid.CreateVersion7(), 3, "V-X", "Nulle part", siren, "00000", new DateOnly(2026, 3, 2)),
                    context => context.MessageId = id);
                break;
            case Poison.NoSiren:
                await bus.Publish(new VentureIncorporated(Guid.CreateVersion7(), Guid.CreateVersion7(), 3, "V-Y", "Sans SIREN", null!, "24352", new DateOnly(2026, 3, 2)),
                    context => context.MessageId = id);
                break;
        }

        return id;
    }

    /// <summary>Straight to the consumer's queue, as a misbehaving publisher would put it there.</summary>
    private static async Task SendRawAsync(IChannel channel, Guid id, string body)
    {
        var properties = new BasicProperties { ContentType = "application/vnd.masstransit+json", MessageId = id.ToString(), Persistent = true };
        await channel.BasicPublishAsync(string.Empty, Queue, false, properties, Encoding.UTF8.GetBytes(body));
    }

    private sealed record ErrorMessage(string Body, int Retries, string? Reason);

    /// <param name="published">Every message put on the consumer's queue: once that many are acknowledged, nothing more can fault.</param>
    private async Task<List<ErrorMessage>> DrainErrorQueueAsync(IChannel channel, int expected, int published)
    {
        var messages = new List<ErrorMessage>();
        await Eventually.TrueAsync(async () =>
        {
            while (await channel.BasicGetAsync(ErrorQueue, autoAck: true) is { } got)
            {
                var headers = got.BasicProperties.Headers ?? new Dictionary<string, object?>();
                messages.Add(new ErrorMessage(Encoding.UTF8.GetString(got.Body.Span), HeaderInt(headers, MessageHeaders.FaultRetryCount),
                    HeaderText(headers, MessageHeaders.FaultExceptionType) + ": " + HeaderText(headers, MessageHeaders.FaultMessage)));
            }

            return messages.Count >= expected;
        }, $"{expected} messages in {ErrorQueue}");

        // Anything arriving late would be a message faulted twice, or a valid one faulted. None can once every message
        // put on the queue is acknowledged: MassTransit acknowledges a faulted message only after the error queue has
        // confirmed its copy, and a message goes back to the queue (to fault again) only while it is unacknowledged.
        // The consumer is concurrent, so a last message handled says nothing of the others; the queue's acknowledgement
        // count does. The management API samples it every few seconds, but it only grows and each message is
        // acknowledged once: a sample at the total is a sound "all settled", however late it comes.
        await Eventually.TrueAsync(async () => await AcknowledgedAsync() >= published, $"{published} messages acknowledged on {Queue}");
        while (await channel.BasicGetAsync(ErrorQueue, autoAck: true) is { } late)
        {
            messages.Add(new ErrorMessage(Encoding.UTF8.GetString(late.Body.Span), -1, "late"));
        }

        return messages;
    }

    private async Task<long> AcknowledgedAsync()
    {
        using var queue = JsonDocument.Parse(await actors.VirtualHost.GetQueueJsonAsync(Queue));
        return queue.RootElement.TryGetProperty("message_stats", out var stats) && stats.TryGetProperty("ack", out var ack) ? ack.GetInt64() : 0;
    }

    private static string? HeaderText(IDictionary<string, object?> headers, string name) =>
        headers.TryGetValue(name, out var value) ? value is byte[] bytes ? Encoding.UTF8.GetString(bytes) : value?.ToString() : null;

    private static int HeaderInt(IDictionary<string, object?> headers, string name) =>
        HeaderText(headers, name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : 0;

    private async Task<List<string>> EventTypesAsync(Guid stream)
    {
        await using var connection = new NpgsqlConnection(actors.DatabaseConnectionString);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand($"SELECT type FROM {await EventsTableAsync(connection)} WHERE stream_id = @id ORDER BY version", connection);
        query.Parameters.AddWithValue("id", stream);
        await using var reader = await query.ExecuteReaderAsync();
        var types = new List<string>();
        while (await reader.ReadAsync())
        {
            types.Add(reader.GetString(0));
        }

        return types;
    }

    private async Task<long> StreamCountAsync(Guid[]? ids = null)
    {
        await using var connection = new NpgsqlConnection(actors.DatabaseConnectionString);
        await connection.OpenAsync();
        var table = (await EventsTableAsync(connection)).Replace("mt_events", "mt_streams", StringComparison.Ordinal);
        await using var query = new NpgsqlCommand(ids is null ? $"SELECT count(*) FROM {table}" : $"SELECT count(*) FROM {table} WHERE id = ANY(@ids)", connection);
        if (ids is not null)
        {
            query.Parameters.AddWithValue("ids", ids);
        }

        return (long)(await query.ExecuteScalarAsync())!;
    }

    private static async Task<string> EventsTableAsync(NpgsqlConnection connection)
    {
        await using var schema = new NpgsqlCommand("SELECT table_schema FROM information_schema.tables WHERE table_name = 'mt_events'", connection);
        return $"\"{(string)(await schema.ExecuteScalarAsync())!}\".mt_events";
    }

    private async Task WaitForBusAsync() =>
        await Eventually.TrueAsync(async () =>
        {
            using var health = await actors.Client.GetAsync("/health");
            using var report = JsonDocument.Parse(await health.Content.ReadAsStringAsync());
            return report.RootElement.GetProperty("entries").GetProperty("messaging").GetProperty("status").GetString() == "Healthy";
        }, "the bus to connect");

    /// <summary>A fresh, Luhn-valid SIREN: eight digits from a counter and the check digit.</summary>
    private static string NextSiren()
    {
        var payload = Interlocked.Increment(ref sirenSeed).ToString("D8", CultureInfo.InvariantCulture);
        for (var check = 0; check < 10; check++)
        {
            var candidate = payload + check.ToString(CultureInfo.InvariantCulture);
            var sum = candidate.Reverse().Select((c, i) => (c - '0') * (i % 2 == 1 ? 2 : 1)).Sum(d => d > 9 ? d - 9 : d);
            if (sum % 10 == 0)
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("unreachable: one check digit always fits");
    }
}
