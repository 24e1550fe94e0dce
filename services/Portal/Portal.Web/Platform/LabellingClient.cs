namespace SocialTech.Portal.Platform;

public sealed record LabelHolder(string Kind, Guid? Id, string? Territory, IReadOnlyList<Guid> Collective);

public sealed record RegisteredLabel(
    Guid Id, Guid SchemeId, LabelHolder Holder, Guid? HolderId, string? HolderTerritory, DateOnly ValidFrom, DateOnly ValidUntil, string Status,
    DateTimeOffset GrantedAt);

public sealed record SchemeTerms(string Name);

public sealed record SchemeSummary(Guid Id, SchemeTerms Terms);

/// <summary>Labelling's public register.</summary>
public sealed class LabellingClient(HttpClient http)
{
    public Task<Answer<Page<RegisteredLabel>>> RegisterAsync(Guid? holder = null, string? territory = null, CancellationToken ct = default) =>
        http.GetAsync<Page<RegisteredLabel>>(
            "/api/labelling/register?pageSize=500" + (holder is { } h ? $"&holder={h}" : "") + (territory is { } t ? $"&territory={Uri.EscapeDataString(t)}" : ""), ct);

    public Task<Answer<SchemeSummary>> SchemeAsync(Guid id, CancellationToken ct = default) =>
        http.GetAsync<SchemeSummary>($"/api/labelling/schemes/{id}", ct);
}
