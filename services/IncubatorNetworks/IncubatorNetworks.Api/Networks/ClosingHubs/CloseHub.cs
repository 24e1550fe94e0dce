using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.BuildingBlocks.Http;
using SocialTech.IncubatorNetworks.Networks.GettingDetails;

namespace SocialTech.IncubatorNetworks.Networks.ClosingHubs;

/// <param name="ClosedOn">The last day it was open.</param>
public sealed record CloseHubRequest(DateOnly? ClosedOn);

public static class CloseHub
{
    public static IReadOnlyList<object> Decide(Network network, Guid hubId, CloseHubRequest request, DateTimeOffset now)
    {
        var hub = network.HubOrNotFound(hubId);
        new Validation()
            .Check(request.ClosedOn is not null, "closedOn", "is required.")
            .Check(request.ClosedOn is null || request.ClosedOn <= DateOnly.FromDateTime(now.UtcDateTime), "closedOn", "cannot be in the future.")
            .Check(request.ClosedOn is null || request.ClosedOn >= hub.OpenedOn, "closedOn",
                $"cannot come before the hub opened ({hub.OpenedOn:yyyy-MM-dd}).")
            .ThrowIfInvalid();
        if (hub.ClosedOn is { } closedOn)
        {
            throw new InvalidTransitionException("close the hub", $"the hub closed on {closedOn:yyyy-MM-dd}");
        }

        return [new HubClosed(network.Id, hubId, request.ClosedOn!.Value, now)];
    }

    public static Task<Ok<NetworkDetails>> Handle(
        Guid networkId, Guid hubId, CloseHubRequest body, HttpRequest request, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
        Updating.ApplyAsync(networkId, request, session, network => Decide(network, hubId, body, clock.GetUtcNow()), ct);
}
