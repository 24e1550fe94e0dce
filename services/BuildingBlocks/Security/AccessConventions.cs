using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace SocialTech.BuildingBlocks.Security;

/// <summary>The roles allowed on an endpoint (admin always is). The last one added wins, so a route overrides its group.</summary>
public sealed record RoleAccess(IReadOnlyList<string> Roles);

/// <summary>
/// Who owns what an endpoint writes (or reads): a principal in <paramref name="Role"/> must carry, in
/// <paramref name="Claim"/>, one of the ids <paramref name="Resolve"/> finds. The last one added wins.
/// </summary>
/// <param name="Describe">What the owner is, for the 403 problem ("the network in the route").</param>
public sealed record OwnerAccess(string Role, string Claim, OwnerResolver Resolve, string Describe);

/// <summary>
/// The owners of the resource a request touches, or null when it cannot tell (unknown id, unreadable body): the
/// endpoint then answers 404 or 400 itself, as it would for anyone.
/// </summary>
public delegate ValueTask<IReadOnlyCollection<Guid>?> OwnerResolver(HttpContext context);

/// <summary>
/// A rule on the resource a request touches that roles and id claims cannot express (who drafted a label
/// application): null when the principal may go on, else the rule it breaks, for the 403's detail. It runs during
/// authorization, after the roles and the owner rule passed; admin never meets it. A resource it cannot find (unknown
/// id) is the endpoint's to answer (404), so the rule lets it through.
/// </summary>
public delegate ValueTask<string?> ResourceRule(HttpContext context, ClaimsPrincipal user);

/// <summary>The endpoint's <see cref="ResourceRule"/>; a null rule lifts its group's. The last one added wins.</summary>
public sealed record ResourceAccess(ResourceRule? Rule);

/// <summary>
/// Access rules as endpoint metadata, declared in the route tables. Group-level <c>Writes…</c> conventions reach
/// every POST/PUT/PATCH/DELETE of the group, including routes added to it later.
/// </summary>
public static class AccessConventions
{
    /// <summary>The one policy every protected endpoint names; its handler reads <see cref="RoleAccess"/> and <see cref="OwnerAccess"/>.</summary>
    public const string Policy = "socialtech-access";

    private static readonly AuthorizeAttribute Authorize = new(Policy);

    public static TBuilder RequireRoles<TBuilder>(this TBuilder builder, params string[] roles)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.Add(endpoint => Protect(endpoint, new RoleAccess(roles)));
        return builder;
    }

    /// <summary>Every write of the group (present and future) requires one of <paramref name="roles"/>; reads stay open.</summary>
    public static RouteGroupBuilder WritesRequireRoles(this RouteGroupBuilder group, params string[] roles)
    {
        ((IEndpointConventionBuilder)group).Add(endpoint =>
        {
            if (IsWrite(endpoint))
            {
                Protect(endpoint, new RoleAccess(roles));
            }
        });
        return group;
    }

    public static TBuilder RequireOwner<TBuilder>(this TBuilder builder, string role, string claim, string describe, OwnerResolver resolve)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.Add(endpoint => endpoint.Metadata.Add(new OwnerAccess(role, claim, resolve, describe)));
        return builder;
    }

    /// <summary>Every write of the group requires a principal in <paramref name="role"/> to own what it writes.</summary>
    public static RouteGroupBuilder WritesRequireOwner(this RouteGroupBuilder group, string role, string claim, string describe, OwnerResolver resolve)
    {
        ((IEndpointConventionBuilder)group).Add(endpoint =>
        {
            if (IsWrite(endpoint))
            {
                endpoint.Metadata.Add(new OwnerAccess(role, claim, resolve, describe));
            }
        });
        return group;
    }

    /// <summary>The route's <see cref="ResourceRule"/> (null lifts its group's, e.g. for a step another rule governs).</summary>
    public static TBuilder RequireResourceRule<TBuilder>(this TBuilder builder, ResourceRule? rule)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.Add(endpoint => endpoint.Metadata.Add(new ResourceAccess(rule)));
        return builder;
    }

    /// <summary>Every write of the group (present and future) must also pass <paramref name="rule"/>; a route may lift it.</summary>
    public static RouteGroupBuilder WritesRequireResourceRule(this RouteGroupBuilder group, ResourceRule rule)
    {
        ((IEndpointConventionBuilder)group).Add(endpoint =>
        {
            if (IsWrite(endpoint))
            {
                endpoint.Metadata.Add(new ResourceAccess(rule));
            }
        });
        return group;
    }

    /// <summary>POST, PUT, PATCH or DELETE.</summary>
    public static bool IsWrite(IEnumerable<string> methods) =>
        methods.Any(m => m is "POST" or "PUT" or "PATCH" or "DELETE");

    private static bool IsWrite(EndpointBuilder endpoint) =>
        endpoint.Metadata.OfType<HttpMethodMetadata>().Any(m => IsWrite(m.HttpMethods));

    private static void Protect(EndpointBuilder endpoint, RoleAccess access)
    {
        endpoint.Metadata.Add(access);
        if (!endpoint.Metadata.Contains(Authorize))
        {
            endpoint.Metadata.Add(Authorize);
        }
    }
}
