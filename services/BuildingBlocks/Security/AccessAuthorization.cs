using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;

namespace SocialTech.BuildingBlocks.Security;

/// <summary>The requirement behind <see cref="AccessConventions.Policy"/>: the endpoint's <see cref="RoleAccess"/>, <see cref="OwnerAccess"/> and <see cref="ResourceAccess"/>.</summary>
public sealed class AccessRequirement : IAuthorizationRequirement;

/// <summary>
/// Admin passes; otherwise the principal needs one of the endpoint's roles, and when it holds the role an
/// <see cref="OwnerAccess"/> binds, its id claim must be among the owners of what it touches; then the endpoint's
/// <see cref="ResourceAccess"/> rule, if any, must let it through.
/// </summary>
public sealed class AccessHandler : AuthorizationHandler<AccessRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, AccessRequirement requirement)
    {
        ArgumentNullException.ThrowIfNull(context);
        var user = context.User;
        if (user.Identity?.IsAuthenticated is not true || context.Resource is not HttpContext http)
        {
            return;
        }

        if (user.IsInRole(Roles.Admin))
        {
            context.Succeed(requirement);
            return;
        }

        var metadata = http.GetEndpoint()?.Metadata;
        var roles = metadata?.GetMetadata<RoleAccess>();
        if (roles is null || !roles.Roles.Any(user.IsInRole))
        {
            context.Fail(new AuthorizationFailureReason(this,
                $"This needs one of the roles {string.Join(", ", (roles?.Roles ?? []).Append(Roles.Admin))}."));
            return;
        }

        // The owner rule binds only a principal that has no other way in: an operator who is also a network
        // keeps its operator rights.
        var owner = metadata!.GetMetadata<OwnerAccess>();
        if (owner is not null && user.IsInRole(owner.Role) && !roles.Roles.Any(r => r != owner.Role && user.IsInRole(r)))
        {
            if (!Guid.TryParse(user.FindFirst(owner.Claim)?.Value, out var id))
            {
                context.Fail(new AuthorizationFailureReason(this, $"A {owner.Role} token must carry its id in the claim {owner.Claim}."));
                return;
            }

            var owners = await owner.Resolve(http);
            if (owners is not null && !owners.Contains(id))
            {
                context.Fail(new AuthorizationFailureReason(this, $"The {owner.Role} {id} is not {owner.Describe}."));
                return;
            }
        }

        // The resource rule binds every role the route admits: the drafting party of an application is a matter of
        // the data, not of the role (another network, another operator are refused alike).
        if (metadata.GetMetadata<ResourceAccess>()?.Rule is { } rule && await rule(http, user) is { } broken)
        {
            context.Fail(new AuthorizationFailureReason(this, broken));
            return;
        }

        context.Succeed(requirement);
    }
}

/// <summary>A 403 is an RFC 9457 problem saying why; a 401 is written by the bearer handler's challenge.</summary>
public sealed class ProblemAuthorizationResultHandler(IProblemDetailsService problems) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler fallback = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(authorizeResult);
        if (authorizeResult.Forbidden && context.User.Identity?.IsAuthenticated is true)
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails =
                {
                    Status = StatusCodes.Status403Forbidden,
                    Title = "Forbidden",
                    Detail = authorizeResult.AuthorizationFailure?.FailureReasons.FirstOrDefault()?.Message
                        ?? "The token does not allow this.",
                },
            });
            return;
        }

        await fallback.HandleAsync(next, context, policy, authorizeResult);
    }
}
