using Marten;
using Marten.Pagination;
using SocialTech.BuildingBlocks.Http;
using SocialTech.IncubatorNetworks.Networks.GettingDetails;

namespace SocialTech.IncubatorNetworks.Networks;

/// <summary>
/// What every list of a network's work shares (hubs, programmes, calls, cohorts, ventures, public events): the query
/// takes <c>page</c> and <c>pageSize</c> only, and the network must exist.
/// </summary>
public static class NetworkLists
{
    /// <summary>The query parameters these lists take: any other is a 400 naming it, not a filter silently ignored.</summary>
    public static readonly IReadOnlySet<string> Parameters = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "page", "pageSize" };

    /// <summary>
    /// Checks the query (one 400 naming every wrong parameter), then the network: an unknown network is a 404, not an
    /// empty list that would read as a network with no work.
    /// </summary>
    public static async Task<(PageRequest Paging, NetworkDetails Network)> CheckAsync(HttpRequest request, Guid networkId, IQuerySession session, int page, int pageSize, CancellationToken ct)
    {
        var validation = new Validation();
        foreach (var name in request.Query.Keys.Where(k => !Parameters.Contains(k)).Order(StringComparer.Ordinal))
        {
            validation.Check(false, name, $"is not a parameter of this list; use {string.Join(", ", Parameters)}.");
        }

        var paging = PageRequest.Check(validation, page, pageSize);
        validation.ThrowIfInvalid();
        return (paging, await NetworkOrNotFoundAsync(session, networkId, ct));
    }

    public static async Task<NetworkDetails> NetworkOrNotFoundAsync(IQuerySession session, Guid networkId, CancellationToken ct) =>
        await session.LoadAsync<NetworkDetails>(networkId, ct)
        ?? throw new ProblemException(StatusCodes.Status404NotFound, "Not found", $"No network has id {networkId}.");

    public static async Task<Page<T>> PageAsync<T>(IQueryable<T> ordered, PageRequest paging, CancellationToken ct) =>
        Page.From(await ordered.ToPagedListAsync(paging.Page, paging.PageSize, ct));

    /// <summary>A page of a list already in memory (a network's hubs live in its record).</summary>
    public static Page<T> PageOf<T>(IReadOnlyList<T> all, PageRequest paging)
    {
        var items = all.Skip(paging.Offset).Take(paging.PageSize).ToArray();
        var pages = (all.Count + paging.PageSize - 1) / paging.PageSize;
        return new Page<T>(items, paging.Page, paging.PageSize, all.Count, pages, paging.Page < pages);
    }
}
