using Marten;
using Marten.Pagination;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.Actors.Directory;
using SocialTech.BuildingBlocks.Http;

namespace SocialTech.Funding.ActorDirectory.Browsing;

public static class BrowseDirectory
{
    public static async Task<Results<Ok<DirectoryActor>, NotFound>> GetOne(Guid id, IQuerySession session, CancellationToken ct) =>
        await session.LoadAsync<DirectoryActor>(id, ct) is { } actor ? TypedResults.Ok(actor) : TypedResults.NotFound();

    public static async Task<Ok<Page<DirectoryActor>>> List(
        IQuerySession session, CancellationToken ct, int page = 1, int pageSize = 50)
    {
        var paging = PageRequest.Validate(page, pageSize);
        var actors = await session.Query<DirectoryActor>()
            .OrderBy(a => a.Name).ThenBy(a => a.Id)
            .ToPagedListAsync(paging.Page, paging.PageSize, ct);
        return TypedResults.Ok(Page.From(actors));
    }
}
