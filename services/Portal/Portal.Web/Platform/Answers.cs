using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SocialTech.Portal.Platform;

/// <summary>What a page shows for one call: the value, or why there is none (a route this platform lacks, an error).</summary>
public sealed record Answer<T>(T? Value, HttpStatusCode? Status, string? Problem)
{
    public bool Ok => Value is not null;

    /// <summary>The route does not exist on this platform yet (a service older than the portal): the page says so.</summary>
    public bool Missing => Status == HttpStatusCode.NotFound;

    /// <summary>On a 400, the fields the service's problem details name (RFC 9457 <c>errors</c>), for the page to word in French.</summary>
    public IReadOnlyList<string> RefusedFields { get; init; } = [];

    public bool Refused => Status == HttpStatusCode.BadRequest;
}

internal static class Answers
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<Answer<T>> GetAsync<T>(this HttpClient http, string uri, CancellationToken ct)
    {
        try
        {
            using var response = await http.GetAsync(uri, ct);
            if (!response.IsSuccessStatusCode)
            {
                // The page shows it in a French sentence: the status code, never the server's English reason phrase;
                // for a 400, the fields refused, which the page words itself.
                return new Answer<T>(default, response.StatusCode, $"réponse {(int)response.StatusCode} du service")
                {
                    RefusedFields = response.StatusCode == HttpStatusCode.BadRequest ? await RefusedFieldsAsync(response, ct) : [],
                };
            }

            return new Answer<T>(await response.Content.ReadFromJsonAsync<T>(Json, ct), response.StatusCode, null);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
        {
            // The exception's message is English and technical: the page says what happened, the log keeps the rest.
            return new Answer<T>(default, null, e is TaskCanceledException ? "le service n'a pas répondu à temps" : "service injoignable");
        }
    }

    private static async Task<IReadOnlyList<string>> RefusedFieldsAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Json, ct);
            return problem.ValueKind == JsonValueKind.Object && problem.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object
                ? errors.EnumerateObject().Select(e => e.Name).ToArray()
                : [];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}

public sealed record Page<T>(IReadOnlyList<T> Items, long PageNumber, long PageSize, long TotalItems, long TotalPages, bool HasNextPage);
