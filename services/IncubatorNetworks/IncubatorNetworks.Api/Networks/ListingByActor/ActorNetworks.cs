using Marten;
using Marten.Pagination;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.BuildingBlocks.Http;
using SocialTech.IncubatorNetworks.Networks.GettingDetails;

namespace SocialTech.IncubatorNetworks.Networks.ListingByActor;

/// <summary>A network an actor heads or belongs to, or belonged to.</summary>
/// <param name="NetworkId">The network: <c>/api/networks/{networkId}</c>.</param>
/// <param name="Name">Its name.</param>
/// <param name="Heads">Whether the actor heads it.</param>
/// <param name="Memberships">The actor's memberships of it, current and ended, oldest first (a member may leave and join again).</param>
public sealed record ActorNetwork(Guid NetworkId, string Name, bool Heads, IReadOnlyList<MemberView> Memberships);

public static class ListActorNetworks
{
    /// <summary>The networks the actor heads, is a member of or was one, by name, paginated. An actor no network names
    /// has none (an empty page): the directory may not know a new actor yet, and "none" is then still true.</summary>
    public static async Task<Ok<Page<ActorNetwork>>> Handle(
        Guid actorId, HttpRequest request, IQuerySession session, CancellationToken ct, int page = 1, int pageSize = 50)
    {
        var validation = new Validation().OnlyThese(request.Query, "page", "pageSize");
        var paging = PageRequest.Check(validation, page, pageSize);
        validation.ThrowIfInvalid();

        var networks = await session.Query<NetworkDetails>()
            .Where(n => n.HeadActorId == actorId || n.Members.Any(m => m.ActorId == actorId) || n.FormerMembers.Any(m => m.ActorId == actorId))
            .OrderBy(n => n.Name).ThenBy(n => n.Id)
            .ToPagedListAsync(paging.Page, paging.PageSize, ct);
        var items = networks.Select(n => new ActorNetwork(
                n.Id, n.Name, n.HeadActorId == actorId,
                n.Members.Concat(n.FormerMembers).Where(m => m.ActorId == actorId).OrderBy(m => m.JoinedOn).ToArray()))
            .ToArray();
        return TypedResults.Ok(new Page<ActorNetwork>(items, networks.PageNumber, networks.PageSize, networks.TotalItemCount, networks.PageCount, networks.HasNextPage));
    }
}
