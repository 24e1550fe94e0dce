using JasperFx.Events.Projections;
using Marten;
using SocialTech.IncubatorNetworks.ActorDirectory;
using SocialTech.IncubatorNetworks.Networks;
using SocialTech.IncubatorNetworks.Networks.GettingDetails;

namespace SocialTech.IncubatorNetworks;

public static class IncubatorNetworksEventStore
{
    public const string ConnectionName = "networksdb";
    public const string Schema = "networks";

    public static void Configure(StoreOptions options, IServiceProvider services)
    {
        options.Schema.For<DirectoryActor>().Index(a => a.Name);
        options.Projections.Add(new NetworkProjection(), ProjectionLifecycle.Inline);
        options.Projections.Add(new NetworkDetailsProjection(), ProjectionLifecycle.Inline);
        options.Schema.For<NetworkDetails>()
            .Index(n => n.Name)
            .GinIndexJsonData();
    }
}
