namespace SocialTech.Portal.Platform;

public sealed record TerritorySummary(string Level, string Code, string Name)
{
    public string Key => $"{Level}:{Code}";
}

public sealed record Population(long Municipal, long Total);

public sealed record Qpv(string Code, string Name);

public sealed record Density(int Level, string Label);

public sealed record TerritoryDetails(
    string Level, string Code, string Name, IReadOnlyList<TerritorySummary> Parents, Population Population, IReadOnlyList<Qpv> Qpvs,
    Density? Density, bool? Rural)
{
    public string Key => $"{Level}:{Code}";
}

public sealed record CommuneRef(string Code);

public sealed record ActorSummary(Guid Id, string Name, IReadOnlyList<string> Kinds, CommuneRef HeadOffice, bool Ess, string Status);

public sealed record ActorIdentifiers(string? Siren, string? Siret, string? Rna);

public sealed record PlaceOfAction(string Level, string Code);

/// <summary>An actor's public profile (<c>GET /api/actors/{id}</c>), as the actor page shows it.</summary>
public sealed record ActorProfile(
    Guid Id, string Name, IReadOnlyList<string> Kinds, ActorIdentifiers Identifiers, bool Ess, CommuneRef HeadOffice,
    IReadOnlyList<PlaceOfAction> PlacesOfAction, Uri? Website, string Status, Guid? MergedInto);

public sealed record PlaceSummary(Guid Id, string Name, IReadOnlyList<string> Typologies, CommuneRef Commune, Guid OperatorId, DateOnly OpenedOn, string Status);

/// <summary>Actors' territory referential, registry and places, as the portal reads them.</summary>
public sealed class ActorsClient(HttpClient http)
{
    public Task<Answer<Page<TerritorySummary>>> SearchTerritoriesAsync(string q, CancellationToken ct = default) =>
        http.GetAsync<Page<TerritorySummary>>($"/api/territories?q={Uri.EscapeDataString(q)}&pageSize=20", ct);

    /// <summary>Communes whose name or code matches <paramref name="q"/> (accents and case ignored), for a commune typed by name.</summary>
    public Task<Answer<Page<TerritorySummary>>> SearchCommunesAsync(string q, CancellationToken ct = default) =>
        http.GetAsync<Page<TerritorySummary>>($"/api/territories?q={Uri.EscapeDataString(q)}&level=commune&pageSize=20", ct);

    public Task<Answer<Page<TerritorySummary>>> ChildrenAsync(string level, string code, string childLevel, CancellationToken ct = default) =>
        http.GetAsync<Page<TerritorySummary>>($"/api/territories/{level}/{code}/children?childLevel={childLevel}&pageSize=500", ct);

    public Task<Answer<TerritoryDetails>> TerritoryAsync(string level, string code, CancellationToken ct = default) =>
        http.GetAsync<TerritoryDetails>($"/api/territories/{Uri.EscapeDataString(level)}/{Uri.EscapeDataString(code)}", ct);

    public Task<Answer<Page<ActorSummary>>> ActorsInAsync(string territory, CancellationToken ct = default) =>
        http.GetAsync<Page<ActorSummary>>($"/api/actors?territory={Uri.EscapeDataString(territory)}&status=active&pageSize=500", ct);

    public Task<Answer<ActorSummary>> ActorAsync(Guid id, CancellationToken ct = default) =>
        http.GetAsync<ActorSummary>($"/api/actors/{id}", ct);

    public Task<Answer<ActorProfile>> ProfileAsync(Guid id, CancellationToken ct = default) =>
        http.GetAsync<ActorProfile>($"/api/actors/{id}", ct);

    public Task<Answer<PlaceSummary>> PlaceAsync(Guid id, CancellationToken ct = default) =>
        http.GetAsync<PlaceSummary>($"/api/places/{id}", ct);

    public Task<Answer<Page<PlaceSummary>>> PlacesInAsync(string territory, CancellationToken ct = default) =>
        http.GetAsync<Page<PlaceSummary>>($"/api/places?territory={Uri.EscapeDataString(territory)}&pageSize=500", ct);
}
