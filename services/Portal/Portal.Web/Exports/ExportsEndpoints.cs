using SocialTech.Portal.Platform;

namespace SocialTech.Portal.Exports;

/// <summary>
/// Downloads of Funding's open-data exports through the portal: the browser asks the portal, which asks Funding by
/// service discovery, so the links work wherever the portal runs (behind the gateway or alone) and carry the
/// same filters as the page.
/// </summary>
public static class ExportsEndpoints
{
    private static readonly Dictionary<string, (string Extension, string ContentType)> Formats = new(StringComparer.Ordinal)
    {
        ["scdl"] = ("csv", "text/csv; charset=utf-8"),
        ["360giving"] = ("json", "application/json"),
    };

    /// <summary>Funding's flow filters (FlowFilters), forwarded as the page's links carry them; nothing else reaches Funding.</summary>
    private static readonly string[] Filters = ["territory", "measure", "from", "to", "funder", "programme", "recipientKind", "asKnownOn"];

    public static WebApplication MapExports(this WebApplication app)
    {
        app.MapGet("/telechargements/{format}", DownloadAsync).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> DownloadAsync(string format, string territory, FundingClient funding, HttpContext context)
    {
        if (!Formats.TryGetValue(format, out var file))
        {
            return TypedResults.NotFound();
        }

        var response = await funding.Http.GetAsync(
            $"/api/funding/exports/{format}?{Forwarded(context.Request.Query)}", HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        if (!response.IsSuccessStatusCode)
        {
            response.Dispose();
            return TypedResults.Problem(
                statusCode: (int)response.StatusCode,
                title: "Export indisponible",
                detail: $"Le service Financement a répondu {(int)response.StatusCode} pour l'export {format}.");
        }

        context.Response.RegisterForDispose(response);
        var name = $"financements-{territory.Replace(':', '-')}-{format}.{file.Extension}";
        return TypedResults.Stream(await response.Content.ReadAsStreamAsync(context.RequestAborted), file.ContentType, name);
    }

    private static string Forwarded(IQueryCollection query) =>
        string.Join("&", Filters.Where(query.ContainsKey).SelectMany(name => query[name].Select(v => $"{name}={Uri.EscapeDataString(v ?? "")}")));
}
