using SocialTech.Actors.Territories;

namespace SocialTech.Portal;

/// <summary>
/// The « Zones blanches » page of a territory the referential does not hold, or of a level white zones are not asked
/// of (an EPCI, a commune), answers 404 with its French « Territoire introuvable » page, as the actor and network
/// pages do (<see cref="ActorPageStatus"/>): decided from the referential the portal embeds, without a call.
/// </summary>
public static class WhiteZonesPageStatus
{
    public const string Prefix = "/zones-blanches";

    /// <summary>Whether <c>/zones-blanches/{level}/{code}</c> names a région or a département of the referential (the page reads it alike).</summary>
    public static bool Known(TerritoryReferential referential, string? level, string? code)
    {
        ArgumentNullException.ThrowIfNull(referential);
        return level is "region" or "departement" && code is { Length: > 0 }
            && TerritoryKey.TryParseLevel(level, out var parsed) && referential.Current.Find(parsed, code) is not null;
    }

    public static WebApplication UseWhiteZonesPageStatus(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (HttpMethods.IsGet(context.Request.Method)
                && context.Request.Path.StartsWithSegments(Prefix, StringComparison.OrdinalIgnoreCase, out var rest)
                && rest.Value is { Length: > 1 } tail)
            {
                var parts = tail[1..].Split('/');
                if (parts.Length != 2 || !Known(context.RequestServices.GetRequiredService<TerritoryReferential>(), parts[0], Uri.UnescapeDataString(parts[1])))
                {
                    // As the headers leave, not now: Blazor renders no page for a response that is already a 404.
                    context.Response.OnStarting(() =>
                    {
                        context.Response.StatusCode = StatusCodes.Status404NotFound;
                        return Task.CompletedTask;
                    });
                }
            }

            await next(context);
        });
        return app;
    }
}
