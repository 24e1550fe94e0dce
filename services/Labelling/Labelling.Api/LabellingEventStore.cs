using Marten;
using SocialTech.Labelling.EcosystemFacts;

namespace SocialTech.Labelling;

public static class LabellingEventStore
{
    public const string ConnectionName = "labellingdb";
    public const string Schema = "labelling";

    public static void Configure(StoreOptions options, IServiceProvider services)
    {
        options.Schema.For<KnownPlace>().Index(p => p.Name);
    }
}
