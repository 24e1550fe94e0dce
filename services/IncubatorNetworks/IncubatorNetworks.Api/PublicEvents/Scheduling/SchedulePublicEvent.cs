using System.ComponentModel.DataAnnotations;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.BuildingBlocks.Http;
using SocialTech.BuildingBlocks.Text;
using SocialTech.IncubatorNetworks.Activity.Publishing;
using SocialTech.IncubatorNetworks.Networks;

namespace SocialTech.IncubatorNetworks.PublicEvents.Scheduling;

/// <param name="EventId">The network's id for this message (idempotency).</param>
/// <param name="PublicEventRef">The network's own reference for the event; later messages name it in their route.</param>
public sealed record PublicEventScheduledMessage(
    [property: MaxLength(Activity.ActivityRules.MaxReferenceLength)] string? EventId, [property: MaxLength(Activity.ActivityRules.MaxReferenceLength)] string? PublicEventRef, [property: StringLength(TextBounds.Name, MinimumLength = 1)] string? Title, [property: MaxLength(TextBounds.Code)] string? Format, DateTimeOffset? StartsAt, DateTimeOffset? EndsAt,
    [property: MaxLength(TextBounds.Code)] string? CommuneCode, bool? Online, [property: EachMaxLength(TextBounds.Code)] IReadOnlyList<string>? Audiences, [property: MaxLength(TextBounds.Url)] string? RegistrationUrl) : Activity.INetworkMessage
{
    public PublicEventFields Fields => new(Title, Format, StartsAt, EndsAt, CommuneCode, Online, Audiences, RegistrationUrl);
}

public static class SchedulePublicEvent
{
    public const string Kind = "public-event-scheduled";

    public static Activity.Decision Decide(PublicEvent? publicEvent, Network network, PublicEventScheduledMessage message, DateTimeOffset now)
    {
        var validation = new Validation();
        var description = PublicEventRules.Description(validation, message.Fields);
        validation.Check(message.EndsAt is null || message.EndsAt > now, "endsAt", "is past: publish an event that is still to come.").ThrowIfInvalid();
        if (publicEvent is not null)
        {
            throw new InvalidTransitionException("schedule the event again", $"the event is {Kebab.Name(publicEvent.Status)}; change it instead");
        }

        var streamId = Activity.Subjects.StreamId(Activity.Subjects.PublicEvents, network.Id, message.PublicEventRef!);
        return new Activity.Decision([new PublicEventScheduled(streamId, network.Id, message.PublicEventRef!, description, now)],
            $"{network.Name} : {description.Title} ({FrenchWording.Of(description.Format)}) le {FrenchWording.Date(PublicEventMessages.Day(description.StartsAt))}",
            description.CommuneCode, PublicEventMessages.Day(description.StartsAt));
    }

    public static Task<PublicationResult> PublishAsync(
        ISessionFactory sessions, Guid networkId, PublicEventScheduledMessage message, DateTimeOffset now, CancellationToken ct) =>
        PublicEventMessages.PublishAsync(sessions, networkId, message.PublicEventRef ?? "", message, Kind,
            (publicEvent, network) => Decide(publicEvent, network, message, now), now, ct);

    public static Task<Results<Created<PublicationReceipt>, Ok<PublicationReceipt>>> Handle(
        Guid networkId, PublicEventScheduledMessage message, ISessionFactory sessions, TimeProvider clock, HttpResponse response, CancellationToken ct) =>
        PublicEventMessages.AnswerAsync(PublishAsync(sessions, networkId, message, clock.GetUtcNow(), ct), response);
}
