using MassTransit;

namespace SocialTech.IncubatorNetworks.ActorDirectory.Recording;

/// <summary>
/// One message at a time on the directory's queue. Relocated, ceased and merged are partial changes applied to the
/// copy held: processed concurrently, version 3 could land before version 2, which the version check would then
/// drop, losing its change. Serial consumption keeps the order Actors published in; retries happen in place.
/// </summary>
public sealed class ActorDirectoryConsumerDefinition : ConsumerDefinition<ActorDirectoryConsumer>
{
    public ActorDirectoryConsumerDefinition() => ConcurrentMessageLimit = 1;

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<ActorDirectoryConsumer> consumerConfigurator,
        IRegistrationContext context) =>
        endpointConfigurator.PrefetchCount = 1;
}
