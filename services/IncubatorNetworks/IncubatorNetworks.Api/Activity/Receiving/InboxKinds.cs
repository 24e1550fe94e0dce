using Marten;
using SocialTech.IncubatorNetworks.Activity.Publishing;
using SocialTech.IncubatorNetworks.Calls.Closing;
using SocialTech.IncubatorNetworks.Calls.Opening;
using SocialTech.IncubatorNetworks.Cohorts.Announcing;
using SocialTech.IncubatorNetworks.Programmes.Launching;
using SocialTech.IncubatorNetworks.PublicEvents.Cancelling;
using SocialTech.IncubatorNetworks.PublicEvents.Changing;
using SocialTech.IncubatorNetworks.PublicEvents.Holding;
using SocialTech.IncubatorNetworks.PublicEvents.Scheduling;
using SocialTech.IncubatorNetworks.Ventures;
using SocialTech.IncubatorNetworks.Ventures.Admitting;
using SocialTech.IncubatorNetworks.Ventures.ChangingPhase;
using SocialTech.IncubatorNetworks.Ventures.EndingSupport;
using SocialTech.IncubatorNetworks.Ventures.Incorporating;
using SocialTech.IncubatorNetworks.Ventures.RaisingFunding;
using SocialTech.IncubatorNetworks.Ventures.ReportingIndicators;

namespace SocialTech.IncubatorNetworks.Activity.Receiving;

/// <summary>
/// One kind of message a network may publish straight onto RabbitMQ: the last segment of its routing key
/// (<c>{networkId}.venture-admitted</c>), the body's record (the HTTP route's body), and the slice it goes through.
/// </summary>
/// <param name="PathReference">The reference the HTTP route carries in its path (<c>ventureRef</c>…): over AMQP the
/// body carries it, beside the HTTP body's fields.</param>
/// <param name="Required">The body's required members, for its JSON Schema: the slice's own validation is the authority
/// and also checks formats, ranges and references.</param>
public sealed record InboxKind(
    string Name, Type MessageType, string? PathReference, IReadOnlyList<string> Required, string Description,
    Func<ISessionFactory, Guid, string, INetworkMessage, DateTimeOffset, CancellationToken, Task<PublicationResult>> Publish);

public static class InboxKinds
{
    private const string Venture = "ventureRef";
    private const string PublicEvent = "publicEventRef";

