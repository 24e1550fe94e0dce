using Marten;
using SocialTech.Funding.Hubs;
using SocialTech.Funding.Places;

namespace SocialTech.Funding.Relays;

public static class RelayCopies
{
    /// <summary>
    /// Stores the relay offers and places copied from Actors and the hubs copied from IncubatorNetworks (docs/adr/0013).
    /// The maze looks them up by territory keys (JSONB containment, hence the GIN index), places' operators and hubs'
    /// network heads by id.
    /// </summary>
    public static StoreOptions AddRelayCopies(this StoreOptions options)
    {
        options.Schema.For<KnownRelay>().Index(r => r.ActorId).GinIndexJsonData();
        options.Schema.For<KnownPlace>().Index(p => p.OperatorActorId).GinIndexJsonData();
        options.Schema.For<KnownHub>().Index(h => h.HeadActorId).GinIndexJsonData();
        return options;
    }
}
