using JasperFx.Events.Projections;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using SocialTech.Actors.Organisations;
using SocialTech.Actors.Organisations.GettingDetails;
using SocialTech.Actors.Places;
using SocialTech.Actors.Places.GettingDetails;
using SocialTech.Actors.Relays;
using SocialTech.Actors.Relays.GettingOffer;

namespace SocialTech.Actors;

public static class ActorsEventStore
{
    public const string ConnectionName = "actorsdb";
    public const string Schema = "actors";

    public static void Configure(StoreOptions options, IServiceProvider services)
    {
        var territories = services.GetRequiredService<IKnownTerritories>();
        options.Projections.Add(new OrganisationProjection(), ProjectionLifecycle.Inline);
        options.Projections.Add(new ActorDetailsProjection(territories), ProjectionLifecycle.Inline);
        options.Schema.For<ActorDetails>()
            .Index(a => a.Name)
            .GinIndexJsonData();
        options.Schema.For<IdentifierClaim>();
        options.Projections.Add(new PlaceProjection(), ProjectionLifecycle.Inline);
        options.Projections.Add(new PlaceDetailsProjection(territories), ProjectionLifecycle.Inline);
        options.Schema.For<PlaceDetails>()
            .Index(p => p.Name)
            .GinIndexJsonData();
        options.Projections.Add(new RelayOfferProjection(), ProjectionLifecycle.Inline);
        options.Projections.Add(new RelayOfferDetailsProjection(), ProjectionLifecycle.Inline);
        // The coverage list matches offers on their territory keys (jsonb containment).
        options.Schema.For<RelayOfferDetails>()
            .GinIndexJsonData();
    }
}
