using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SocialTech.Funding.OpenData.Importing;

/// <summary>What registering an organisation with the Actors service came to.</summary>
/// <param name="ActorId">The actor registered, or the one already holding its SIREN or RNA.</param>
/// <param name="Errors">Actors' own field errors when it refused the organisation.</param>
/// <param name="Failure">Why Actors could not be asked (unreachable, 5xx after retries): the row can be sent again.</param>
public sealed record ActorRegistration(Guid? ActorId, IReadOnlyDictionary<string, string[]>? Errors, string? Failure);

/// <summary>
/// The Actors service's public API, as Funding uses it: the import registers the recipients and funders it does not
/// know, and never writes into Actors' database. The base address is <c>http://actors</c>, resolved by service
/// discovery (<c>services:actors:http:0</c>); retries and timeouts come from the service defaults' resilience
/// handler, safe on this POST because each carries an <c>Idempotency-Key</c>. The importing user's bearer token goes
/// along: Actors checks it itself (issue 7: every service is its own guard) and records that user as the registrant.
/// </summary>
public sealed class ActorsClient(HttpClient http, IHttpContextAccessor accessor)
{
    public const string BaseAddress = "http://actors";

    /// <param name="idempotencyKey">Derived from the organisation's identifier, so that a second import (or a retry) finds the actor the first registered.</param>
    public async Task<ActorRegistration> RegisterAsync(string idempotencyKey, ActorRegistrationRequest request, CancellationToken ct)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/actors", UriKind.Relative)) { Content = JsonContent.Create(request) };
        message.Headers.Add("Idempotency-Key", idempotencyKey);
        if (accessor.HttpContext?.Request.Headers.Authorization.ToString() is { Length: > 0 } authorization)
        {
            message.Headers.TryAddWithoutValidation("Authorization", authorization);
        }
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(message, ct);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return new ActorRegistration(null, null, $"the Actors service did not answer ({e.Message}).");
        }

        using (response)
        {
            var body = response.Content.Headers.ContentLength == 0 ? default : await ReadJsonAsync(response, ct);
            switch (response.StatusCode)
            {
                case HttpStatusCode.Created or HttpStatusCode.OK when body.ValueKind == JsonValueKind.Object && body.TryGetProperty("id", out var id):
                    return new ActorRegistration(id.GetGuid(), null, null);
                case HttpStatusCode.Conflict when body.ValueKind == JsonValueKind.Object && body.TryGetProperty("existing", out var existing)
                                                  && Guid.TryParse(existing.GetString()?.Split('/')[^1], out var holder):
                    // Its SIREN or RNA is registered already (by someone else, or by a lost first attempt): that is the actor.
                    return new ActorRegistration(holder, null, null);
                case HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity:
                    return new ActorRegistration(null, Errors(body), null);
                default:
                    return new ActorRegistration(null, null, $"the Actors service answered {(int)response.StatusCode}.");
            }
        }
    }

    private static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        }
        catch (JsonException)
        {
            return default;
        }
    }

    private static Dictionary<string, string[]> Errors(JsonElement problem)
    {
        if (problem.ValueKind == JsonValueKind.Object && problem.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
        {
            return errors.EnumerateObject().ToDictionary(e => e.Name,
                e => e.Value.ValueKind == JsonValueKind.Array ? e.Value.EnumerateArray().Select(m => m.GetString() ?? "").ToArray() : [e.Value.ToString()]);
        }

        var detail = problem.ValueKind == JsonValueKind.Object && problem.TryGetProperty("detail", out var d) ? d.GetString() : null;
        return new Dictionary<string, string[]> { ["actor"] = [detail ?? "refused by the Actors service."] };
    }
}

/// <summary>The body of <c>POST /api/actors</c>, as much of it as an SCDL row tells.</summary>
public sealed record ActorRegistrationRequest(string Name, IReadOnlyList<string> Kinds, string HeadOfficeCommuneCode, string? Siren, string? Siret, string? Rna);
