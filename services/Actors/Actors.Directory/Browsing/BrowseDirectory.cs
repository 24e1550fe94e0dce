using Marten;
using Marten.Pagination;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using SocialTech.BuildingBlocks.Http;

namespace SocialTech.Actors.Directory.Browsing;

/// <summary>Browsing the directory: the same two routes in every hosting service, under its own prefix and names.</summary>
public static class BrowseDirectory
{
    /// <summary>Maps <c>GET /</c> and <c>GET /{id}</c> on <paramref name="group"/>, named <c>List{names}Actors</c> and <c>Get{names}Actor</c>.</summary>
    /// <remarks>Mapped here rather than in each service's route table: ASP.NET Core's route-handler analyzer throws
    /// on a handler method group declared in another assembly (dotnet/aspnetcore#68976), which warnings as errors
    /// turn into a failed build.</remarks>
    public static RouteGroupBuilder MapActorDirectory(this RouteGroupBuilder group, string names, string service, string whom)
    {
        ArgumentNullException.ThrowIfNull(group);
        group.MapGet("/", List)
            .WithName($"List{names}Actors")
            .WithSummary($"Actors known to {service} ({whom}), as published by the Actors service")
            .ProducesValidationProblem();
        group.MapGet("/{id:guid}", GetOne)
            .WithName($"Get{names}Actor")
            .WithSummary($"One actor as {service} knows it");
        return group;
    }

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
