using Marten;
using SocialTech.IncubatorNetworks.ActorDirectory;

namespace SocialTech.IncubatorNetworks;

public static class IncubatorNetworksEventStore
{
    public const string ConnectionName = "networksdb";
    public const string Schema = "networks";

    public static void Configure(StoreOptions options, IServiceProvider services)
    {
        options.Schema.For<DirectoryActor>().Index(a => a.Name);
    }
}
