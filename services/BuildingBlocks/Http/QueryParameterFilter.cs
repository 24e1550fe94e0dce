using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Http;

namespace SocialTech.BuildingBlocks.Http;

/// <summary>
/// Put on read routes (Funding's flows and exports, before the answer cache; Labelling's register): a query parameter the
/// route's handler does not bind is a 400 naming it. An answer must never be to a narrower question than the one asked:
/// <c>recipientKind=scic</c>, <c>holderId=…</c> for <c>holder=…</c> or a typo such as <c>teritory=…</c> would otherwise
/// be ignored, and the whole list or the national total given as if it were the filtered one (issues 17 and 19).
/// </summary>
/// <remarks>
/// The parameters a route takes are read from its handler (its simple parameters and the <c>[FromQuery]</c> names of
/// its <c>[AsParameters]</c> objects), so a filter added to an <c>[AsParameters]</c> object or to a handler is accepted
/// without a list to keep in step. A handler that binds a filter it cannot apply refuses it itself (the Sankey graph).
/// </remarks>
public sealed class QueryParameterFilter : IEndpointFilter
{
    private static readonly ConcurrentDictionary<MethodInfo, HashSet<string>> Accepted = new();

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var handler = context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<MethodInfo>()
            ?? throw new InvalidOperationException("A route without a handler method: its parameters cannot be checked.");
        var accepted = Accepted.GetOrAdd(handler, ParametersOf);
        var validation = new Validation();
        foreach (var name in context.HttpContext.Request.Query.Keys.Order(StringComparer.Ordinal))
        {
            validation.Check(accepted.Contains(name), name,
                $"is not a filter of this route; it takes {string.Join(", ", accepted.Order(StringComparer.Ordinal))}.");
        }

        validation.ThrowIfInvalid();
        return await next(context);
    }

    /// <summary>The query names a handler binds. Names are matched as ASP.NET Core binds them: ignoring case.</summary>
    internal static HashSet<string> ParametersOf(MethodInfo handler)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var parameter in handler.GetParameters())
        {
            if (parameter.GetCustomAttribute<AsParametersAttribute>() is not null)
            {
                foreach (var property in parameter.ParameterType.GetProperties())
                {
                    if (property.GetCustomAttribute<FromQueryAttribute>() is { } query)
                    {
                        names.Add(query.Name ?? property.Name);
                    }
                }
            }
            else if (parameter.ParameterType == typeof(string) || Nullable.GetUnderlyingType(parameter.ParameterType) is not null
                     || parameter.ParameterType.IsPrimitive)
            {
                names.Add(parameter.GetCustomAttribute<FromQueryAttribute>()?.Name ?? parameter.Name!);
            }
        }

        return names;
    }
}
