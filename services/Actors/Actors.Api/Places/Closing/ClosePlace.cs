using System.ComponentModel.DataAnnotations;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.Actors.Places.GettingDetails;
using SocialTech.BuildingBlocks.Http;
using SocialTech.BuildingBlocks.Text;

namespace SocialTech.Actors.Places.Closing;

/// <param name="ClosedOn">The last day it was open.</param>
/// <param name="Reason">Why, in words.</param>
public sealed record ClosePlaceRequest(DateOnly? ClosedOn, [property: StringLength(TextBounds.Reason, MinimumLength = 1)] string? Reason);

public static class ClosePlace
{
    public static IReadOnlyList<object> Decide(Place place, ClosePlaceRequest request, DateTimeOffset now)
    {
        new Validation()
            .Check(request.ClosedOn is not null, "closedOn", "is required.")
            .Check(request.ClosedOn is null || request.ClosedOn <= DateOnly.FromDateTime(now.UtcDateTime), "closedOn", "cannot be in the future.")
            .Check(request.ClosedOn is null || request.ClosedOn >= place.OpenedOn, "closedOn",
                $"cannot come before the place opened ({place.OpenedOn:yyyy-MM-dd}).")
            .Required(request.Reason, "reason", TextBounds.Reason)
            .ThrowIfInvalid();
        place.EnsureOpen("close the place");
        return [new PlaceClosed(place.Id, request.ClosedOn!.Value, request.Reason!.Trim(), now)];
    }

    public static Task<Ok<PlaceDetails>> Handle(
        Guid id, ClosePlaceRequest body, HttpRequest request, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
        Updating.ApplyAsync(id, request, session, place => Task.FromResult(Decide(place, body, clock.GetUtcNow())), ct);
}
