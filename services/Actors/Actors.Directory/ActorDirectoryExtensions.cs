using Marten;
using MassTransit;

namespace SocialTech.Actors.Directory;

public static class ActorDirectoryExtensions
{
    /// <summary>Stores the directory in the hosting service's database, searchable by name.</summary>
    public static StoreOptions AddActorDirectory(this StoreOptions options)
    {
        options.Schema.For<DirectoryActor>().Index(a => a.Name);
        return options;
    }

    /// <summary>Subscribes the hosting service to the actors' contracts, one message at a time, in published order.</summary>
    public static IBusRegistrationConfigurator AddActorDirectory(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<ActorDirectoryConsumer, ActorDirectoryConsumerDefinition>();
        return bus;
    }
}
