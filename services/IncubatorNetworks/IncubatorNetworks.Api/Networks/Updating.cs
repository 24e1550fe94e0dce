using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.BuildingBlocks.EventStore;
using SocialTech.BuildingBlocks.Http;
using SocialTech.IncubatorNetworks.Networks.GettingDetails;

namespace SocialTech.IncubatorNetworks.Networks;

/// <summary>The one way every network update slice writes: If-Match → decide → append → the new details with their ETag.</summary>
public static class Updating
{
    public static async Task<Ok<NetworkDetails>> ApplyAsync(
        Guid id, HttpRequest request, IDocumentSession session, Func<Network, IReadOnlyList<object>> decide, CancellationToken ct)
    {
        var version = await session.DecideAndAppendAsync(id, ETag.ExpectedVersion(request), decide, ct);
        var details = await session.LoadAsync<NetworkDetails>(id, ct);
        ETag.Set(request.HttpContext.Response, version);
        return TypedResults.Ok(details!);
    }
}
