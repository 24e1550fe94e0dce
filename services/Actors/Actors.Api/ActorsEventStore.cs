using JasperFx.Events.Projections;
using Marten;
using SocialTech.Actors.Organisations;
using SocialTech.Actors.Organisations.GettingDetails;

namespace SocialTech.Actors;

public static class ActorsEventStore
{
    public const string ConnectionName = "actorsdb";
    public const string Schema = "actors";

    public static void Configure(StoreOptions options)
    {
        options.Projections.Snapshot<Organisation>(SnapshotLifecycle.Inline);
        options.Projections.Snapshot<ActorDetails>(SnapshotLifecycle.Inline);
    }
}
