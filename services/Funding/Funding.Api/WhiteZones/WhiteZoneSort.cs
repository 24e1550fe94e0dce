using SocialTech.BuildingBlocks.Http;

namespace SocialTech.Funding.WhiteZones;

/// <summary>
/// The <c>sort</c> parameter of a white-zone list: one stable code, descending with a leading <c>-</c>
/// (<c>-per-inhabitant</c>); ties always in key order, so that two calls list the same rows the same way. An unknown
/// code is a 400 naming the codes the list takes.
/// </summary>
public static class WhiteZoneSort
{
    public static IReadOnlyList<T> Apply<T>(
        Validation validation, string? sort, string defaultCode, IReadOnlyDictionary<string, Func<T, IComparable?>> codes, Func<T, string> key, IEnumerable<T> rows)
    {
        ArgumentNullException.ThrowIfNull(validation);
        ArgumentNullException.ThrowIfNull(codes);
        var text = Applied(sort, defaultCode);
        var descending = text.StartsWith('-');
        var code = descending ? text[1..] : text;
        validation.Check(codes.ContainsKey(code), "sort",
            $"'{sort}' is not a sort of this list; it takes {string.Join(", ", codes.Keys)}, each descending with a leading '-' (e.g. -{codes.Keys.First()}).");
        validation.ThrowIfInvalid();
        var by = codes[code];
        var ordered = descending
            ? rows.OrderByDescending(by, Comparer<IComparable?>.Create(Compare))
            : rows.OrderBy(by, Comparer<IComparable?>.Create(Compare));
        return [.. ordered.ThenBy(key, StringComparer.Ordinal)];
    }

    /// <summary>The sort a list is given in, as its answer names it: the default for none or a blank one, trimmed.</summary>
    public static string Applied(string? sort, string defaultCode) => string.IsNullOrWhiteSpace(sort) ? defaultCode : sort.Trim();

    // Strings in ordinal order (stable across machines' cultures); nulls first.
    private static int Compare(IComparable? a, IComparable? b) =>
        a is null ? (b is null ? 0 : -1) : b is null ? 1 : a is string sa && b is string sb ? string.CompareOrdinal(sa, sb) : a.CompareTo(b);
}
