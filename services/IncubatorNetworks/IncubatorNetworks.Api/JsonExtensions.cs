using System.Text.Json;
using System.Text.Json.Serialization;

namespace SocialTech.IncubatorNetworks;

public static class JsonExtensions
{
    /// <summary>
    /// Subjects' states hold enums (phases, statuses, formats): they go out kebab-case, as every enum the platform
    /// shows, not as numbers that change meaning when a value is inserted.
    /// </summary>
    public static IServiceCollection AddKebabCaseEnums(this IServiceCollection services) =>
        services.ConfigureHttpJsonOptions(options =>
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false)));
}
