using Marten;
using SocialTech.Funding.ActorDirectory;

namespace SocialTech.Funding;

public static class FundingEventStore
{
    public const string ConnectionName = "fundingdb";
    public const string Schema = "funding";

    public static void Configure(StoreOptions options, IServiceProvider services)
    {
        options.Schema.For<DirectoryActor>().Index(a => a.Name);
    }
}
