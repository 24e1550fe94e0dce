using JasperFx.Events.Projections;
using Marten;
using SocialTech.Actors.Directory;
using SocialTech.Labelling.Applications;
using SocialTech.Labelling.Applications.GettingDetails;
using SocialTech.Labelling.Campaigns;
using SocialTech.Labelling.Campaigns.GettingDetails;
using SocialTech.Labelling.Deadlines;
using SocialTech.Labelling.EcosystemFacts;
using SocialTech.Labelling.Labels;
using SocialTech.Labelling.Labels.GettingDetails;
using SocialTech.Labelling.NetworkFacts;
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
        options.AddActorDirectory();
        options.Schema.For<SupportedVenture>().Index(v => v.CommuneCode!);
        options.Schema.For<NetworkHub>().Index(h => h.CommuneCode!);
        options.Projections.Add(new SchemeProjection(), ProjectionLifecycle.Inline);
        options.Schema.For<Scheme>().GinIndexJsonData();
        options.Projections.Add(new CampaignProjection(), ProjectionLifecycle.Inline);
        options.Schema.For<Campaign>().Index(c => c.SchemeId);
        options.Projections.Add(new LabelApplicationProjection(), ProjectionLifecycle.Inline);
        options.Schema.For<LabelApplication>().Index(a => a.SchemeId).Index(a => a.CampaignId!);
        options.Projections.Add(new LabelProjection(), ProjectionLifecycle.Inline);
        options.Schema.For<Label>().Index(l => l.ValidUntil).GinIndexJsonData();
        options.Schema.For<Deadline>().Index(d => d.DueAt);
    }
}
