using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.Actors.Organisations.GettingDetails;
using SocialTech.BuildingBlocks.EventStore;
using SocialTech.BuildingBlocks.Http;

namespace SocialTech.Actors.Organisations;

/// <summary>The one way every update slice writes: If-Match → decide → append → the new profile with its ETag.</summary>
public static class Updating
{
    public static Task<Ok<ActorDetails>> ApplyAsync(
        Guid id, HttpRequest request, IDocumentSession session, Func<Organisation, IReadOnlyList<object>> decide, CancellationToken ct) =>
        ApplyAsync(id, request, session, actor => Task.FromResult(decide(actor)), ct);

    public static async Task<Ok<ActorDetails>> ApplyAsync(
        Guid id, HttpRequest request, IDocumentSession session, Func<Organisation, Task<IReadOnlyList<object>>> decide, CancellationToken ct)
    {
        var version = await session.DecideAndAppendAsync(id, ETag.ExpectedVersion(request), decide, ct);
        var details = await session.LoadAsync<ActorDetails>(id, ct);
        ETag.Set(request.HttpContext.Response, version);
        return TypedResults.Ok(details!);
    }
}
