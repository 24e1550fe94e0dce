using JasperFx;
using JasperFx.Events;
using Marten.Exceptions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace SocialTech.BuildingBlocks.Http;

/// <summary>
/// Turns refusals into RFC 9457 problem responses: domain refusals (<see cref="ProblemException"/>), optimistic
/// concurrency conflicts (412), unreadable bodies (400). Anything else stays a 500 and is logged with its trace.
/// </summary>
public sealed class ProblemExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ProblemDetails? problem = exception switch
        {
            ValidationException validation => new HttpValidationProblemDetails(validation.Errors.ToDictionary(e => e.Key, e => e.Value))
            {
                Status = validation.Status,
                Title = validation.Title,
                Detail = validation.Message,
            },
            ProblemException refusal => WithExtensions(new ProblemDetails
            {
                Status = refusal.Status,
                Title = refusal.Title,
                Detail = refusal.Message,
            }, refusal.Extensions),
            ConcurrencyException or EventStreamUnexpectedMaxEventIdException => new ProblemDetails
            {
                Status = StatusCodes.Status412PreconditionFailed,
                Title = "Stale version",
                Detail = "The resource changed since the version given in If-Match. Read it again, then retry.",
            },
            Marten.Exceptions.ExistingStreamIdCollisionException or JasperFx.Events.ExistingStreamIdCollisionException => new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict,
                Title = "Already exists",
                Detail = "A resource with this id already exists.",
            },
            BadHttpRequestException bad when UnreadableFields.Of(httpContext, bad) is { } fields => new HttpValidationProblemDetails(fields)
            {
                Status = bad.StatusCode,
                Title = "Unreadable request",
                Detail = bad.InnerException is System.Text.Json.JsonException json ? $"{bad.Message} {json.Message}" : bad.Message,
            },
            BadHttpRequestException bad => new ProblemDetails
            {
                Status = bad.StatusCode,
                Title = "Unreadable request",
                Detail = bad.InnerException is System.Text.Json.JsonException json ? $"{bad.Message} {json.Message}" : bad.Message,
            },
            _ => null,
        };

        if (problem is null)
        {
            return false;
        }

        httpContext.Response.StatusCode = problem.Status ?? StatusCodes.Status400BadRequest;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    private static ProblemDetails WithExtensions(ProblemDetails problem, IDictionary<string, object?> extensions)
    {
        foreach (var (key, value) in extensions)
        {
            problem.Extensions[key] = value;
        }

        return problem;
    }
}

public static class ProblemExceptionHandlerExtensions
{
    public static IServiceCollection AddDomainProblems(this IServiceCollection services)
    {
        // Unreadable bodies reach the handler as exceptions, so their 400 says which field or position is wrong.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        // Names, titles and free texts arrive without the invisible characters at their ends: what Validation.Required
        // checks (a zero-width-only name is missing) is what the handler stores.
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Converters.Add(new SocialTech.BuildingBlocks.Text.VisibleTextConverter()));
        // ...and the OpenAPI documents still say they are strings, with the bounds the validation checks.
        services.ConfigureAll<Microsoft.AspNetCore.OpenApi.OpenApiOptions>(openApi => openApi.AddSchemaTransformer(SocialTech.BuildingBlocks.Text.TextSchemas.Describe));
        return services.AddExceptionHandler<ProblemExceptionHandler>();
    }

    /// <summary>Exception handler then status-code pages, so that every 4xx/5xx body is a problem document; then the
    /// query-string check (<see cref="QueryText"/>) and the body limit (413 naming it, <c>RequestBodyLimit</c>).</summary>
    public static WebApplication UseDomainProblems(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        // Behind the exception handler, which turns its refusal into the 400 problem.
        app.UseQueryTextCheck();
        app.UseRequestBodyLimit();
        return app;
    }
}
