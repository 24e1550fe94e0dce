using System.Text.Json;

namespace SocialTech.Actors.Territories;

/// <summary>Reads the kebab-case labels of the data file (<c>frr-plus</c>, <c>commune-deleguee</c>) into enums.</summary>
internal static class KebabEnum
{
    public static bool TryParse<TEnum>(string? name, out TEnum value) where TEnum : struct, Enum =>
        Lookup<TEnum>.ByName.TryGetValue(name ?? "", out value);

    private static class Lookup<TEnum> where TEnum : struct, Enum
    {
        public static readonly Dictionary<string, TEnum> ByName = Enum.GetValues<TEnum>()
            .ToDictionary(v => JsonNamingPolicy.KebabCaseLower.ConvertName(v.ToString()), v => v, StringComparer.OrdinalIgnoreCase);
    }
}
