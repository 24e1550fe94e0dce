using System.ComponentModel.DataAnnotations;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.BuildingBlocks.Http;
using SocialTech.BuildingBlocks.Text;
using SocialTech.IncubatorNetworks.Networks.GettingDetails;

namespace SocialTech.IncubatorNetworks.Networks.Leaving;

/// <param name="LeftOn">The last day it was a member.</param>
/// <param name="Reason">Why, in words.</param>
public sealed record LeaveNetworkRequest(DateOnly? LeftOn, [property: StringLength(TextBounds.Reason, MinimumLength = 1)] string? Reason);

public static class LeaveNetwork
{
    /// <remarks>A ceased actor can still leave: that is how its network records it.</remarks>
    public static IReadOnlyList<object> Decide(Network network, Guid actorId, LeaveNetworkRequest request, DateTimeOffset now)
    {
        var membership = network.CurrentMembership(actorId);
        new Validation()
            .Check(request.LeftOn is not null, "leftOn", "is required.")
            .Check(request.LeftOn is null || request.LeftOn <= DateOnly.FromDateTime(now.UtcDateTime), "leftOn", "cannot be in the future.")
            .Check(request.LeftOn is null || membership is null || request.LeftOn >= membership.JoinedOn, "leftOn",
                $"cannot come before the actor joined ({membership?.JoinedOn:yyyy-MM-dd}).")
            .Required(request.Reason, "reason", TextBounds.Reason)
            .ThrowIfInvalid();
        if (membership is null)
        {
            throw new InvalidTransitionException("leave the network", $"the actor {actorId} is not a member");
        }

        return [new MemberLeft(network.Id, actorId, request.LeftOn!.Value, request.Reason!.Trim(), now)];
    }

    public static Task<Ok<NetworkDetails>> Handle(
        Guid networkId, Guid actorId, LeaveNetworkRequest body, HttpRequest request, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
        Updating.ApplyAsync(networkId, request, session, network => Decide(network, actorId, body, clock.GetUtcNow()), ct);
}
