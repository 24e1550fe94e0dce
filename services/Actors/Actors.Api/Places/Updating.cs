using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.Actors.Places.GettingDetails;
using SocialTech.BuildingBlocks.EventStore;
using SocialTech.BuildingBlocks.Http;

namespace SocialTech.Actors.Places;

/// <summary>The one way every place update slice writes: If-Match → decide → append → the new details with their ETag.</summary>
public static class Updating
{
    public static async Task<Ok<PlaceDetails>> ApplyAsync(
        Guid id, HttpRequest request, IDocumentSession session, Func<Place, Task<IReadOnlyList<object>>> decide, CancellationToken ct)
    {
        var version = await session.DecideAndAppendAsync(id, ETag.ExpectedVersion(request), decide, ct);
        var details = await session.LoadAsync<PlaceDetails>(id, ct);
        ETag.Set(request.HttpContext.Response, version);
        return TypedResults.Ok(details!);
    }
}
