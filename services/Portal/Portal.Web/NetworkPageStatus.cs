using SocialTech.Portal.Platform;

namespace SocialTech.Portal;

/// <summary>
/// A network's page for an id no network has answers 404, with its French « Réseau introuvable » page: a search engine
/// or a link checker reads the status, not the words.
/// </summary>
/// <remarks>
/// Decided before the page renders, in the request: with interactive rendering the page's own code runs on the circuit,
/// after the response has gone (with server-side rendering it would run in time, and this stays right). A network the
/// service cannot answer for is not called unknown: the page says the service does not answer.
/// </remarks>
public static class NetworkPageStatus
{
    public static WebApplication UseNetworkPageStatus(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (HttpMethods.IsGet(context.Request.Method)
                && context.Request.Path.StartsWithSegments("/reseau", StringComparison.OrdinalIgnoreCase, out var rest)
                && rest.Value is { Length: > 1 } tail && tail.IndexOf('/', 1) < 0)
            {
                var known = Guid.TryParse(tail.AsSpan(1), out var id)
                    && await context.RequestServices.GetRequiredService<NetworksClient>().NetworkAsync(id, context.RequestAborted) is not { Missing: true };
                if (!known)
                {
                    // Set as the headers go out, not now: the components' endpoint renders no page for a response
                    // that is already a 404 when it starts (the browser then shows its own error page).
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
