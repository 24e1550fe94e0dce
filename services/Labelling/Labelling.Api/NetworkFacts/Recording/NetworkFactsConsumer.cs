using Marten;
using MassTransit;
using SocialTech.BuildingBlocks.EventStore;
using SocialTech.BuildingBlocks.Messaging;
using SocialTech.IncubatorNetworks.Contracts;

namespace SocialTech.Labelling.NetworkFacts.Recording;

/// <summary>Keeps Labelling's copies of the ventures and hubs incubator networks publish.</summary>
/// <remarks>
/// One consumer, hence one queue, for all of them: a venture's contracts arrive in the order IncubatorNetworks
/// published them, so an incorporation never overtakes its admission (if a redelivery makes it, the retry waits for
/// the admission). Idempotent through <see cref="LocalCopies.ApplyOnceAsync"/>. <c>CohortAnnounced</c> is not kept:
/// it names ventures by reference only, without where they operate, and each of them is also admitted.
/// </remarks>
public sealed class NetworkFactsConsumer(IDocumentSession session, TimeProvider clock) :
    IConsumer<VentureAdmitted>,
    IConsumer<VentureIncorporated>,
    IConsumer<VentureGraduated>,
    IConsumer<NetworkHubOpened>
{
    public Task Consume(ConsumeContext<VentureAdmitted> context)
    {
        var m = context.Message;
        return VentureAsync(context, m.VentureId, m.Version, (known, now) => known is null
            ? new SupportedVenture(m.VentureId, m.NetworkId, m.Name, m.ProgrammeRef, m.Phase, m.CommuneCode, null, SupportedVenture.Admitted,
                m.AdmittedOn, m.Version, now)
            // Admitted again (to another programme): the venture is the same, its programme and phase move on.
            : known with { Name = m.Name, ProgrammeRef = m.ProgrammeRef, Phase = m.Phase, CommuneCode = m.CommuneCode ?? known.CommuneCode, SourceVersion = m.Version, UpdatedAt = now });
    }

    public Task Consume(ConsumeContext<VentureIncorporated> context)
    {
        var m = context.Message;
        return VentureAsync(context, m.VentureId, m.Version, (known, now) => LocalCopies.Existing(known, context) with
        {
            Name = m.Name,
            Siren = m.Siren,
            CommuneCode = m.CommuneCode ?? known!.CommuneCode,
            Status = known!.Status == SupportedVenture.Graduated ? SupportedVenture.Graduated : SupportedVenture.Incorporated,
            SourceVersion = m.Version,
            UpdatedAt = now,
        });
    }

    public Task Consume(ConsumeContext<VentureGraduated> context)
    {
        var m = context.Message;
        return VentureAsync(context, m.VentureId, m.Version, (known, now) => LocalCopies.Existing(known, context) with
        {
            Name = m.Name,
            Siren = m.Siren ?? known!.Siren,
            Status = SupportedVenture.Graduated,
            SourceVersion = m.Version,
            UpdatedAt = now,
        });
    }

    public Task Consume(ConsumeContext<NetworkHubOpened> context)
    {
        var m = context.Message;
        var now = clock.GetUtcNow();
        return session.ApplyOnceAsync<NetworkHubOpened, NetworkHub>(context, nameof(NetworkFactsConsumer), m.HubId, m.Version, now,
            _ => new NetworkHub(m.HubId, m.NetworkId, m.NetworkName, m.HubName, m.CommuneCode, m.CountryCode, m.OpenedOn, m.Version, now));
    }

    private Task VentureAsync<T>(ConsumeContext<T> context, Guid ventureId, long version, Func<SupportedVenture?, DateTimeOffset, SupportedVenture> apply)
        where T : class =>
        session.ApplyOnceAsync(context, nameof(NetworkFactsConsumer), ventureId, version, clock, apply);
}

/// <summary>Keeps the copy right when contracts change part of it: see <see cref="InOrderConsumerDefinition{TConsumer}"/>.</summary>
public sealed class NetworkFactsConsumerDefinition : InOrderConsumerDefinition<NetworkFactsConsumer>;
