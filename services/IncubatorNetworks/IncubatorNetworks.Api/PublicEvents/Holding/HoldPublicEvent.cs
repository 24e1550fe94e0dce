using System.ComponentModel.DataAnnotations;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.BuildingBlocks.Http;
using SocialTech.BuildingBlocks.Text;
using SocialTech.IncubatorNetworks.Activity.Publishing;
using SocialTech.IncubatorNetworks.Networks;

namespace SocialTech.IncubatorNetworks.PublicEvents.Holding;

/// <param name="Attendance">How many people came, when counted.</param>
public sealed record PublicEventHeldMessage([property: MaxLength(Activity.ActivityRules.MaxReferenceLength)] string? EventId, int? Attendance) : Activity.INetworkMessage;

public static class HoldPublicEvent
{
    public const string Kind = "public-event-held";

    public static Activity.Decision Decide(PublicEvent? publicEvent, Network network, PublicEventHeldMessage message, DateTimeOffset now)
    {
        new Validation().Check(message.Attendance is null or >= 0, "attendance", "cannot be negative.").ThrowIfInvalid();
        var known = PublicEvent.Scheduled(publicEvent, "record that the event was held");
        if (known.Description.StartsAt > now)
        {
            throw new InvalidTransitionException("record that the event was held", $"the event starts on {known.Description.StartsAt:O}");
        }

        return new Activity.Decision([new PublicEventHeld(known.Id, message.Attendance, now)],
            $"{network.Name} : l'événement {known.Description.Title} a eu lieu", known.Description.CommuneCode, PublicEventMessages.Day(known.Description.StartsAt));
    }

    public static Task<PublicationResult> PublishAsync(
        ISessionFactory sessions, Guid networkId, string publicEventRef, PublicEventHeldMessage message, DateTimeOffset now, CancellationToken ct) =>
        PublicEventMessages.PublishAsync(sessions, networkId, publicEventRef, message, Kind,
            (publicEvent, network) => Decide(publicEvent, network, message, now), now, ct);

    public static Task<Results<Created<PublicationReceipt>, Ok<PublicationReceipt>>> Handle(
        Guid networkId, string publicEventRef, PublicEventHeldMessage message, ISessionFactory sessions, TimeProvider clock, HttpResponse response, CancellationToken ct) =>
        PublicEventMessages.AnswerAsync(PublishAsync(sessions, networkId, publicEventRef, message, clock.GetUtcNow(), ct), response);
}
