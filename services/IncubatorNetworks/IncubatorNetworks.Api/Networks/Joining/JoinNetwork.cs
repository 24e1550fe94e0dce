using System.ComponentModel.DataAnnotations;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.BuildingBlocks.Http;
using SocialTech.BuildingBlocks.Text;
using SocialTech.IncubatorNetworks.Networks.GettingDetails;

namespace SocialTech.IncubatorNetworks.Networks.Joining;

/// <param name="ActorId">The active registry actor that joins.</param>
/// <param name="Role"><c>incubator</c> or <c>tiers-lieu</c>.</param>
/// <param name="JoinedOn">The day it joined.</param>
public sealed record JoinNetworkRequest(Guid? ActorId, [property: MaxLength(TextBounds.Code)] string? Role, DateOnly? JoinedOn);

public static class JoinNetwork
{
    /// <param name="actorStatus">The actor's status in the directory, null when the directory does not know it.</param>
    /// <remarks>Joining again in the same role is what already holds: nothing is appended and the version stays.</remarks>
    public static IReadOnlyList<object> Decide(Network network, JoinNetworkRequest request, string? actorStatus, DateTimeOffset now)
    {
        var validation = new Validation();
        NetworkRules.ActiveActor(validation, "actorId", request.ActorId, actorStatus);
        validation
            .Check(Kebab.TryParse<MemberRole>(request.Role, out var role), "role",
                $"must be one of {string.Join(", ", Kebab.Names<MemberRole>())}.")
            .Check(request.JoinedOn is not null, "joinedOn", "is required.")
            .Check(request.JoinedOn is null || request.JoinedOn <= DateOnly.FromDateTime(now.UtcDateTime), "joinedOn", "cannot be in the future.")
            .ThrowIfInvalid();

        if (network.CurrentMembership(request.ActorId!.Value) is { } current)
        {
            return current.Role == role
                ? []
                : throw new InvalidTransitionException($"join as {Kebab.Name(role)}",
                    $"the actor is a member as {Kebab.Name(current.Role)} since {current.JoinedOn:yyyy-MM-dd}; it leaves first");
        }

        return [new MemberJoined(network.Id, request.ActorId!.Value, role, request.JoinedOn!.Value, now)];
    }

    public static async Task<Ok<NetworkDetails>> Handle(
        Guid networkId, JoinNetworkRequest body, HttpRequest request, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var actorStatus = await NetworkRules.ActorStatusAsync(session, body.ActorId, ct);
        return await Updating.ApplyAsync(networkId, request, session, network => Decide(network, body, actorStatus, clock.GetUtcNow()), ct);
    }
}
