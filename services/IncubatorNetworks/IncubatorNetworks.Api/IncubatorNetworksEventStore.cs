using JasperFx.Events.Projections;
using Marten;
using SocialTech.Actors.Directory;
using SocialTech.IncubatorNetworks.Activity;
using SocialTech.IncubatorNetworks.Activity.Publishing;
using SocialTech.IncubatorNetworks.Activity.Refusals;
using SocialTech.IncubatorNetworks.Calls;
using SocialTech.IncubatorNetworks.Cohorts;
using SocialTech.IncubatorNetworks.Networks;
using SocialTech.IncubatorNetworks.Networks.GettingDetails;
using SocialTech.IncubatorNetworks.Programmes;
using SocialTech.IncubatorNetworks.PublicEvents;
using SocialTech.IncubatorNetworks.Ventures;

namespace SocialTech.IncubatorNetworks;

public static class IncubatorNetworksEventStore
{
    public const string ConnectionName = "networksdb";
    public const string Schema = "networks";

    public static void Configure(StoreOptions options, IServiceProvider services)
    {
        options.AddActorDirectory();

        options.Projections.Add(new NetworkProjection(), ProjectionLifecycle.Inline);
        options.Projections.Add(new NetworkDetailsProjection(), ProjectionLifecycle.Inline);
        options.Schema.For<NetworkDetails>()
            .Index(n => n.Name)
            .GinIndexJsonData();

        // What networks publish: each subject's state inline with its stream, and the publications (idempotency
        // records and feed entries) indexed for the feeds, newest first.
        options.Projections.Add(new SubjectProjection<Programme>(Programme.Fold, (s, v) => s with { Version = v }, Programme.EventTypes), ProjectionLifecycle.Inline);
        options.Projections.Add(new SubjectProjection<CallForApplications>(CallForApplications.Fold, (s, v) => s with { Version = v }, CallForApplications.EventTypes), ProjectionLifecycle.Inline);
        options.Projections.Add(new SubjectProjection<Cohort>(Cohort.Fold, (s, v) => s with { Version = v }, Cohort.EventTypes), ProjectionLifecycle.Inline);
        options.Projections.Add(new SubjectProjection<Venture>(Venture.Fold, (s, v) => s with { Version = v }, Venture.EventTypes), ProjectionLifecycle.Inline);
        options.Projections.Add(new SubjectProjection<PublicEvent>(PublicEvent.Fold, (s, v) => s with { Version = v }, PublicEvent.EventTypes), ProjectionLifecycle.Inline);
        options.Schema.For<PublicEvent>().Index(e => e.Description.StartsAt);

        // A network's lists (the portal's network page) read each subject by its network.
        options.Schema.For<Programme>().Index(p => p.NetworkId);
        options.Schema.For<CallForApplications>().Index(c => c.NetworkId);
        options.Schema.For<Cohort>().Index(c => c.NetworkId);
        options.Schema.For<Venture>().Index(v => v.NetworkId);
        options.Schema.For<PublicEvent>().Index(e => e.NetworkId);
        options.Schema.For<Publication>()
            .Index(p => p.PublishedAt)
            .GinIndexJsonData();

        // Refusals of the AMQP inbox, read by network, newest first.
        options.Schema.For<RefusedMessage>().Index(r => r.NetworkId).Index(r => r.ReceivedAt);
    }
}
