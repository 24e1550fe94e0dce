using Microsoft.AspNetCore.Http;

namespace SocialTech.BuildingBlocks.Http;

/// <summary>
/// A query parameter a list does not take is a 400 naming it, never a filter silently ignored: <c>?holderId=…</c> for
/// <c>?holder=…</c> would otherwise answer for everyone as if it were the one asked about.
/// </summary>
public static class QueryParameters
{
    /// <summary>Adds an error to <paramref name="validation"/> for each parameter of <paramref name="query"/> outside
    /// <paramref name="accepted"/> (matched without regard to case, as ASP.NET Core binds them).</summary>
    public static Validation OnlyThese(this Validation validation, IQueryCollection query, params string[] accepted)
    {
        ArgumentNullException.ThrowIfNull(validation);
        ArgumentNullException.ThrowIfNull(query);
        foreach (var name in query.Keys.Order(StringComparer.Ordinal))
        {
            validation.Check(accepted.Contains(name, StringComparer.OrdinalIgnoreCase), name,
                $"is not a parameter of this list; it takes {string.Join(", ", accepted)}.");
        }

        return validation;
    }
}
