using JasperFx.Events.Projections;
using Marten;
using SocialTech.Labelling.EcosystemFacts;
using SocialTech.Labelling.Schemes;
using SocialTech.Labelling.Schemes.GettingDetails;

namespace SocialTech.Labelling;

public static class LabellingEventStore
{
    public const string ConnectionName = "labellingdb";
    public const string Schema = "labelling";

    public static void Configure(StoreOptions options, IServiceProvider services)
    {
        options.Schema.For<KnownPlace>().Index(p => p.Name);
        options.Projections.Add(new SchemeProjection(), ProjectionLifecycle.Inline);
        options.Schema.For<Scheme>().GinIndexJsonData();
    }
}
