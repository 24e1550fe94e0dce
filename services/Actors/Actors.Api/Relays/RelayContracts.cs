using JasperFx.Events;
using SocialTech.BuildingBlocks.Http;

namespace SocialTech.Actors.Relays;

/// <summary>
/// Relays' share of <see cref="ActorsContractMapper"/>: domain events and contracts carry the same names, so the
/// contracts are spelt <c>Contracts.X</c> here.
/// </summary>
public static class RelayContracts
{
    /// <summary>The contract for a committed relay offer event, or null when the event is not an offer's.</summary>
    public static object? ToContract(IEvent committed) => committed.Data switch
    {
        RelayOfferDeclared e => new Contracts.RelayOfferDeclared(e.ActorId, e.OfferId, committed.Version,
            Supports(e.Terms), ForKinds(e.Terms), e.Terms.Territories, e.Terms.Mailbox, e.Terms.IncludesPlaces, e.DeclaredAt, e.Terms.IncludesHubs),
        RelayOfferChanged e => new Contracts.RelayOfferChanged(e.ActorId, e.OfferId, committed.Version,
            Supports(e.Terms), ForKinds(e.Terms), e.Terms.Territories, e.Terms.Mailbox, e.Terms.IncludesPlaces, e.ChangedAt, e.Terms.IncludesHubs),
        RelayOfferWithdrawn e => new Contracts.RelayOfferWithdrawn(e.ActorId, e.OfferId, committed.Version, e.Reason, e.WithdrawnAt),
        _ => null,
    };

    private static string[] Supports(RelayTerms terms) => terms.Supports.Select(Kebab.Name).ToArray();

    private static string[] ForKinds(RelayTerms terms) => terms.ForKinds.Select(Kebab.Name).ToArray();
}
