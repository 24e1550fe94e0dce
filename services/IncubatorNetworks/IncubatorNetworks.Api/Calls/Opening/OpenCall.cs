using System.ComponentModel.DataAnnotations;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.BuildingBlocks.Http;
using SocialTech.BuildingBlocks.Text;
using SocialTech.IncubatorNetworks.Activity;
using SocialTech.IncubatorNetworks.Activity.Publishing;
using SocialTech.IncubatorNetworks.Networks;
using SocialTech.IncubatorNetworks.Programmes;

namespace SocialTech.IncubatorNetworks.Calls.Opening;

/// <param name="EventId">The network's id for this message (idempotency).</param>
/// <param name="CallRef">The network's own reference for the call.</param>
/// <param name="ProgrammeRef">The programme it recruits for.</param>
/// <param name="OpensOn">First day applications are accepted.</param>
/// <param name="ClosesOn">Last day applications are accepted.</param>
/// <param name="ApplicationUrl">Where to apply.</param>
public sealed record CallOpenedMessage(
    [property: MaxLength(Activity.ActivityRules.MaxReferenceLength)] string? EventId, [property: MaxLength(Activity.ActivityRules.MaxReferenceLength)] string? CallRef, [property: MaxLength(Activity.ActivityRules.MaxReferenceLength)] string? ProgrammeRef, [property: StringLength(TextBounds.Name, MinimumLength = 1)] string? Title, DateOnly? OpensOn, DateOnly? ClosesOn, [property: MaxLength(TextBounds.Url)] string? ApplicationUrl) : INetworkMessage;

public static class OpenCall
{
    public const string Kind = "call-opened";

    public static Decision Decide(CallForApplications? call, Network network, CallOpenedMessage message, Programme? programme, DateTimeOffset now)
    {
        var validation = new Validation().Required(message.Title, "title", TextBounds.Name).Known(message.ProgrammeRef, programme)
            .Date(message.OpensOn, "opensOn", now, pastOnly: false)
            .Date(message.ClosesOn, "closesOn", now, pastOnly: false)
            .Check(message.OpensOn is null || message.ClosesOn is null || message.ClosesOn >= message.OpensOn, "closesOn", "cannot come before opensOn.");
        var link = validation.Link(message.ApplicationUrl, "applicationUrl");
        validation.ThrowIfInvalid();
        if (call is not null)
        {
            throw new InvalidTransitionException("open the call again", $"the call {call.Ref} opened on {call.OpensOn:yyyy-MM-dd}");
        }

        var streamId = Subjects.StreamId(Subjects.Calls, network.Id, message.CallRef!);
        var title = message.Title!.Trim();
        return new Decision(
            [new CallOpened(streamId, network.Id, message.CallRef!, message.ProgrammeRef!, title, message.OpensOn!.Value, message.ClosesOn!.Value, link, now)],
            $"{network.Name} ouvre un appel à candidatures : {title}, jusqu'au {FrenchWording.Date(message.ClosesOn!.Value)}", null, message.OpensOn!.Value);
    }

    public static async Task<PublicationResult> PublishAsync(
        ISessionFactory sessions, Guid networkId, CallOpenedMessage message, DateTimeOffset now, CancellationToken ct)
    {
        Programme? programme;
        await using (var query = sessions.QuerySession())
        {
            programme = await ProgrammeReferences.FindAsync(query, networkId, message.ProgrammeRef, ct);
        }

        return await ActivityPublisher.PublishAsync<CallForApplications>(sessions, networkId, message, Kind, Subjects.Calls, message.CallRef ?? "",
            (call, network) => Decide(call, network, message, programme, now), now, ct);
    }

    public static async Task<Results<Created<PublicationReceipt>, Ok<PublicationReceipt>>> Handle(
        Guid networkId, CallOpenedMessage message, ISessionFactory sessions, TimeProvider clock, HttpResponse response, CancellationToken ct) =>
        ActivityPublisher.Answer(await PublishAsync(sessions, networkId, message, clock.GetUtcNow(), ct), response);
}