    public static readonly IReadOnlyList<InboxKind> All =
    [
        new(LaunchProgramme.Kind, typeof(ProgrammeLaunchedMessage), null, ["eventId", "programmeRef", "name", "kind", "launchedOn"],
            "A support programme launched (emergence, incubation, acceleration, implantation, rural).",
            (s, n, _, m, now, ct) => LaunchProgramme.PublishAsync(s, n, (ProgrammeLaunchedMessage)m, now, ct)),
        new(OpenCall.Kind, typeof(CallOpenedMessage), null, ["eventId", "callRef", "programmeRef", "title", "opensOn", "closesOn"],
            "A call for applications opened, with its dates.",
            (s, n, _, m, now, ct) => OpenCall.PublishAsync(s, n, (CallOpenedMessage)m, now, ct)),
        new(CloseCall.Kind, typeof(CallClosedMessage), "callRef", ["eventId", "callRef", "closedOn", "applications"],
            "A call for applications closed, with its number of applications.",
            (s, n, r, m, now, ct) => CloseCall.PublishAsync(s, n, r, (CallClosedMessage)m, now, ct)),
        new(AnnounceCohort.Kind, typeof(CohortAnnouncedMessage), null, ["eventId", "cohortRef", "programmeRef", "name", "startsOn", "ventures"],
            "A cohort announced with its ventures.",
            (s, n, _, m, now, ct) => AnnounceCohort.PublishAsync(s, n, (CohortAnnouncedMessage)m, now, ct)),
        new(AdmitVenture.Kind, typeof(VentureAdmittedMessage), null, ["eventId", "ventureRef", "name", "programmeRef", "phase", "admittedOn"],
            "A venture admitted to a programme.",
            (s, n, _, m, now, ct) => AdmitVenture.PublishAsync(s, n, (VentureAdmittedMessage)m, now, ct)),
        new(ChangeVenturePhase.Kind, typeof(VenturePhaseChangedMessage), Venture, ["eventId", Venture, "phase", "changedOn"],
            "A venture moved to another phase.",
            (s, n, r, m, now, ct) => ChangeVenturePhase.PublishAsync(s, n, r, (VenturePhaseChangedMessage)m, now, ct)),
        new(IncorporateVenture.Kind, typeof(VentureIncorporatedMessage), Venture, ["eventId", Venture, "siren", "incorporatedOn"],
            "A venture incorporated, with its SIREN.",
            (s, n, r, m, now, ct) => IncorporateVenture.PublishAsync(s, n, r, (VentureIncorporatedMessage)m, now, ct)),
        new(RaiseVentureFunding.Kind, typeof(VentureFundingRaisedMessage), Venture, ["eventId", Venture, "amountEuros", "kind", "raisedOn"],
            "A venture raised funds.",
            (s, n, r, m, now, ct) => RaiseVentureFunding.PublishAsync(s, n, r, (VentureFundingRaisedMessage)m, now, ct)),
        new(ReportVentureIndicators.Kind, typeof(VentureIndicatorsReportedMessage), Venture, ["eventId", Venture, "year"],
            "A venture's yearly indicators (jobs, revenue, beneficiaries).",
            (s, n, r, m, now, ct) => ReportVentureIndicators.PublishAsync(s, n, r, (VentureIndicatorsReportedMessage)m, now, ct)),
        EndOfSupport(EndVentureSupport.Graduated, VentureStatus.Graduated, ["eventId", Venture, "on"], "A venture graduated from its programme."),
        EndOfSupport(EndVentureSupport.Exited, VentureStatus.Exited, ["eventId", Venture, "on", "reason"], "A venture left its programme early."),
        EndOfSupport(EndVentureSupport.Abandoned, VentureStatus.Abandoned, ["eventId", Venture, "on", "reason"], "A venture was abandoned."),
        new(SchedulePublicEvent.Kind, typeof(PublicEventScheduledMessage), null,
            ["eventId", PublicEvent, "title", "format", "startsAt", "endsAt", "audiences"],
            "A public event scheduled (demo day, workshop, jury, open day).",
            (s, n, _, m, now, ct) => SchedulePublicEvent.PublishAsync(s, n, (PublicEventScheduledMessage)m, now, ct)),
        new(ChangePublicEvent.Kind, typeof(PublicEventChangedMessage), PublicEvent,
            ["eventId", PublicEvent, "title", "format", "startsAt", "endsAt", "audiences"],
            "A scheduled public event changed: the whole description again, as when it was scheduled.",
            (s, n, r, m, now, ct) => ChangePublicEvent.PublishAsync(s, n, r, (PublicEventChangedMessage)m, now, ct)),
        new(CancelPublicEvent.Kind, typeof(PublicEventCancelledMessage), PublicEvent, ["eventId", PublicEvent, "reason"],
            "A scheduled public event cancelled.",
            (s, n, r, m, now, ct) => CancelPublicEvent.PublishAsync(s, n, r, (PublicEventCancelledMessage)m, now, ct)),
        new(HoldPublicEvent.Kind, typeof(PublicEventHeldMessage), PublicEvent, ["eventId", PublicEvent],
            "A public event took place.",
            (s, n, r, m, now, ct) => HoldPublicEvent.PublishAsync(s, n, r, (PublicEventHeldMessage)m, now, ct)),
    ];

    private static readonly Dictionary<string, InboxKind> ByName = All.ToDictionary(k => k.Name, StringComparer.Ordinal);

    public static InboxKind? Find(string? name) => name is not null && ByName.TryGetValue(name, out var kind) ? kind : null;

    private static InboxKind EndOfSupport(string name, VentureStatus outcome, IReadOnlyList<string> required, string description) =>
        new(name, typeof(VentureSupportEndedMessage), Venture, required, description,
            (s, n, r, m, now, ct) => EndVentureSupport.PublishAsync(s, n, r, outcome, (VentureSupportEndedMessage)m, now, ct));
}
