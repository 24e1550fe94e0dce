using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;
using Microsoft.OpenApi;

namespace SocialTech.BuildingBlocks.Security;

/// <summary>
/// Request bodies that the owner rule and the endpoint read alike: JSON in UTF-8, not compressed, each property once.
/// </summary>
/// <remarks>
/// The owner rule reads a body during authorization and the endpoint's binder reads it again: whatever one of them
/// could read differently from the other is an ownership check on one value and a write of another (issue 16.1: the
/// binder transcoded a UTF-16 body that the rule could not parse, so a body naming another funder got through).
/// What could differ is refused before either reads: a charset other than UTF-8 (415, RFC 8259 §8.1 makes UTF-8 the
/// only charset of JSON between systems), a content coding (415, RFC 7694: no service inflates bodies) and a property
/// named twice in any case (400 from the binder: System.Text.Json would keep the last one, a second reader might keep
/// the first).
/// </remarks>
public static class JsonBodies
{
    internal static void AddJsonBodies(this IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(options => options.SerializerOptions.AllowDuplicateProperties = false);
        services.ConfigureAll<OpenApiOptions>(options => options.AddOperationTransformer(DeclareUnsupportedMediaTypeAsync));
    }

    /// <summary>Answers 415 to a JSON body in another charset than UTF-8, and to any content coding, before authorization.</summary>
    internal static IApplicationBuilder UseJsonBodies(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (Refusal(context.Request) is { } refusal)
        {
            await WriteUnsupportedAsync(context, refusal.Header, refusal.Detail);
            return;
        }

        await next(context);
    });

    private static (string Header, string Detail)? Refusal(HttpRequest request)
    {
        foreach (var coding in request.Headers.ContentEncoding.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)))
        {
            if (!coding.Equals("identity", StringComparison.OrdinalIgnoreCase))
            {
                return (HeaderNames.ContentEncoding, $"Content-Encoding '{coding}' is not accepted: send the body uncompressed.");
            }
        }

        // A Content-Type the binder does not take for JSON gets its own 415 from the endpoint, and no owner from the rule.
        if (!request.HasJsonContentType() || !MediaTypeHeaderValue.TryParse(request.ContentType, out var type))
        {
            return null;
        }

        var charsets = type.Parameters.Where(p => p.Name.Equals("charset", StringComparison.OrdinalIgnoreCase)).ToList();
        if (charsets.Count == 0)
        {
            return null;
        }

        var charset = HeaderUtilities.RemoveQuotes(charsets[0].Value);
        if (charsets.Count > 1 || !charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase))
        {
            return (HeaderNames.ContentType,
                $"Content-Type names charset {type.Charset}: JSON bodies are read in UTF-8 only; send charset=utf-8 or no charset.");
        }

        // A quoted "utf-8" is UTF-8, but the binder looks the quoted name up as an encoding and fails (500): both
        // readers get the plain spelling.
        if (!charsets[0].Value.Equals("utf-8", StringComparison.OrdinalIgnoreCase))
        {
            type.Charset = "utf-8";
            request.ContentType = type.ToString();
        }

        return null;
    }

    private static async Task WriteUnsupportedAsync(HttpContext context, string header, string detail)
    {
        context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new HttpValidationProblemDetails(new Dictionary<string, string[]> { [header] = [detail] })
            {
                Status = StatusCodes.Status415UnsupportedMediaType,
                Title = "Unsupported media type",
                Detail = detail,
            },
        });
    }

    /// <summary>Every operation that takes a JSON body may answer 415 (problem details naming the header).</summary>
    private static async Task DeclareUnsupportedMediaTypeAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var status = StatusCodes.Status415UnsupportedMediaType.ToString(System.Globalization.CultureInfo.InvariantCulture);
        // A 415 declared already with its content stays; the framework's bare one (ServiceDefaults'
        // DeclareFrameworkAnswers, registered earlier) is replaced by this one, which says what the problem holds.
        if (operation.RequestBody?.Content?.Keys.Any(IsJson) is not true
            || operation.Responses?.TryGetValue(status, out var declared) is true && declared.Content is { Count: > 0 })
        {
            return;
        }

        operation.Responses ??= [];
        operation.Responses[status] = new OpenApiResponse
        {
            Description = "The body is not JSON in UTF-8 (Content-Type names another charset) or is compressed (Content-Encoding).",
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/problem+json"] = new() { Schema = await context.GetOrCreateSchemaAsync(typeof(HttpValidationProblemDetails), null, ct) },
            },
        };
    }

    private static bool IsJson(string mediaType) =>
        MediaTypeHeaderValue.TryParse(mediaType, out var type)
        && (type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || type.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase));
}
