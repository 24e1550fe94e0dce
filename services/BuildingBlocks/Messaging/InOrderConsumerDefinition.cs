using MassTransit;

namespace SocialTech.BuildingBlocks.Messaging;

/// <summary>
/// One message at a time on the consumer's queue, in the order the producer's outbox published them.
/// </summary>
/// <remarks>
/// For consumers that keep a local copy of another service's aggregate (<see cref="EventStore.LocalCopies"/>): some
/// contracts change part of the copy (relocated, ceased, closed). Processed concurrently, version 3 could land before
/// version 2, which the version check would then drop, losing its change. Retries happen in place, so a failing
/// message still holds the ones behind it only for the retry policy's few seconds before it goes to the error queue.
/// Every replica of the service subscribes to the same queue, and one message at a time per process is not one at a
/// time per queue: RabbitMQ would hand version 2 to one replica and version 3 to another. The queue is therefore
/// declared with a single active consumer: the broker delivers to one replica at a time and, when that one goes,
/// hands the queue to another, from the first unacknowledged message.
/// </remarks>
public abstract class InOrderConsumerDefinition<TConsumer> : ConsumerDefinition<TConsumer>
    where TConsumer : class, IConsumer
{
    protected InOrderConsumerDefinition() => ConcurrentMessageLimit = 1;

    /// <summary>
    /// Deliveries the broker sends ahead of the one being processed. They still run one at a time in delivery order
    /// (and a crash requeues them in that order); prefetching only saves the wait for the next delivery after each
    /// acknowledgement, which at a prefetch of 1 was a broker round trip per message (docs/performance.md, "propagation").
    /// </summary>
    public const int Prefetch = 16;

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<TConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        endpointConfigurator.PrefetchCount = Prefetch;
        if (endpointConfigurator is IRabbitMqReceiveEndpointConfigurator rabbit)
        {
            rabbit.SingleActiveConsumer = true;
        }
    }
}
