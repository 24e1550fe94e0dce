namespace SocialTech.Portal.Platform;

public sealed record FeedEntry(
    Guid NetworkId, string NetworkName, string EventId, string Kind, string Subject, string Summary, DateOnly OccursOn,
    IReadOnlyList<string> TerritoryKeys, DateTimeOffset PublishedAt);

public sealed record HubLocation(string? CommuneCode);

public sealed record NetworkHub(HubLocation Location, DateOnly? ClosedOn);

public sealed record NetworkSummary(Guid Id, string Name, IReadOnlyList<NetworkHub> Hubs);

/// <summary>IncubatorNetworks' activity feed and networks.</summary>
public sealed class NetworksClient(HttpClient http)
{
    /// <param name="territory"><c>commune:…</c> or <c>departement:…</c>: the levels the feed answers for.</param>
    public Task<Answer<Page<FeedEntry>>> FeedAsync(string territory, CancellationToken ct = default) =>
        http.GetAsync<Page<FeedEntry>>($"/api/networks/feed?territory={Uri.EscapeDataString(territory)}&pageSize=500", ct);

    public Task<Answer<NetworkSummary>> NetworkAsync(Guid id, CancellationToken ct = default) =>
        http.GetAsync<NetworkSummary>($"/api/networks/{id}", ct);
}
