using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace SocialTech.BuildingBlocks.Http;

/// <summary>
/// Refuses a query string whose values hold a control character (Unicode category Cc: U+0000–U+001F, U+007F–U+009F)
/// with a 400 naming the parameter. No query parameter of any route means anything with one, and PostgreSQL cannot
/// hold U+0000 in text: <c>q=a%00b</c> reached a search's SQL parameter and failed there as a 500. Checked once for
/// every route of every service, so that a new list endpoint is covered without remembering to.
/// </summary>
public static class QueryText
{
    public static IApplicationBuilder UseQueryTextCheck(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (context.Request.QueryString.HasValue)
            {
                Check(context.Request.Query);
            }

            await next(context);
        });

    /// <summary>Throws a <see cref="ValidationException"/> naming each parameter whose value holds a control character.</summary>
    public static void Check(IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var validation = new Validation();
        foreach (var (name, values) in query)
        {
            foreach (var value in values)
            {
                validation.Check(value is null || !value.Any(char.IsControl), name,
                    "cannot contain a control character (U+0000–U+001F, U+007F–U+009F).");
            }
        }

        validation.ThrowIfInvalid();
    }
}
