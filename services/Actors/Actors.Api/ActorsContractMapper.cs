using JasperFx.Events;
using Marten;
using SocialTech.Actors.Contracts;
using SocialTech.Actors.Organisations;
using SocialTech.Actors.Places;
using SocialTech.BuildingBlocks.Http;
using SocialTech.BuildingBlocks.Messaging;

namespace SocialTech.Actors;

/// <summary>What the Actors service tells the others, built from its committed events.</summary>
public sealed class ActorsContractMapper : IContractMapper
{
    public ContractCatalog Contracts { get; } = new ContractCatalog()
        .Add<ActorRegistered>(typeof(OrganisationRegistered))
        .Add<ActorProfileChanged>(typeof(IdentifierLinked), typeof(ProfileChanged), typeof(KindAdded), typeof(KindRemoved),
            typeof(PlacesOfActionChanged), typeof(DuplicateAbsorbed))
        .Add<ActorRelocated>(typeof(HeadOfficeMoved))
        .Add<ActorCeased>(typeof(OrganisationCeased))
        .Add<ActorsMerged>(typeof(OrganisationMergedInto))
        .Add<SocialTech.Actors.Contracts.PlaceOpened>(typeof(Places.PlaceOpened))
        .Add<SocialTech.Actors.Contracts.PlaceDetailsChanged>(typeof(Places.PlaceDetailsChanged))
        .Add<SocialTech.Actors.Contracts.PlaceClosed>(typeof(Places.PlaceClosed))
        .Add<SocialTech.Actors.Contracts.RelayOfferDeclared>(typeof(Relays.RelayOfferDeclared))
        .Add<SocialTech.Actors.Contracts.RelayOfferChanged>(typeof(Relays.RelayOfferChanged))
        .Add<SocialTech.Actors.Contracts.RelayOfferWithdrawn>(typeof(Relays.RelayOfferWithdrawn));

    public async ValueTask<object?> ToContractAsync(IEvent committed, IQuerySession session, CancellationToken cancellationToken) =>
        committed.Data switch
        {
            OrganisationRegistered e => new ActorRegistered(e.ActorId, committed.Version,
                ProfileOf(Organisation.Fold(null, e)!), e.RegisteredAt),
            IdentifierLinked or ProfileChanged or KindAdded or KindRemoved or PlacesOfActionChanged or DuplicateAbsorbed =>
                new ActorProfileChanged(committed.StreamId, committed.Version,
                    ProfileOf(await StateAtAsync(committed, session, cancellationToken)), committed.Timestamp),
            HeadOfficeMoved e => new ActorRelocated(e.ActorId, committed.Version, e.From, e.To, e.MovedAt),
            OrganisationCeased e => new ActorCeased(e.ActorId, committed.Version, e.CeasedOn, e.Reason),
            OrganisationMergedInto e => new ActorsMerged(e.ActorId, e.SurvivorId, committed.Version, e.MergedAt),
            _ => PlaceContracts.ToContract(committed) ?? Relays.RelayContracts.ToContract(committed),
        };

    public static ActorProfile ProfileOf(Organisation state) => new(
        state.Profile.Name,
        state.Kinds.Select(Kebab.Name).ToArray(),
        state.Identifiers,
        state.Profile.LegalCategory,
        state.Profile.Ess,
        state.Profile.Esus,
        state.HeadOffice,
        state.PlacesOfAction,
        state.Profile.Website,
        state.Profile.Mailbox,
        Kebab.Name(state.Status));

    /// <summary>The state as of this event, not as of now: a later change must not leak into an earlier message.</summary>
    private static async Task<Organisation> StateAtAsync(IEvent committed, IQuerySession session, CancellationToken ct)
    {
        var events = await session.Events.FetchStreamAsync(committed.StreamId, committed.Version, token: ct);
        return events.Aggregate((Organisation?)null, (state, e) => Organisation.Fold(state, e.Data))
            ?? throw new InvalidOperationException($"Stream {committed.StreamId} has no registration before version {committed.Version}.");
    }
}
