namespace SocialTech.Portal.Platform;

public sealed record FeedEntry(
    Guid NetworkId, string NetworkName, string EventId, string Kind, string Subject, string Summary, DateOnly OccursOn,
    IReadOnlyList<string> TerritoryKeys, DateTimeOffset PublishedAt);

/// <summary>A French commune (<c>CommuneCode</c>, country <c>FR</c>) or a city abroad (<c>CountryCode</c>, <c>City</c>).</summary>
public sealed record HubLocation(string? CommuneCode, string CountryCode = "FR", string? City = null);

public sealed record NetworkHub(HubLocation Location, DateOnly? ClosedOn, Guid HubId = default, string Name = "", DateOnly OpenedOn = default);

public sealed record NetworkSummary(Guid Id, string Name, IReadOnlyList<NetworkHub> Hubs, Uri? Website = null);

public sealed record NetworkProgramme(string Ref, string Name, string Kind, DateOnly LaunchedOn);

public sealed record NetworkCall(string Ref, string ProgrammeRef, string Title, DateOnly OpensOn, DateOnly ClosesOn, Uri? ApplicationUrl, DateOnly? ClosedOn, int? Applications);

public sealed record CohortVenture(string VentureRef, string Name);

public sealed record NetworkCohort(string Ref, string ProgrammeRef, string Name, DateOnly StartsOn, IReadOnlyList<CohortVenture> Ventures);

/// <param name="Until">Null while the venture is still in that phase.</param>
public sealed record JourneyStep(string Phase, DateOnly From, DateOnly? Until);

public sealed record NetworkVenture(
    string Ref, string Name, string ProgrammeRef, string? CohortRef, string Phase, string Status, string? CommuneCode, DateOnly AdmittedOn,
    DateOnly? EndedOn, IReadOnlyList<JourneyStep> Journey);

public sealed record PublicEventDescription(
    string Title, string Format, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string? CommuneCode, bool Online, IReadOnlyList<string> Audiences, Uri? RegistrationUrl);

public sealed record NetworkPublicEvent(string Ref, PublicEventDescription Description, string Status);

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

    /// <summary>One of a network's lists (<c>hubs</c>, <c>programmes</c>, <c>calls</c>, <c>cohorts</c>, <c>ventures</c>,
    /// <c>events</c>): its first 500 items, the most a page of the API holds.</summary>
    public Task<Answer<Page<T>>> ListAsync<T>(Guid id, string list, CancellationToken ct = default) =>
        http.GetAsync<Page<T>>($"/api/networks/{id}/{list}?pageSize=500", ct);
}
