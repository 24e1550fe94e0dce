using System.ComponentModel.DataAnnotations;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.BuildingBlocks.Http;
using SocialTech.BuildingBlocks.Text;
using SocialTech.IncubatorNetworks.Activity;
using SocialTech.IncubatorNetworks.Activity.Publishing;
using SocialTech.IncubatorNetworks.Networks;

namespace SocialTech.IncubatorNetworks.Calls.Closing;

/// <param name="EventId">The network's id for this message (idempotency).</param>
/// <param name="ClosedOn">The day it closed (earlier than announced, if so).</param>
/// <param name="Applications">How many applications it received.</param>
public sealed record CallClosedMessage([property: MaxLength(Activity.ActivityRules.MaxReferenceLength)] string? EventId, DateOnly? ClosedOn, int? Applications) : INetworkMessage;

public static class CloseCall
{
    public const string Kind = "call-closed";

    public static Decision Decide(CallForApplications? call, Network network, CallClosedMessage message, DateTimeOffset now)
    {
        new Validation()
            .Date(message.ClosedOn, "closedOn", now)
            .Check(message.Applications is not null, "applications", "is required: the number of applications received.")
            .Check(message.Applications is null or >= 0, "applications", "cannot be negative.")
            .ThrowIfInvalid();
        var known = CallForApplications.Open(call, "close the call");
        new Validation().Check(message.ClosedOn >= known.OpensOn, "closedOn", $"cannot come before the call opened ({known.OpensOn:yyyy-MM-dd}).").ThrowIfInvalid();
        return new Decision([new CallClosed(known.Id, message.ClosedOn!.Value, message.Applications!.Value, now)],
            $"{network.Name} : l'appel à candidatures {known.Title} est clos, {FrenchWording.Count(message.Applications!.Value, "candidature reçue", "candidatures reçues")}", null, message.ClosedOn!.Value);
    }

    public static Task<PublicationResult> PublishAsync(
        ISessionFactory sessions, Guid networkId, string callRef, CallClosedMessage message, DateTimeOffset now, CancellationToken ct) =>
        ActivityPublisher.PublishAsync<CallForApplications>(sessions, networkId, message, Kind, Subjects.Calls, callRef,
            (call, network) => Decide(call, network, message, now), now, ct);

    public static async Task<Results<Created<PublicationReceipt>, Ok<PublicationReceipt>>> Handle(
        Guid networkId, string callRef, CallClosedMessage message, ISessionFactory sessions, TimeProvider clock, HttpResponse response, CancellationToken ct) =>
        ActivityPublisher.Answer(await PublishAsync(sessions, networkId, callRef, message, clock.GetUtcNow(), ct), response);
}
