namespace SocialTech.Portal.Platform;

public sealed record FlowGroup(string Key, string? Name, decimal Total, int Grants, decimal MedianGrant);

public sealed record FlowTable(decimal Total, int Grants, Page<FlowGroup> Groups);

public sealed record Share(decimal Money, decimal MoneyShare, int Communes, long Population, decimal PopulationShare);

/// <summary>Communes containing a QPV count with their whole population (Funding has no QPV residents' population), beside the number of QPVs.</summary>
public sealed record QpvRuralShares(decimal Total, long Population, Share CommunesWithQpv, int QpvCount, Share Rural, decimal UnknownDensity);

public sealed record RecipientShare(Guid RecipientId, string? Name, decimal Amount, decimal Share, int Funders);

public sealed record Concentration(
    decimal Total, int Recipients, decimal FundersPerRecipient, decimal Top10Share, decimal Herfindahl, IReadOnlyList<RecipientShare> Top10);

public sealed record SankeyNode(string Id, string Label, string Column);

public sealed record SankeyLink(string Source, string Target, decimal Amount);

public sealed record SankeyTerritory(string Key, string? Name, decimal Amount);

/// <summary>The flow graph; <c>Undistributed</c> is what intermediaries hold and have not regranted yet, <c>Territories</c>
/// every child territory of the scope, at 0 where nothing lands (absent from older Funding answers).</summary>
public sealed record Sankey(
    decimal Total, IReadOnlyList<SankeyNode> Nodes, IReadOnlyList<SankeyLink> Links, decimal Undistributed = 0, IReadOnlyList<SankeyTerritory>? Territories = null);

/// <summary>Funding's flow queries; every one takes the same filters (FlowsApi).</summary>
public sealed class FundingClient(HttpClient http)
{
    public HttpClient Http => http;

    public static string Filters(string territory, DateOnly? from = null, DateOnly? to = null) =>
        $"territory={Uri.EscapeDataString(territory)}" + (from is { } f ? $"&from={f:yyyy-MM-dd}" : "") + (to is { } t ? $"&to={t:yyyy-MM-dd}" : "");

    public Task<Answer<FlowTable>> FlowsAsync(string by, string territory, DateOnly? from = null, DateOnly? to = null, CancellationToken ct = default) =>
        http.GetAsync<FlowTable>($"/api/funding/flows/{by}?{Filters(territory, from, to)}&pageSize=50", ct);

    /// <summary>One recipient's money wherever it was used, by funder: what a label holder received before and after its label.</summary>
    public Task<Answer<FlowTable>> RecipientFlowsAsync(Guid recipient, DateOnly? from = null, DateOnly? to = null, CancellationToken ct = default) =>
        http.GetAsync<FlowTable>(
            $"/api/funding/flows/by-funder?recipient={recipient}" + (from is { } f ? $"&from={f:yyyy-MM-dd}" : "") + (to is { } t ? $"&to={t:yyyy-MM-dd}" : "") + "&pageSize=50", ct);

    /// <summary>Everything one recipient received, grouped <paramref name="by"/> (<c>by-funder</c>, <c>by-period</c>…): every group, not the first 50.</summary>
    public Task<Answer<FlowTable>> ReceivedAsync(string by, Guid recipient, CancellationToken ct = default) =>
        http.GetAsync<FlowTable>($"/api/funding/flows/{by}?recipient={recipient}&pageSize=500", ct);

    public Task<Answer<QpvRuralShares>> QpvRuralAsync(string territory, CancellationToken ct = default) =>
        http.GetAsync<QpvRuralShares>($"/api/funding/flows/qpv-rural?{Filters(territory)}", ct);

    public Task<Answer<Concentration>> ConcentrationAsync(string territory, DateOnly? from = null, DateOnly? to = null, CancellationToken ct = default) =>
        http.GetAsync<Concentration>($"/api/funding/flows/concentration?{Filters(territory, from, to)}", ct);

    public Task<Answer<Sankey>> SankeyAsync(string territory, CancellationToken ct = default) =>
        http.GetAsync<Sankey>($"/api/funding/flows/sankey?{Filters(territory)}", ct);

    // The same calls under a page's filters (FlowFilter): every table, the Sankey and the downloads answer one question.

    public Task<Answer<FlowTable>> FlowsAsync(string by, FlowFilter filter, string? extra = null, CancellationToken ct = default) =>
        http.GetAsync<FlowTable>($"/api/funding/flows/{by}?{filter.ApiQuery()}{extra}&pageSize=500", ct);

    /// <summary>One page of the recipients under the filters, largest first or most grants first (<paramref name="sort"/>).</summary>
    public Task<Answer<FlowTable>> RecipientsAsync(FlowFilter filter, int page, string sort, CancellationToken ct = default) =>
        http.GetAsync<FlowTable>($"/api/funding/flows/by-recipient?{filter.ApiQuery()}&sort={Uri.EscapeDataString(sort)}&page={page}&pageSize={RecipientsPageSize}", ct);

    public const int RecipientsPageSize = 25;

    public Task<Answer<QpvRuralShares>> QpvRuralAsync(FlowFilter filter, CancellationToken ct = default) =>
        http.GetAsync<QpvRuralShares>($"/api/funding/flows/qpv-rural?{filter.ApiQuery()}", ct);

    public Task<Answer<Concentration>> ConcentrationAsync(FlowFilter filter, CancellationToken ct = default) =>
        http.GetAsync<Concentration>($"/api/funding/flows/concentration?{filter.ApiQuery()}", ct);

    public Task<Answer<Sankey>> SankeyAsync(FlowFilter filter, CancellationToken ct = default) =>
        http.GetAsync<Sankey>($"/api/funding/flows/sankey?{filter.ApiQuery()}", ct);

    /// <summary>Whether Funding serves this export (a HEAD-like GET that reads the status line only).</summary>
    public async Task<bool> ExportExistsAsync(string format, string territory, CancellationToken ct = default)
    {
        try
        {
            using var response = await http.GetAsync($"/api/funding/exports/{format}?{Filters(territory)}", HttpCompletionOption.ResponseHeadersRead, ct);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }
}
