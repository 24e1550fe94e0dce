using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace SocialTech.BuildingBlocks.Http;

/// <summary>
/// The field an unreadable request got wrong, from ASP.NET Core's binding refusal: a query value its handler takes as a
/// number, a day, a GUID or a boolean (<c>page=deux</c>, <c>from=</c>, <c>withinMonths=6&amp;withinMonths=7</c>), or a
/// JSON property of the wrong type (<c>"includesPlaces":"yes"</c>). The framework says so only in its message, so the
/// 400 named the field in its detail and not in <c>errors</c>, where clients (the portal's forms among them) look.
/// </summary>
/// <remarks>
/// The binder's messages are fixed texts of ASP.NET Core (<c>Failed to bind parameter "int page" from "deux".</c>,
/// <c>Required parameter "int page" was not provided from query string.</c>); one that does not match leaves the
/// problem as it was, without <c>errors</c>. The parameter is named as the request names it: a <c>[FromQuery(Name)]</c>
/// is looked up on the endpoint's handler.
/// </remarks>
public static partial class UnreadableFields
{
    [GeneratedRegex("""^Failed to bind parameter "(?<type>[^"]*) (?<name>[^" ]+)" from "(?<value>.*)"\.$""", RegexOptions.Singleline)]
    private static partial Regex BindFailed();

    [GeneratedRegex("""^Required parameter "(?<type>[^"]*) (?<name>[^" ]+)" was not provided from (?<source>.+)\.$""", RegexOptions.Singleline)]
    private static partial Regex RequiredMissing();

    /// <summary>The fields and their messages, or null when the refusal names none it can tell.</summary>
    public static Dictionary<string, string[]>? Of(HttpContext context, BadHttpRequestException exception)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(exception);
        if (exception.StatusCode != StatusCodes.Status400BadRequest)
        {
            return null;
        }

        if (exception.InnerException is JsonException json)
        {
            var path = json.Path is { Length: > 1 } p && p.StartsWith("$.", StringComparison.Ordinal) ? p[2..] : "body";
            return new() { [path] = [$"cannot be read: {json.Message}"] };
        }

        if (BindFailed().Match(exception.Message) is { Success: true } failed)
        {
            var name = WireName(context, failed.Groups["name"].Value);
            var message = context.Request.Query.TryGetValue(name, out var values) && values.Count > 1
                ? $"is given {values.Count} times; give it once, as {Expected(failed.Groups["type"].Value)}."
                : $"'{failed.Groups["value"].Value}' is not {Expected(failed.Groups["type"].Value)}.";
            return new() { [name] = [message] };
        }

        if (RequiredMissing().Match(exception.Message) is { Success: true } missing)
        {
            return new() { [WireName(context, missing.Groups["name"].Value)] = [$"is required: {Expected(missing.Groups["type"].Value)}."] };
        }

        return null;
    }

    /// <summary>What a value of the handler's type looks like, in words.</summary>
    private static string Expected(string type)
    {
        var bare = type.StartsWith("Nullable<", StringComparison.Ordinal) && type.EndsWith('>') ? type[9..^1] : type.TrimEnd('?');
        return bare switch
        {
            "int" or "long" or "short" or "Int32" or "Int64" => "a whole number",
            "decimal" or "double" or "float" or "Decimal" => "a number",
            "DateOnly" => "a day, YYYY-MM-DD",
            "DateTimeOffset" or "DateTime" => "an instant, e.g. 2025-03-03T10:00:00Z",
            "Guid" => "a GUID",
            "bool" or "Boolean" => "true or false",
            _ => $"a value of type {bare}",
        };
    }

    /// <summary>The name the request uses for handler parameter <paramref name="parameter"/>.</summary>
    private static string WireName(HttpContext context, string parameter)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<MethodInfo>() is not { } handler)
        {
            return parameter;
        }

        foreach (var each in handler.GetParameters())
        {
            if (each.GetCustomAttribute<AsParametersAttribute>() is not null)
            {
                if (each.ParameterType.GetProperty(parameter) is { } property)
                {
                    return NameOf(property.GetCustomAttributes()) ?? parameter;
                }
            }
            else if (each.Name == parameter)
            {
                return NameOf(each.GetCustomAttributes()) ?? parameter;
            }
        }

        return parameter;
    }

    private static string? NameOf(IEnumerable<Attribute> attributes) => attributes.Select(a => a switch
    {
        FromQueryAttribute q => q.Name,
        FromHeaderAttribute h => h.Name,
        FromRouteAttribute r => r.Name,
        _ => null,
    }).FirstOrDefault(n => n is not null);
}
