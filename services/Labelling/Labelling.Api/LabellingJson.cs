using System.Text.Json;
using System.Text.Json.Serialization;

namespace SocialTech.Labelling;

public static class LabellingJson
{
    /// <summary>
    /// Enums travel as kebab-case strings (<c>open-brand</c>, <c>under-instruction</c>), as everywhere else in
    /// SocialTech. Labelling answers with its state records themselves (they are the read models), so the naming is
    /// set once here rather than by a mapped copy of each record. Requests still take strings and name a wrong value's field.
    /// </summary>
    public static IServiceCollection AddLabellingJson(this IServiceCollection services) =>
        services.ConfigureHttpJsonOptions(options =>
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false)));
}
