using Marten;
using SocialTech.Funding.Places;

namespace SocialTech.Funding.Relays;

public static class RelayCopies
{
    /// <summary>
    /// Stores the relay offers and places copied from Actors (docs/adr/0013). The maze looks them up by territory keys
    /// (JSONB containment, hence the GIN index) and places' operators by id.
    /// </summary>
    public static StoreOptions AddRelayCopies(this StoreOptions options)
    {
        options.Schema.For<KnownRelay>().Index(r => r.ActorId).GinIndexJsonData();
        options.Schema.For<KnownPlace>().Index(p => p.OperatorActorId).GinIndexJsonData();
        return options;
    }
}
