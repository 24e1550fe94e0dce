using System.ComponentModel.DataAnnotations;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.BuildingBlocks.Http;
using SocialTech.BuildingBlocks.Text;
using SocialTech.IncubatorNetworks.Activity;
using SocialTech.IncubatorNetworks.Activity.Publishing;
using SocialTech.IncubatorNetworks.Networks;

namespace SocialTech.IncubatorNetworks.Ventures.ChangingPhase;

/// <param name="EventId">The network's id for this message (idempotency).</param>
/// <param name="Phase">The new phase, kebab-case.</param>
/// <param name="ChangedOn">The day it changed.</param>
public sealed record VenturePhaseChangedMessage([property: MaxLength(Activity.ActivityRules.MaxReferenceLength)] string? EventId, [property: MaxLength(TextBounds.Code)] string? Phase, DateOnly? ChangedOn) : INetworkMessage;

public static class ChangeVenturePhase
{
    public const string Kind = "venture-phase-changed";

    /// <remarks>The phase it already has changes nothing: the publication is recorded, no event is appended.</remarks>
    public static Decision Decide(Venture? venture, Network network, VenturePhaseChangedMessage message, DateTimeOffset now)
    {
        var validation = new Validation();
        var phase = validation.Kind<VenturePhase>(message.Phase, "phase");
        validation.Date(message.ChangedOn, "changedOn", now).ThrowIfInvalid();
        var known = Venture.Admitted(venture, "change the phase");
        known.EnsureSupported("change the phase");
        object[] events = phase == known.Phase ? [] : [new VenturePhaseChanged(known.Id, known.Phase, phase, message.ChangedOn!.Value, now)];
        return new Decision(events, $"{known.Name} ({network.Name}) passe en phase {FrenchWording.Of(phase)}", known.CommuneCode, message.ChangedOn!.Value);
    }

    public static Task<PublicationResult> PublishAsync(
        ISessionFactory sessions, Guid networkId, string ventureRef, VenturePhaseChangedMessage message, DateTimeOffset now, CancellationToken ct) =>
        VentureMessages.PublishAsync(sessions, networkId, ventureRef, message, Kind,
            (venture, network) => Decide(venture, network, message, now), now, ct);

    public static Task<Results<Created<PublicationReceipt>, Ok<PublicationReceipt>>> Handle(
        Guid networkId, string ventureRef, VenturePhaseChangedMessage message, ISessionFactory sessions, TimeProvider clock, HttpResponse response, CancellationToken ct) =>
        VentureMessages.AnswerAsync(PublishAsync(sessions, networkId, ventureRef, message, clock.GetUtcNow(), ct), response);
}
