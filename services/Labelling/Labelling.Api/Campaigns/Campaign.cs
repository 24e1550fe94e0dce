using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.RegularExpressions;
using SocialTech.BuildingBlocks.Http;
using SocialTech.BuildingBlocks.Text;
using SocialTech.Labelling.Schemes;

namespace SocialTech.Labelling.Campaigns;

/// <param name="EligibleTerritories"><c>level:code</c> keys (<c>region:75</c>, <c>departement:24</c>…); empty for a national wave.</param>
/// <param name="MaxLaureates">How many labels the jury may grant in this wave; null for no limit.</param>
public sealed record CampaignTerms(string Name, DateOnly OpensOn, DateOnly ClosesOn, IReadOnlyList<string> EligibleTerritories, int? MaxLaureates);

public sealed record CampaignPlanned(Guid CampaignId, Guid SchemeId, CampaignTerms Terms, DateTimeOffset PlannedAt);

public sealed record CampaignAmended(Guid CampaignId, CampaignTerms Terms, DateTimeOffset AmendedAt);

/// <summary>A wave of a scheme (a campaign), folded from its events by <see cref="Fold"/>; also its public record.</summary>
public sealed record Campaign(Guid Id, Guid SchemeId, CampaignTerms Terms, DateTimeOffset PlannedAt)
{
    public long Version { get; init; }

    /// <summary>The events <see cref="Fold"/> handles: its inline projection is offered only these (keep both in step).</summary>
    public static readonly IReadOnlyList<Type> EventTypes = [typeof(CampaignPlanned), typeof(CampaignAmended)];

    public static Campaign? Fold(Campaign? state, object @event) => (state, @event) switch
    {
        (null, CampaignPlanned e) => new Campaign(e.CampaignId, e.SchemeId, e.Terms, e.PlannedAt),
        (null, _) => null,
        (_, CampaignAmended e) => state with { Terms = e.Terms },
        _ => state,
    };

    public bool IsOpenOn(DateOnly day) => Terms.OpensOn <= day && day <= Terms.ClosesOn;
}

/// <param name="Name">Public name of the wave, e.g. <c>Vague 2026</c>.</param>
/// <param name="OpensOn">First day applications are submitted.</param>
/// <param name="ClosesOn">Last day applications are submitted.</param>
/// <param name="EligibleTerritories"><c>level:code</c> keys; left out for a national wave.</param>
/// <param name="MaxLaureates">Most labels the jury may grant in the wave.</param>
public sealed record CampaignRequest([property: StringLength(TextBounds.Title, MinimumLength = 1)] string? Name, DateOnly? OpensOn, DateOnly? ClosesOn, [property: EachMaxLength(TextBounds.Code)] IReadOnlyList<string>? EligibleTerritories = null, int? MaxLaureates = null);

public static partial class CampaignRules
{
    /// <param name="territoryExists">Whether a key names a territory of the referential; null checks the keys' shape only.</param>
    public static CampaignTerms Terms(Validation validation, CampaignRequest request, Func<string, bool>? territoryExists = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        validation.Required(request.Name, "name", TextBounds.Title)
            .Check(request.OpensOn is not null, "opensOn", "is required.")
            .Check(request.ClosesOn is not null, "closesOn", "is required.")
            .Check(request.OpensOn is null || request.ClosesOn is null || request.ClosesOn >= request.OpensOn, "closesOn", "cannot come before opensOn.")
            .Check(request.MaxLaureates is null or (>= 1 and <= 100000), "maxLaureates", "must be between 1 and 100000.");

        var territories = (request.EligibleTerritories ?? []).Select(t => t?.Trim().ToLowerInvariant() ?? "").Distinct().ToArray();
        foreach (var key in territories.Where(k => !TerritoryKey().IsMatch(k) || (territoryExists is not null && !territoryExists(k))))
        {
            validation.Check(false, "eligibleTerritories",
                $"'{key}' names no territory of the referential (COG 2025); write level:code, e.g. region:75, departement:24, epci:200046977.");
        }

        return new CampaignTerms(request.Name?.Trim() ?? "", request.OpensOn ?? default, request.ClosesOn ?? default, territories, request.MaxLaureates);
    }

    /// <summary>Campaigns are for selections: an open-brand scheme is joined by signing its charter, at any time.</summary>
    public static void EnsureSchemeTakesCampaigns(Scheme scheme, string action)
    {
        scheme.EnsurePublished(action);
        if (scheme.Terms.Mode != SchemeMode.Obtention)
        {
            throw new InvalidTransitionException(action, $"the scheme is {Kebab.Name(scheme.Terms.Mode)} (no campaign: signing the charter grants the label)");
        }
    }

    public static bool Same(CampaignTerms a, CampaignTerms b) => JsonSerializer.Serialize(a) == JsonSerializer.Serialize(b);

    [GeneratedRegex("^(commune|epci|departement|region):[0-9a-z]{1,12}$")]
    private static partial Regex TerritoryKey();
}
