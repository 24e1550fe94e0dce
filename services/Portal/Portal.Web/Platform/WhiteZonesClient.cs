using System.Globalization;
using System.Text.Json;

namespace SocialTech.Portal.Platform;

// Funding's white-zone answers (README, Funding: white zones; WhiteZonesApi), as the « Zones blanches » page reads them.

public sealed record WhiteZoneProgramme(Guid Id, string Name);

public sealed record FundingWhiteZone(string Key, string Name, long Population, IReadOnlyList<WhiteZoneProgramme> EligibleProgrammes);

public sealed record TerritoryMoney(string Key, string Name, long Population, decimal Awarded, int Grants, decimal? PerInhabitant);

public sealed record WhiteZoneAnswer<T>(string Territory, string TerritoryName, string Level, DateOnly From, DateOnly To, string Sort, int Count, IReadOnlyList<T> Items);

public sealed record LabelWhiteZone(
    Guid LabelId, Guid SchemeId, string Situation, string HolderKind, Guid? HolderId, string? HolderName, string Territory, string? TerritoryName,
    DateOnly ValidUntil, string Status, bool RenewalUnderWay);

public sealed record LabelWhiteZoneAnswer(
    string Territory, string TerritoryName, DateOnly On, int WithinMonths, DateOnly? LapsedSince, string Sort, int Unlocated, int Count, IReadOnlyList<LabelWhiteZone> Items);

/// <summary>A child territory of the support white zones: its rural and QPV communes, and those with no relay, hub nor tiers-lieu.</summary>
public sealed record SupportChild(string Key, string Name, long Population, int RuralCommunes, int QpvCommunes, int WhiteCommunes, long WhitePopulation);

/// <summary>
/// A commune with no relay, no incubator hub and no tiers-lieu. <c>Departement</c>, <c>Epci</c>, <c>Frr</c> and
/// <c>DensityClass</c> are read as JSON values: the page shows a code, a name, a number or a yes/no alike.
/// </summary>
public sealed record SupportWhiteZone(
    string Key, string Name, long Population, JsonElement Departement, JsonElement Epci, bool? Rural, JsonElement Frr, JsonElement DensityClass, int QpvCount);

public sealed record SupportWhiteZoneAnswer(
    string Territory, string TerritoryName, string Level, DateOnly? On, string Sort, IReadOnlyList<SupportChild> Children, long Count, int Page, int PageSize,
    IReadOnlyList<SupportWhiteZone> Items);

/// <summary>The white-zone lists of a territory, under the page's filters (Funding's parameter names).</summary>
public static class WhiteZonesClient
{
    /// <summary>The lists the page shows, by the portal's word for them and Funding's route.</summary>
    public static readonly IReadOnlyDictionary<string, string> Routes = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["argent"] = "money",
        ["financement"] = "funding",
        ["labels"] = "labels",
        ["soutien"] = "support",
    };

    public const int SupportPageSize = 100;

    public static Task<Answer<WhiteZoneAnswer<TerritoryMoney>>> MoneyAsync(this FundingClient funding, string territory, DateOnly from, DateOnly to, string? sort, CancellationToken ct = default) =>
        funding.Http.GetAsync<WhiteZoneAnswer<TerritoryMoney>>($"/api/funding/white-zones/money?{Period(territory, from, to)}{Sort(sort)}", ct);

    public static Task<Answer<WhiteZoneAnswer<FundingWhiteZone>>> FundingZonesAsync(this FundingClient funding, string territory, DateOnly from, DateOnly to, string? sort, CancellationToken ct = default) =>
        funding.Http.GetAsync<WhiteZoneAnswer<FundingWhiteZone>>($"/api/funding/white-zones/funding?{Period(territory, from, to)}{Sort(sort)}", ct);

    public static Task<Answer<LabelWhiteZoneAnswer>> LabelZonesAsync(this FundingClient funding, string territory, int? withinMonths, DateOnly? on, string? sort, CancellationToken ct = default) =>
        funding.Http.GetAsync<LabelWhiteZoneAnswer>($"/api/funding/white-zones/labels?{Labels(territory, withinMonths, on)}{Sort(sort)}", ct);

    public static Task<Answer<SupportWhiteZoneAnswer>> SupportZonesAsync(this FundingClient funding, string territory, DateOnly? on, string? sort, int page, CancellationToken ct = default) =>
        funding.Http.GetAsync<SupportWhiteZoneAnswer>($"/api/funding/white-zones/support?{Support(territory, on)}{Sort(sort)}&page={page}&pageSize={SupportPageSize}", ct);

    public static string Period(string territory, DateOnly from, DateOnly to) =>
        $"territory={Uri.EscapeDataString(territory)}&from={Day(from)}&to={Day(to)}";

    public static string Labels(string territory, int? withinMonths, DateOnly? on) =>
        $"territory={Uri.EscapeDataString(territory)}" + (withinMonths is { } m ? $"&withinMonths={m.ToString(CultureInfo.InvariantCulture)}" : "") + (on is { } d ? $"&on={Day(d)}" : "");

    public static string Support(string territory, DateOnly? on) =>
        $"territory={Uri.EscapeDataString(territory)}" + (on is { } d ? $"&on={Day(d)}" : "");

    private static string Sort(string? sort) => string.IsNullOrEmpty(sort) ? "" : $"&sort={Uri.EscapeDataString(sort)}";

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
