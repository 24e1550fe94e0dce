using Marten;
using Marten.Pagination;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.BuildingBlocks.Http;
using SocialTech.IncubatorNetworks.Activity.Publishing;
using SocialTech.IncubatorNetworks.Territories;

namespace SocialTech.IncubatorNetworks.Feeds.Activity;

/// <summary>One thing a network did, as the feeds show it.</summary>
/// <param name="Subject">What it is about: <c>/api/networks/{networkId}/ventures/V-17</c>…</param>
/// <param name="TerritoryKeys">Where: the activity's commune and département, else the network's open hubs.</param>
public sealed record FeedEntry(
    Guid NetworkId, string NetworkName, string EventId, string Kind, string Subject, string Summary, DateOnly OccursOn,
    IReadOnlyList<string> TerritoryKeys, DateTimeOffset PublishedAt)
{
    public static FeedEntry Of(Publication p) =>
        new(p.NetworkId, p.NetworkName, p.EventId, p.Kind, p.Subject, p.Summary, p.OccursOn, p.TerritoryKeys, p.PublishedAt);
}

public static class ActivityFeed
{
    /// <param name="territory"><c>commune:24352</c>, <c>departement:24</c> (a commune's activity rolls up to its
    /// département) or <c>country:DE</c>.</param>
    /// <param name="network">A network's id: its activity only.</param>
    public static async Task<Ok<Page<FeedEntry>>> Handle(
        IQuerySession session, CancellationToken ct, string? territory = null, string? network = null, int page = 1, int pageSize = 50)
    {
        var paging = PageRequest.Validate(page, pageSize);
        var key = TerritoryKeys.Parse(territory);
        Guid networkId = default;
        new Validation()
            .Check(territory is null || key is not null, "territory", $"'{territory}' is not a territory key; {TerritoryKeys.FilterHelp}")
            .Check(network is null || Guid.TryParse(network, out networkId), "network", "must be a network id (a GUID).")
            .ThrowIfInvalid();

        var query = session.Query<Publication>().Where(p => p.Changed);
        if (key is not null)
        {
            query = query.Where(p => p.TerritoryKeys.Contains(key));
        }

        if (network is not null)
        {
            query = query.Where(p => p.NetworkId == networkId);
        }

        var results = await query.OrderByDescending(p => p.PublishedAt).ThenBy(p => p.Id).ToPagedListAsync(paging.Page, paging.PageSize, ct);
        var entries = results.Select(FeedEntry.Of).ToArray();
        return TypedResults.Ok(new Page<FeedEntry>(entries, results.PageNumber, results.PageSize, results.TotalItemCount, results.PageCount, results.HasNextPage));
    }
}
