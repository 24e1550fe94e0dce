using System.Text.Json;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Microsoft.Extensions.Hosting;

/// <summary>Corrections to what Microsoft.AspNetCore.OpenApi generates, so that every answer matches its own schema.</summary>
public static class OpenApiDocuments
{
    /// <summary>
    /// A nullable enum property comes out as <c>oneOf [{type: null}, {$ref: TheEnum}]</c>, and the shared enum schema
    /// itself also lists <c>null</c> among its values when a nullable property was the first to use it. A null then
    /// matches both branches, which <c>oneOf</c> forbids: every label application not yet granted failed its schema
    /// (<c>grantedBy</c>). The null belongs to the property (the <c>oneOf</c>), not to the enum, which non-nullable
    /// properties share (a label's <c>route</c> is never null).
    /// </summary>
    public static OpenApiOptions RemoveNullFromSharedEnums(this OpenApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.AddDocumentTransformer((document, _, _) =>
        {
            foreach (var schema in document.Components?.Schemas?.Values.OfType<OpenApiSchema>() ?? [])
            {
                if (schema.Enum is { Count: > 0 } values)
                {
                    foreach (var value in values.Where(v => v is null || JsonNullSentinel.IsJsonNullSentinel(v) || v.GetValueKind() == JsonValueKind.Null).ToList())
                    {
                        values.Remove(value);
                    }

                    if (schema.Type is { } type && type.HasFlag(JsonSchemaType.Null))
                    {
                        schema.Type = type & ~JsonSchemaType.Null;
                    }
                }
            }

            return Task.CompletedTask;
        });
    }

    /// <summary>
    /// What the framework answers before a handler runs, for every operation that reads a body: 400 when the body is
    /// not readable as its type, 413 over the server's body size limit, 415 for another content type.
    /// </summary>
    public static OpenApiOptions DeclareFrameworkAnswers(this OpenApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.AddOperationTransformer((operation, _, _) =>
        {
            if (operation.RequestBody is not null)
            {
                operation.Responses ??= [];
                operation.Responses.TryAdd("400", new OpenApiResponse { Description = "The body is not readable as the request's type" });
                operation.Responses.TryAdd("413", new OpenApiResponse { Description = "The body is over the server's size limit" });
                operation.Responses.TryAdd("415", new OpenApiResponse { Description = "The body's content type is not one this operation reads" });
            }

            return Task.CompletedTask;
        });
    }
}
