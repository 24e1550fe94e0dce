using System.ComponentModel.DataAnnotations;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.BuildingBlocks.Http;
using SocialTech.BuildingBlocks.Text;
using SocialTech.IncubatorNetworks.Activity;
using SocialTech.IncubatorNetworks.Activity.Publishing;
using SocialTech.IncubatorNetworks.Networks;
using SocialTech.IncubatorNetworks.Programmes;

namespace SocialTech.IncubatorNetworks.Ventures.Admitting;

/// <param name="EventId">The network's id for this message (idempotency).</param>
/// <param name="VentureRef">The network's own reference for the venture; later messages name it in their route.</param>
/// <param name="Name">The venture's (project's) name.</param>
/// <param name="ProgrammeRef">The programme it is admitted to.</param>
/// <param name="CohortRef">Its cohort, if the programme runs in cohorts.</param>
/// <param name="Phase"><c>idea</c>, <c>emergence</c>, <c>creation</c>, <c>launch</c> or <c>growth</c>.</param>
/// <param name="CommuneCode">INSEE code of where it operates, which places it in the territorial feeds.</param>
/// <param name="AdmittedOn">The day it was admitted.</param>
public sealed record VentureAdmittedMessage(
    [property: MaxLength(Activity.ActivityRules.MaxReferenceLength)] string? EventId, [property: MaxLength(Activity.ActivityRules.MaxReferenceLength)] string? VentureRef, [property: StringLength(TextBounds.Name, MinimumLength = 1)] string? Name, [property: MaxLength(Activity.ActivityRules.MaxReferenceLength)] string? ProgrammeRef, [property: MaxLength(Activity.ActivityRules.MaxReferenceLength)] string? CohortRef, [property: MaxLength(TextBounds.Code)] string? Phase, [property: MaxLength(TextBounds.Code)] string? CommuneCode,
    DateOnly? AdmittedOn) : INetworkMessage;

public static class AdmitVenture
{
    public const string Kind = "venture-admitted";

    /// <param name="programme">The named programme of this network as stored now, null when it has none by that reference.</param>
    public static Decision Decide(Venture? venture, Network network, VentureAdmittedMessage message, Programme? programme, DateTimeOffset now)
    {
        var validation = new Validation().Required(message.Name, "name", TextBounds.Name).Known(message.ProgrammeRef, programme);
        var phase = validation.Kind<VenturePhase>(message.Phase, "phase");
        var commune = validation.Commune(message.CommuneCode, "communeCode");
        validation.Check(message.CohortRef is null || message.CohortRef.Length is > 0 and <= ActivityRules.MaxReferenceLength, "cohortRef",
            $"must be 1 to {ActivityRules.MaxReferenceLength} characters.");
        validation.Date(message.AdmittedOn, "admittedOn", now).ThrowIfInvalid();
        if (venture is not null)
        {
            throw new InvalidTransitionException("admit the venture again", $"the venture was admitted on {venture.AdmittedOn:yyyy-MM-dd}");
        }

        var streamId = Subjects.StreamId(Subjects.Ventures, network.Id, message.VentureRef!);
        var name = message.Name!.Trim();
        return new Decision(
            [new VentureAdmitted(streamId, network.Id, message.VentureRef!, name, message.ProgrammeRef!, message.CohortRef, phase, commune,
                message.AdmittedOn!.Value, now)],
            $"{name} rejoint le programme {programme!.Name} ({network.Name})", commune, message.AdmittedOn!.Value);
    }

    public static async Task<PublicationResult> PublishAsync(
        ISessionFactory sessions, Guid networkId, VentureAdmittedMessage message, DateTimeOffset now, CancellationToken ct)
    {
        Programme? programme;
        await using (var query = sessions.QuerySession())
        {
            programme = await ProgrammeReferences.FindAsync(query, networkId, message.ProgrammeRef, ct);
        }

        return await VentureMessages.PublishAsync(sessions, networkId, message.VentureRef ?? "", message, Kind,
            (venture, network) => Decide(venture, network, message, programme, now), now, ct);
    }

    public static Task<Results<Created<PublicationReceipt>, Ok<PublicationReceipt>>> Handle(
        Guid networkId, VentureAdmittedMessage message, ISessionFactory sessions, TimeProvider clock, HttpResponse response, CancellationToken ct) =>
        VentureMessages.AnswerAsync(PublishAsync(sessions, networkId, message, clock.GetUtcNow(), ct), response);
}
