using System.ComponentModel.DataAnnotations;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.BuildingBlocks.Http;
using SocialTech.BuildingBlocks.Text;
using SocialTech.IncubatorNetworks.Activity.Publishing;
using SocialTech.IncubatorNetworks.Networks;

namespace SocialTech.IncubatorNetworks.PublicEvents.Changing;

/// <summary>The whole description again: what is left out is cleared (the link) or refused (the rest).</summary>
public sealed record PublicEventChangedMessage(
    [property: MaxLength(Activity.ActivityRules.MaxReferenceLength)] string? EventId, [property: StringLength(TextBounds.Name, MinimumLength = 1)] string? Title, [property: MaxLength(TextBounds.Code)] string? Format, DateTimeOffset? StartsAt, DateTimeOffset? EndsAt,
    [property: MaxLength(TextBounds.Code)] string? CommuneCode, bool? Online, [property: EachMaxLength(TextBounds.Code)] IReadOnlyList<string>? Audiences, [property: MaxLength(TextBounds.Url)] string? RegistrationUrl) : Activity.INetworkMessage
{
    public PublicEventFields Fields => new(Title, Format, StartsAt, EndsAt, CommuneCode, Online, Audiences, RegistrationUrl);
}

public static class ChangePublicEvent
{
    public const string Kind = "public-event-changed";

    public static Activity.Decision Decide(PublicEvent? publicEvent, Network network, PublicEventChangedMessage message, DateTimeOffset now)
    {
        var validation = new Validation();
        var description = PublicEventRules.Description(validation, message.Fields);
        validation.ThrowIfInvalid();
        var known = PublicEvent.Scheduled(publicEvent, "change the event");
        object[] events = Same(description, known.Description) ? [] : [new PublicEventChanged(known.Id, description, now)];
        return new Activity.Decision(events, $"{network.Name} : l'événement {description.Title} est modifié, le {FrenchWording.Date(PublicEventMessages.Day(description.StartsAt))}",
            description.CommuneCode, PublicEventMessages.Day(description.StartsAt));
    }

    // Records compare lists by reference: audiences are compared as sets.
    private static bool Same(PublicEventDescription a, PublicEventDescription b) =>
        a with { Audiences = b.Audiences } == b && a.Audiences.ToHashSet().SetEquals(b.Audiences);

    public static Task<PublicationResult> PublishAsync(
        ISessionFactory sessions, Guid networkId, string publicEventRef, PublicEventChangedMessage message, DateTimeOffset now, CancellationToken ct) =>
        PublicEventMessages.PublishAsync(sessions, networkId, publicEventRef, message, Kind,
            (publicEvent, network) => Decide(publicEvent, network, message, now), now, ct);

    public static Task<Results<Created<PublicationReceipt>, Ok<PublicationReceipt>>> Handle(
        Guid networkId, string publicEventRef, PublicEventChangedMessage message, ISessionFactory sessions, TimeProvider clock, HttpResponse response, CancellationToken ct) =>
        PublicEventMessages.AnswerAsync(PublishAsync(sessions, networkId, publicEventRef, message, clock.GetUtcNow(), ct), response);
}
