using System.Diagnostics;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace SocialTech.Benchmarks.Scenarios.Outbox;

/// <summary>
/// A durable queue of the benchmark's own, bound to one exchange, whose consumer (auto-ack, large prefetch) notes when
/// each message arrives and how big its body is: the point where a published message is on the broker, routed and
/// delivered, the same for the outbox and for the raw publisher.
/// </summary>
public sealed class QueueProbe : IAsyncDisposable
{
    private readonly IChannel channel;
    private readonly string queue;
    private readonly Lock gate = new();
    private readonly List<long> arrivals = [];
    private long bodyBytes;
    private TaskCompletionSource? waiter;
    private int waitFor;

    private QueueProbe(IChannel channel, string queue)
    {
        this.channel = channel;
        this.queue = queue;
    }

    public static async Task<QueueProbe> StartAsync(IConnection connection, string exchange, string queue, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var channel = await connection.CreateChannelAsync(cancellationToken: ct);
        // Fanout, durable: what MassTransit declares for a message type's exchange, so declaring it first is harmless.
        await channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: ct);
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, cancellationToken: ct);
        await channel.QueuePurgeAsync(queue, ct);
        await channel.QueueBindAsync(queue, exchange, "", cancellationToken: ct);
        await channel.BasicQosAsync(0, 2_000, false, ct);
        var probe = new QueueProbe(channel, queue);
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, delivery) =>
        {
            probe.Arrived(Stopwatch.GetTimestamp(), delivery.Body.Length);
            return Task.CompletedTask;
        };
        await channel.BasicConsumeAsync(queue, autoAck: true, consumer, ct);
        return probe;
    }

    public int Count
    {
        get
        {
            lock (gate)
            {
                return arrivals.Count;
            }
        }
    }

    /// <summary>Mean body size of what arrived so far, in bytes.</summary>
    public double MeanBodyBytes
    {
        get
        {
            lock (gate)
            {
                return arrivals.Count == 0 ? 0 : (double)bodyBytes / arrivals.Count;
            }
        }
    }

    /// <summary>Forgets what arrived: the next round counts from zero.</summary>
    public void Reset()
    {
        lock (gate)
        {
            arrivals.Clear();
            bodyBytes = 0;
        }
    }

    /// <summary>The arrival timestamps (<see cref="Stopwatch"/> ticks) once <paramref name="count"/> messages have arrived.</summary>
    public async Task<long[]> WaitForAsync(int count, TimeSpan timeout, CancellationToken ct)
    {
        Task wait;
        lock (gate)
        {
            if (arrivals.Count >= count)
            {
                return [.. arrivals];
            }

            waitFor = count;
            waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            wait = waiter.Task;
        }

        try
        {
            await wait.WaitAsync(timeout, ct);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{Count} of {count} messages arrived in {queue} within {timeout.TotalSeconds:F0} s.");
        }

        lock (gate)
        {
            return [.. arrivals];
        }
    }

    private void Arrived(long timestamp, int bytes)
    {
        lock (gate)
        {
            arrivals.Add(timestamp);
            bodyBytes += bytes;
            if (waiter is not null && arrivals.Count >= waitFor)
            {
                waiter.TrySetResult();
                waiter = null;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        // The queue goes with the probe: nothing keeps piling up in the benchmark's virtual host after the run.
        await channel.QueueDeleteAsync(queue);
        await channel.CloseAsync();
        channel.Dispose();
    }
}
