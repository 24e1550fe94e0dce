using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace SocialTech.BuildingBlocks.Security;

/// <summary>
/// The access rules of the route tables, in the OpenAPI document: a protected operation names the roles that may
/// call it (an OpenAPI 3.1 security requirement lists role names for a bearer scheme) and its owner rule
/// (<c>x-owner</c>), and declares the 401 and 403 it answers; an open one declares the 429 of its rate limit.
/// </summary>
public static class AccessOpenApi
{
    public const string Scheme = "bearer";

    public static OpenApiOptions DescribeAccess(this OpenApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[Scheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "A token whose role claim names the caller's role, and its id claim (network_id, funder_id, label_owner_id, actor_id) the data it owns (README: Access control).",
            };
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            operation.Responses ??= [];
            if (metadata.OfType<RoleAccess>().LastOrDefault() is { } roles)
            {
                operation.Security =
                [
                    new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Scheme, context.Document)] = [.. roles.Roles.Append(Roles.Admin).Distinct()] },
                ];
                var owner = metadata.OfType<OwnerAccess>().LastOrDefault();
                if (owner is not null)
                {
                    operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
                    operation.Extensions["x-owner"] = new JsonNodeExtension(new JsonObject
                    {
                        ["role"] = owner.Role,
                        ["claim"] = owner.Claim,
                        ["owner"] = owner.Describe,
                    });
                }

                operation.Responses.TryAdd("401", new OpenApiResponse { Description = "No bearer token, or an invalid or expired one" });
                operation.Responses.TryAdd("403", new OpenApiResponse
                {
                    Description = owner is null
                        ? $"The token's role is none of {string.Join(", ", roles.Roles.Append(Roles.Admin).Distinct())}"
                        : $"The token's role is none of {string.Join(", ", roles.Roles.Append(Roles.Admin).Distinct())}, or, for {owner.Role}, its {owner.Claim} is not {owner.Describe}",
                });
            }
            else
            {
                operation.Responses.TryAdd("429", new OpenApiResponse { Description = "This client exceeded the open endpoints' rate limit; Retry-After says when to retry" });
            }

            return Task.CompletedTask;
        });
        return options;
    }
}
