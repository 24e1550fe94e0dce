namespace SocialTech.Portal;

/// <summary>
/// What the portal's pages may run and who may frame them, said once by the portal itself, whether a browser reaches
/// it directly or through the gateway (which keeps a page's own policy, see the gateway's FrontDoor).
/// </summary>
/// <remarks>
/// Names of organisations, programmes and places are data others typed: if one ever reached the page as markup, the
/// policy is the second line. Scripts come only from the portal's own files (ECharts, charts.js, blazor.web.js; the
/// page holds no inline script, not even Blazor's import map, which it does not need), so <c>script-src 'self'</c>
/// with no <c>'unsafe-inline'</c>, hash or nonce. Styles keep <c>'unsafe-inline'</c>: ECharts and Blazor's reconnection
/// dialog set style attributes, and a style cannot run code. <c>connect-src 'self'</c> covers Blazor's WebSocket to the
/// same origin.
/// </remarks>
public static class PageSecurity
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; " +
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static WebApplicationBuilder AddPageSecurity(this WebApplicationBuilder builder)
    {
        // Antiforgery would add its own X-Frame-Options: SAMEORIGIN to every page, beside the DENY below (and the
        // gateway's): one header, one answer.
        builder.Services.AddAntiforgery(options => options.SuppressXFrameOptionsHeader = true);
        return builder;
    }

    public static WebApplication UsePageSecurity(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            // For browsers that read no frame-ancestors; the same answer.
            headers.XFrameOptions = "DENY";
            headers.XContentTypeOptions = "nosniff";
            return next(context);
        });
        return app;
    }
}
