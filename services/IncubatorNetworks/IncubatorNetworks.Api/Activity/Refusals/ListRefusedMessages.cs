using Marten;
using Marten.Pagination;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.BuildingBlocks.Http;

namespace SocialTech.IncubatorNetworks.Activity.Refusals;

/// <summary>A network's refused AMQP messages, newest first (who may read them is the route's rule: the network itself,
/// operators, admins).</summary>
public static class ListRefusedMessages
{
    public static async Task<Ok<Page<RefusedMessage>>> Handle(
        Guid networkId, IQuerySession session, CancellationToken ct, int page = 1, int pageSize = 50)
    {
        var paging = PageRequest.Validate(page, pageSize);
        var refused = await session.Query<RefusedMessage>()
            .Where(r => r.NetworkId == networkId)
            .OrderByDescending(r => r.ReceivedAt).ThenByDescending(r => r.Id)
            .ToPagedListAsync(paging.Page, paging.PageSize, ct);
        return TypedResults.Ok(Page.From(refused));
    }
}
