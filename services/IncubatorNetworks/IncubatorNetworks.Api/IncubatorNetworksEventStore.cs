using Marten;

namespace SocialTech.IncubatorNetworks;

public static class IncubatorNetworksEventStore
{
    public const string ConnectionName = "networksdb";
    public const string Schema = "networks";

    public static void Configure(StoreOptions options, IServiceProvider services)
    {
    }
}
