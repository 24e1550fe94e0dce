using System.ComponentModel.DataAnnotations;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.BuildingBlocks.Http;
using SocialTech.BuildingBlocks.Text;
using SocialTech.IncubatorNetworks.Activity;
using SocialTech.IncubatorNetworks.Activity.Publishing;
using SocialTech.IncubatorNetworks.Networks;

namespace SocialTech.IncubatorNetworks.Ventures.EndingSupport;

/// <summary>The end of a venture's support: it graduated, exited the programme early, or was abandoned.</summary>
/// <param name="EventId">The network's id for this message (idempotency).</param>
/// <param name="On">The day it happened.</param>
/// <param name="Reason">Why, in words: required for an exit or an abandonment, ignored for a graduation.</param>
public sealed record VentureSupportEndedMessage([property: MaxLength(Activity.ActivityRules.MaxReferenceLength)] string? EventId, DateOnly? On, [property: MaxLength(TextBounds.Reason)] string? Reason = null) : INetworkMessage;

public static class EndVentureSupport
{
    public const string Graduated = "venture-graduated";
    public const string Exited = "venture-exited";
    public const string Abandoned = "venture-abandoned";

    /// <param name="outcome">How the support ends: <see cref="VentureStatus.Graduated"/>, <see cref="VentureStatus.Exited"/> or <see cref="VentureStatus.Abandoned"/>.</param>
    public static Decision Decide(Venture? venture, Network network, VentureStatus outcome, VentureSupportEndedMessage message, DateTimeOffset now)
    {
        var known = Venture.Admitted(venture, $"record that the venture {Kebab.Name(outcome)}");
        var validation = new Validation().Date(message.On, "on", now)
            .Check(message.On is null || message.On >= known.AdmittedOn, "on", $"cannot come before the venture was admitted ({known.AdmittedOn:yyyy-MM-dd}).");
        if (outcome != VentureStatus.Graduated)
        {
            validation.Required(message.Reason, "reason", TextBounds.Reason);
        }

        validation.ThrowIfInvalid();
        known.EnsureSupported($"record that the venture {Kebab.Name(outcome)}");
        var on = message.On!.Value;
        object ended = outcome switch
        {
            VentureStatus.Graduated => new VentureGraduated(known.Id, on, now),
            VentureStatus.Exited => new VentureExited(known.Id, on, message.Reason!.Trim(), now),
            VentureStatus.Abandoned => new VentureAbandoned(known.Id, on, message.Reason!.Trim(), now),
            _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "A venture's support ends by graduating, exiting or being abandoned."),
        };
        return new Decision([ended], $"{known.Name} ({network.Name}) : fin de l'accompagnement, projet {FrenchWording.Of(outcome)}", known.CommuneCode, on);
    }

    public static Task<PublicationResult> PublishAsync(
        ISessionFactory sessions, Guid networkId, string ventureRef, VentureStatus outcome, VentureSupportEndedMessage message,
        DateTimeOffset now, CancellationToken ct) =>
        VentureMessages.PublishAsync(sessions, networkId, ventureRef, message, KindOf(outcome),
            (venture, network) => Decide(venture, network, outcome, message, now), now, ct);

    public static string KindOf(VentureStatus outcome) => outcome switch
    {
        VentureStatus.Graduated => Graduated,
        VentureStatus.Exited => Exited,
        _ => Abandoned,
    };

    public static Task<Results<Created<PublicationReceipt>, Ok<PublicationReceipt>>> HandleGraduation(
        Guid networkId, string ventureRef, VentureSupportEndedMessage message, ISessionFactory sessions, TimeProvider clock, HttpResponse response, CancellationToken ct) =>
        VentureMessages.AnswerAsync(PublishAsync(sessions, networkId, ventureRef, VentureStatus.Graduated, message, clock.GetUtcNow(), ct), response);

    public static Task<Results<Created<PublicationReceipt>, Ok<PublicationReceipt>>> HandleExit(
        Guid networkId, string ventureRef, VentureSupportEndedMessage message, ISessionFactory sessions, TimeProvider clock, HttpResponse response, CancellationToken ct) =>
        VentureMessages.AnswerAsync(PublishAsync(sessions, networkId, ventureRef, VentureStatus.Exited, message, clock.GetUtcNow(), ct), response);

    public static Task<Results<Created<PublicationReceipt>, Ok<PublicationReceipt>>> HandleAbandonment(
        Guid networkId, string ventureRef, VentureSupportEndedMessage message, ISessionFactory sessions, TimeProvider clock, HttpResponse response, CancellationToken ct) =>
        VentureMessages.AnswerAsync(PublishAsync(sessions, networkId, ventureRef, VentureStatus.Abandoned, message, clock.GetUtcNow(), ct), response);
}
