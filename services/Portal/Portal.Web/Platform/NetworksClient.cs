namespace SocialTech.Portal.Platform;

public sealed record FeedEntry(
    Guid NetworkId, string NetworkName, string EventId, string Kind, string Subject, string Summary, DateOnly OccursOn,
    IReadOnlyList<string> TerritoryKeys, DateTimeOffset PublishedAt);

public sealed record HubLocation(string? CommuneCode);

public sealed record NetworkHub(HubLocation Location, DateOnly? ClosedOn);

public sealed record NetworkSummary(Guid Id, string Name, IReadOnlyList<NetworkHub> Hubs);

/// <param name="Role"><c>incubator</c> or <c>tiers-lieu</c>.</param>
public sealed record Membership(string Role, DateOnly JoinedOn, DateOnly? LeftOn);

/// <summary>A network an actor heads or belongs to, or belonged to.</summary>
public sealed record ActorNetwork(Guid NetworkId, string Name, bool Heads, IReadOnlyList<Membership> Memberships);

/// <summary>A venture a network supported that was incorporated under the actor's SIREN.</summary>
public sealed record ActorVenture(
    Guid NetworkId, string NetworkName, string VentureRef, string Name, string ProgrammeRef, string? CohortRef, string Phase, string Status,
    DateOnly AdmittedOn, DateOnly? EndedOn, string Siren, decimal FundingRaisedEuros);

/// <summary>IncubatorNetworks' activity feed and networks.</summary>
public sealed class NetworksClient(HttpClient http)
{
    /// <param name="territory"><c>commune:…</c> or <c>departement:…</c>: the levels the feed answers for.</param>
    public Task<Answer<Page<FeedEntry>>> FeedAsync(string territory, CancellationToken ct = default) =>
        http.GetAsync<Page<FeedEntry>>($"/api/networks/feed?territory={Uri.EscapeDataString(territory)}&pageSize=500", ct);

    public Task<Answer<Page<ActorNetwork>>> NetworksOfAsync(Guid actor, CancellationToken ct = default) =>
        http.GetAsync<Page<ActorNetwork>>($"/api/networks/actors/{actor}/networks?pageSize=500", ct);

    public Task<Answer<Page<ActorVenture>>> VenturesOfAsync(Guid actor, CancellationToken ct = default) =>
        http.GetAsync<Page<ActorVenture>>($"/api/networks/actors/{actor}/ventures?pageSize=500", ct);

    public Task<Answer<NetworkSummary>> NetworkAsync(Guid id, CancellationToken ct = default) =>
        http.GetAsync<NetworkSummary>($"/api/networks/{id}", ct);
}
