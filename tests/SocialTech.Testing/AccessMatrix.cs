using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using SocialTech.BuildingBlocks.Security;

namespace SocialTech.Testing;

/// <summary>One write endpoint as its metadata declares it.</summary>
public sealed record WriteEndpoint(string Method, string Pattern, RoleAccess? Roles, OwnerAccess? Owner)
{
    /// <summary>The body type it accepts (routing answers 415 to any other before authorization runs).</summary>
    public string ContentType { get; init; } = "application/json";

    public override string ToString() => $"{Method} {Pattern}";
}

/// <summary>
/// The access matrix of a service, generated from its endpoint metadata: every POST/PUT/PATCH/DELETE, with every
/// role. A write endpoint without access metadata fails it, so routes added later cannot slip through unguarded.
/// </summary>
/// <remarks>
/// Requests carry an empty JSON object and random ids: authorization runs before the endpoint reads them, so 401
/// and 403 are decided on the token alone; an allowed principal gets whatever the endpoint says (400, 404, 428…)
/// but never 401 or 403. Owners bound to data (funders, label owners) need that data: each service's tests cover them.
/// </remarks>
public static partial class AccessMatrix
{
    public static IReadOnlyList<WriteEndpoint> WriteEndpoints<TEntryPoint>(WebApplicationFactory<TEntryPoint> host)
        where TEntryPoint : class
    {
        ArgumentNullException.ThrowIfNull(host);
        return host.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? [])
                .Where(m => AccessConventions.IsWrite([m]))
                .Select(m => new WriteEndpoint(m, e.RoutePattern.RawText ?? "", e.Metadata.GetMetadata<RoleAccess>(), e.Metadata.GetMetadata<OwnerAccess>())
                {
                    ContentType = e.Metadata.GetMetadata<IAcceptsMetadata>()?.ContentTypes is { Count: > 0 } types ? types[0] : "application/json",
                }))
            .OrderBy(e => e.Pattern, StringComparer.Ordinal).ThenBy(e => e.Method, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Runs the matrix and answers one line per cell that went wrong (empty when all is well).</summary>
    public static async Task<IReadOnlyList<string>> RunAsync<TEntryPoint>(ServiceHost<TEntryPoint> host)
        where TEntryPoint : class
    {
        ArgumentNullException.ThrowIfNull(host);
        var failures = new List<string>();
        using var anonymous = host.CreateAnonymousClient();
        foreach (var endpoint in WriteEndpoints(host))
        {
            if (endpoint.Roles is null)
            {
                failures.Add($"{endpoint}: no access rule (RequireRoles or the group's WritesRequireRoles)");
                continue;
            }

            var subject = Guid.NewGuid();
            var path = Fill(endpoint.Pattern, subject);

            await Expect(anonymous, endpoint, path, HttpStatusCode.Unauthorized, "without a token");

            foreach (var role in Roles.All.Where(r => r != Roles.Admin && !endpoint.Roles.Roles.Contains(r)))
            {
                using var wrong = host.CreateClientAs(role);
                await Expect(wrong, endpoint, path, HttpStatusCode.Forbidden, $"as {role}, a role it does not allow");
            }

            // Data bound to the route (a network's own routes): another network's token is refused.
            if (endpoint.Owner is { } owner && endpoint.Pattern.Contains($"{{{owner.Claim.Replace("_id", "Id", StringComparison.Ordinal)}", StringComparison.Ordinal))
            {
                using var other = host.CreateClientAs(owner.Role, Guid.NewGuid());
                await Expect(other, endpoint, path, HttpStatusCode.Forbidden, $"as another {owner.Role}");
            }

            foreach (var role in endpoint.Roles.Roles.Append(Roles.Admin))
            {
                using var allowed = host.CreateClientAs(role, subject);
                using var response = await SendAsync(allowed, endpoint, path);
                if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                {
                    failures.Add($"{endpoint} as {role} (allowed): {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }
            }
        }

        return failures;

        async Task Expect(HttpClient client, WriteEndpoint endpoint, string path, HttpStatusCode expected, string why)
        {
            using var response = await SendAsync(client, endpoint, path);
            if (response.StatusCode != expected || response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            {
                failures.Add($"{endpoint} {why}: expected a {(int)expected} problem, got {(int)response.StatusCode} {response.Content.Headers.ContentType}");
            }
        }
    }

    /// <summary>Route parameters: GUIDs get <paramref name="id"/> (so a network's own routes name the token's network), others a reference.</summary>
    public static string Fill(string pattern, Guid id) =>
        RouteParameter().Replace(pattern ?? "", match =>
            match.Groups["constraint"].Value.Contains("guid", StringComparison.OrdinalIgnoreCase) ? id.ToString() : "ref-1");

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, WriteEndpoint endpoint, string path) =>
        client.SendAsync(new HttpRequestMessage(new HttpMethod(endpoint.Method), path)
        {
            Content = new StringContent(endpoint.ContentType == "application/json" ? "{}" : "", Encoding.UTF8, endpoint.ContentType),
        });

    [GeneratedRegex(@"\{(?<name>[^}:?=]+)(?<constraint>[^}]*)\}")]
    private static partial Regex RouteParameter();
}
