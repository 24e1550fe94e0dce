using JasperFx.Events;
using SocialTech.BuildingBlocks.Http;

namespace SocialTech.Actors.Places;

/// <summary>
/// Places' share of <see cref="ActorsContractMapper"/>: domain events and contracts carry the same names, so the
/// contracts are spelt <c>Contracts.X</c> here, away from the organisations' mapping.
/// </summary>
public static class PlaceContracts
{
    /// <summary>The contract for a committed place event, or null when the event is not a place's.</summary>
    public static object? ToContract(IEvent committed) => committed.Data switch
    {
        PlaceOpened e => new Contracts.PlaceOpened(e.PlaceId, committed.Version, e.Description.Name,
            Typologies(e.Description), e.Description.Commune, e.Description.OperatorId, e.Description.Website, e.OpenedOn),
        PlaceDetailsChanged e => new Contracts.PlaceDetailsChanged(e.PlaceId, committed.Version, e.Description.Name,
            Typologies(e.Description), e.Description.Commune, e.Description.OperatorId, e.Description.Website, e.ChangedAt),
        PlaceClosed e => new Contracts.PlaceClosed(e.PlaceId, committed.Version, e.ClosedOn, e.Reason),
        _ => null,
    };

    private static string[] Typologies(PlaceDescription description) => description.Typologies.Select(Kebab.Name).ToArray();
}
