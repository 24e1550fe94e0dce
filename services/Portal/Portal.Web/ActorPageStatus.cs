using SocialTech.Portal.Platform;

namespace SocialTech.Portal;

/// <summary>
/// The actor page's status line says what the page says: 404 for an id that is malformed or that the registry does not
/// know (the page then reads « Acteur introuvable »), so that a crawler, a link checker or a cache does not keep an
/// error page as an actor's. Decided before the page renders, whatever the portal's render mode: a page rendered over
/// its circuit, or streamed, has sent its status line before it knows.
/// </summary>
public static class ActorPageStatus
{
    public const string Prefix = "/acteur/";

    /// <summary>The actor id of a page's address, or null when it is none (the page and this check read it alike).</summary>
    public static Guid? TryParseId(string? text) =>
        Guid.TryParseExact(text, "D", out var id) && id != Guid.Empty ? id : null;

    public static WebApplication UseActorPageStatus(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            var path = context.Request.Path.Value ?? "";
            if (HttpMethods.IsGet(context.Request.Method) && path.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)
                && path.IndexOf('/', Prefix.Length) < 0)
            {
                var id = TryParseId(Uri.UnescapeDataString(path[Prefix.Length..]));
                // One more read of the profile the page reads too: small beside the page's five, and only for this page.
                if (id is null || (await context.RequestServices.GetRequiredService<ActorsClient>().ProfileAsync(id.Value, context.RequestAborted)).Missing)
                {
                    // As the headers leave, not now: Blazor renders nothing for a request that is already a 404 (it
                    // takes it for its own NotFound, answered by a status-code page), and the page must say why.
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
