using System.Text.RegularExpressions;
using SocialTech.BuildingBlocks.Http;
using SocialTech.BuildingBlocks.Text;
using SocialTech.IncubatorNetworks.Territories;

namespace SocialTech.IncubatorNetworks.Activity;

/// <summary>Field rules every kind of network message shares, so that all of them word a refusal the same way.</summary>
public static partial class ActivityRules
{
    public const int MaxReferenceLength = 100;

    /// <summary>Event ids and references: what a network's system can put in a URL path segment without escaping.</summary>
    public static Validation Reference(this Validation validation, string? value, string field) =>
        validation
            .Check(!string.IsNullOrEmpty(value), field, "is required.")
            .Check(value is null or "" || ReferencePattern().IsMatch(value), field,
                $"must be 1 to {MaxReferenceLength} letters, digits, '.', '_', ':' or '-'.");

    public static Validation Date(this Validation validation, DateOnly? value, string field, DateTimeOffset now, bool pastOnly = true) =>
        validation
            .Check(value is not null, field, "is required.")
            .Check(!pastOnly || value is null || value <= DateOnly.FromDateTime(now.UtcDateTime), field, "cannot be in the future.");

    public static string? Commune(this Validation validation, string? code, string field)
    {
        var given = code?.Trim().ToUpperInvariant();
        var commune = TerritoryKeys.CommuneCodeOf(given);
        validation.Check(given is null || commune is not null, field, TerritoryKeys.CommuneHelp);
        return commune ?? given;
    }

    public static TEnum Kind<TEnum>(this Validation validation, string? value, string field) where TEnum : struct, Enum
    {
        validation.Check(Kebab.TryParse<TEnum>(value, out var parsed), field, $"must be one of {string.Join(", ", Kebab.Names<TEnum>())}.");
        return parsed;
    }

    public static Uri? Link(this Validation validation, string? value, string field)
    {
        Uri? link = null;
        validation.Check(value is null || (Uri.TryCreate(value, UriKind.Absolute, out link) && link.Scheme is "https" or "http"),
            field, "must be an absolute http(s) address.").Bounded(value, field, TextBounds.Url);
        return link;
    }

    [GeneratedRegex(@"^[A-Za-z0-9._:\-]{1,100}$", RegexOptions.CultureInvariant)]
    private static partial Regex ReferencePattern();
}
