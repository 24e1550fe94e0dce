using JasperFx.Events;
using Marten;
using SocialTech.BuildingBlocks.Http;
using SocialTech.BuildingBlocks.Messaging;
using SocialTech.IncubatorNetworks.Cohorts;
using SocialTech.IncubatorNetworks.Networks;
using SocialTech.IncubatorNetworks.PublicEvents;
using SocialTech.IncubatorNetworks.Ventures;

namespace SocialTech.IncubatorNetworks;

/// <summary>
/// What IncubatorNetworks tells the others, built from its committed events. Domain events and contracts share
/// names, so the contracts are spelt <c>Contracts.X</c>; the other events stay inside the service.
/// </summary>
public sealed class IncubatorNetworksContractMapper : IContractMapper
{
    public ContractCatalog Contracts { get; } = new ContractCatalog()
        .Add<Contracts.NetworkHubOpened>(typeof(HubOpened))
        .Add<Contracts.NetworkHubClosed>(typeof(HubClosed))
        .Add<Contracts.CohortAnnounced>(typeof(CohortAnnounced))
        .Add<Contracts.VentureAdmitted>(typeof(VentureAdmitted))
        .Add<Contracts.VentureIncorporated>(typeof(VentureIncorporated))
        .Add<Contracts.VentureGraduated>(typeof(VentureGraduated))
        .Add<Contracts.PublicEventScheduled>(typeof(PublicEventScheduled))
        .Add<Contracts.PublicEventHeld>(typeof(PublicEventHeld));

    public async ValueTask<object?> ToContractAsync(IEvent committed, IQuerySession session, CancellationToken cancellationToken) =>
        committed.Data switch
        {
            HubOpened e => await HubOpenedAsync(committed, e, session, cancellationToken),
            HubClosed e => new Contracts.NetworkHubClosed(e.NetworkId, committed.Version, e.HubId, e.ClosedOn),
            CohortAnnounced e => new Contracts.CohortAnnounced(e.NetworkId, e.CohortId, committed.Version, e.CohortRef, e.ProgrammeRef, e.Name,
                e.StartsOn, e.Ventures.Select(v => new Contracts.AnnouncedVenture(v.VentureRef, v.Name)).ToArray()),
            VentureAdmitted e => new Contracts.VentureAdmitted(e.NetworkId, e.VentureId, committed.Version, e.VentureRef, e.Name, e.ProgrammeRef,
                e.CohortRef, Kebab.Name(e.Phase), e.CommuneCode, e.AdmittedOn),
            VentureIncorporated e => await IncorporatedAsync(committed, e, session, cancellationToken),
            VentureGraduated e => await GraduatedAsync(committed, e, session, cancellationToken),
            PublicEventScheduled e => new Contracts.PublicEventScheduled(e.NetworkId, e.PublicEventId, committed.Version, e.PublicEventRef,
                e.Description.Title, Kebab.Name(e.Description.Format), e.Description.StartsAt, e.Description.EndsAt, e.Description.CommuneCode,
                e.Description.Online, e.Description.Audiences.Select(Kebab.Name).ToArray(), e.Description.RegistrationUrl),
            PublicEventHeld e => await HeldAsync(committed, e, session, cancellationToken),
            _ => null,
        };

    private static async Task<Contracts.NetworkHubOpened> HubOpenedAsync(IEvent committed, HubOpened e, IQuerySession session, CancellationToken ct)
    {
        var network = await StateAtAsync<Network>(committed, Network.Fold, session, ct);
        return new Contracts.NetworkHubOpened(e.NetworkId, committed.Version, network.Name, e.HubId, e.Name, e.Location.CommuneCode,
            e.Location.CountryCode, e.Location.City, e.OpenedOn, network.HeadActorId);
    }

    private static async Task<Contracts.VentureIncorporated> IncorporatedAsync(IEvent committed, VentureIncorporated e, IQuerySession session, CancellationToken ct)
    {
        var venture = await StateAtAsync<Venture>(committed, Venture.Fold, session, ct);
        return new Contracts.VentureIncorporated(venture.NetworkId, e.VentureId, committed.Version, venture.Ref, venture.Name, e.Siren,
            venture.CommuneCode, e.IncorporatedOn);
    }

    private static async Task<Contracts.VentureGraduated> GraduatedAsync(IEvent committed, VentureGraduated e, IQuerySession session, CancellationToken ct)
    {
        var venture = await StateAtAsync<Venture>(committed, Venture.Fold, session, ct);
        return new Contracts.VentureGraduated(venture.NetworkId, e.VentureId, committed.Version, venture.Ref, venture.Name, venture.ProgrammeRef,
            venture.Siren, e.GraduatedOn);
    }

    private static async Task<Contracts.PublicEventHeld> HeldAsync(IEvent committed, PublicEventHeld e, IQuerySession session, CancellationToken ct)
    {
        var publicEvent = await StateAtAsync<PublicEvent>(committed, PublicEvent.Fold, session, ct);
        return new Contracts.PublicEventHeld(publicEvent.NetworkId, e.PublicEventId, committed.Version, publicEvent.Ref, publicEvent.Description.Title,
            publicEvent.Description.StartsAt, publicEvent.Description.CommuneCode, e.Attendance);
    }

    /// <summary>The state as of this event, not as of now: a later change must not leak into an earlier message.</summary>
    private static async Task<TState> StateAtAsync<TState>(IEvent committed, Func<TState?, object, TState?> fold, IQuerySession session, CancellationToken ct)
        where TState : class
    {
        var events = await session.Events.FetchStreamAsync(committed.StreamId, committed.Version, token: ct);
        return events.Aggregate((TState?)null, (state, e) => fold(state, e.Data))
            ?? throw new InvalidOperationException($"Stream {committed.StreamId} has no {typeof(TState).Name} before version {committed.Version}.");
    }
}
