using SocialTech.Portal.Platform;

namespace SocialTech.Portal.Exports;

/// <summary>
/// The « Zones blanches » page's CSV downloads, through the portal as the flow exports are (<see cref="ExportsEndpoints"/>):
/// <c>/telechargements/zones-blanches/{argent|financement|labels|soutien}?territory=…</c> asks Funding's
/// <c>GET /api/funding/white-zones/{money|funding|labels|support}</c> with <c>format=csv</c> and the filters the
/// page's links carry (Funding's names), so that a download is exactly the list shown, in the order shown.
/// </summary>
public static class WhiteZoneExports
{
    /// <summary>Funding's white-zone parameters; nothing else reaches Funding (it would refuse an unknown one).</summary>
    private static readonly string[] Filters = ["territory", "from", "to", "withinMonths", "on", "lapsedSince", "sort"];

    public static WebApplication MapWhiteZoneExports(this WebApplication app)
    {
        app.MapGet("/telechargements/zones-blanches/{list}", DownloadAsync).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> DownloadAsync(string list, FundingClient funding, HttpContext context)
    {
        if (!WhiteZonesClient.Routes.TryGetValue(list, out var route))
        {
            return TypedResults.NotFound();
        }

        var query = context.Request.Query;
        var forwarded = string.Join("&", Filters.Where(query.ContainsKey).SelectMany(name => query[name].Select(v => $"{name}={Uri.EscapeDataString(v ?? "")}")));
        var response = await funding.Http.GetAsync(
            $"/api/funding/white-zones/{route}?{forwarded}&format=csv", HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        if (!response.IsSuccessStatusCode)
        {
            response.Dispose();
            return TypedResults.Problem(
                statusCode: (int)response.StatusCode,
                title: "Téléchargement indisponible",
                detail: $"Le service Financement a répondu {(int)response.StatusCode} pour la liste « {list} ».");
        }

        context.Response.RegisterForDispose(response);
        var territory = (query["territory"].ToString() is { Length: > 0 } t ? t : "france").Replace(':', '-');
        var name = $"zones-blanches-{list}-{string.Concat(territory.Where(c => char.IsAsciiLetterOrDigit(c) || c == '-'))}.csv";
        return TypedResults.Stream(await response.Content.ReadAsStreamAsync(context.RequestAborted), "text/csv; charset=utf-8", name);
    }
}
