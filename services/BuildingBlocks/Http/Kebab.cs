using System.Text.Json;

namespace SocialTech.BuildingBlocks.Http;

/// <summary>Enum values travel as kebab-case strings (<c>tiers-lieu-operator</c>) in the APIs and in contracts.</summary>
public static class Kebab
{
    public static string Name<TEnum>(TEnum value) where TEnum : struct, Enum =>
        JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());

    public static bool TryParse<TEnum>(string? name, out TEnum value) where TEnum : struct, Enum =>
        Lookup<TEnum>.ByName.TryGetValue(name ?? "", out value);

    public static IEnumerable<string> Names<TEnum>() where TEnum : struct, Enum => Lookup<TEnum>.ByName.Keys;

    private static class Lookup<TEnum> where TEnum : struct, Enum
    {
        public static readonly Dictionary<string, TEnum> ByName =
            Enum.GetValues<TEnum>().ToDictionary(Name, v => v, StringComparer.OrdinalIgnoreCase);
    }
}
