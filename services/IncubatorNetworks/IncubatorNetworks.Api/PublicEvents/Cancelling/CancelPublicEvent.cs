using System.ComponentModel.DataAnnotations;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.BuildingBlocks.Http;
using SocialTech.BuildingBlocks.Text;
using SocialTech.IncubatorNetworks.Activity.Publishing;
using SocialTech.IncubatorNetworks.Networks;

namespace SocialTech.IncubatorNetworks.PublicEvents.Cancelling;

public sealed record PublicEventCancelledMessage([property: MaxLength(Activity.ActivityRules.MaxReferenceLength)] string? EventId, [property: StringLength(TextBounds.Reason, MinimumLength = 1)] string? Reason) : Activity.INetworkMessage;

public static class CancelPublicEvent
{
    public const string Kind = "public-event-cancelled";

    public static Activity.Decision Decide(PublicEvent? publicEvent, Network network, PublicEventCancelledMessage message, DateTimeOffset now)
    {
        new Validation().Required(message.Reason, "reason", TextBounds.Reason).ThrowIfInvalid();
        var known = PublicEvent.Scheduled(publicEvent, "cancel the event");
        return new Activity.Decision([new PublicEventCancelled(known.Id, message.Reason!.Trim(), now)],
            $"{network.Name} : l'événement {known.Description.Title} est annulé", known.Description.CommuneCode, PublicEventMessages.Day(known.Description.StartsAt));
    }

    public static Task<PublicationResult> PublishAsync(
        ISessionFactory sessions, Guid networkId, string publicEventRef, PublicEventCancelledMessage message, DateTimeOffset now, CancellationToken ct) =>
        PublicEventMessages.PublishAsync(sessions, networkId, publicEventRef, message, Kind,
            (publicEvent, network) => Decide(publicEvent, network, message, now), now, ct);

    public static Task<Results<Created<PublicationReceipt>, Ok<PublicationReceipt>>> Handle(
        Guid networkId, string publicEventRef, PublicEventCancelledMessage message, ISessionFactory sessions, TimeProvider clock, HttpResponse response, CancellationToken ct) =>
        PublicEventMessages.AnswerAsync(PublishAsync(sessions, networkId, publicEventRef, message, clock.GetUtcNow(), ct), response);
}
