using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace SocialTech.BuildingBlocks.Text;

/// <summary>The bound of each text of a list (conditions, missing pieces…): <c>maxLength</c> of the items in the OpenAPI
/// document, where <see cref="MaxLengthAttribute"/> on the list would bound its number of items.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class EachMaxLengthAttribute(int length) : Attribute
{
    public int Length { get; } = length;
}

/// <summary>
/// Strings in the OpenAPI documents: typed, and bounded by the <see cref="StringLengthAttribute"/>,
/// <see cref="MaxLengthAttribute"/> or <see cref="MinLengthAttribute"/> their request property carries — the constant
/// the route's validation also checks, so that the document tells a client the bound the service enforces.
/// </summary>
public static class TextSchemas
{
    public static Task Describe(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(context);
        var attributes = context.JsonPropertyInfo?.AttributeProvider?.GetCustomAttributes(inherit: true) ?? [];
        if (context.JsonTypeInfo.Type == typeof(string))
        {
            // VisibleTextConverter is a custom converter, which the schema exporter cannot see through: it wrote {}.
            schema.Type ??= context.JsonPropertyInfo is { IsSetNullable: false } ? JsonSchemaType.String : JsonSchemaType.String | JsonSchemaType.Null;
            foreach (var attribute in attributes)
            {
                switch (attribute)
                {
                    case StringLengthAttribute length:
                        schema.MaxLength = length.MaximumLength;
                        schema.MinLength = length.MinimumLength > 0 ? length.MinimumLength : schema.MinLength;
                        break;
                    case MaxLengthAttribute max:
                        schema.MaxLength = max.Length;
                        break;
                    case MinLengthAttribute min:
                        schema.MinLength = min.Length;
                        break;
                }
            }
        }
        else if (context.JsonTypeInfo.ElementType == typeof(string))
        {
            // A list of texts: the exporter, blind to the converter, left out what its items are.
            var items = schema.Items as OpenApiSchema ?? new OpenApiSchema();
            items.Type ??= JsonSchemaType.String;
            items.MaxLength = attributes.OfType<EachMaxLengthAttribute>().FirstOrDefault()?.Length ?? items.MaxLength;
            schema.Items = items;
        }

        return Task.CompletedTask;
    }
}
