using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SocialTech.BuildingBlocks.Text;

/// <summary>
/// Text as a reader sees it: without the invisible characters a copy and paste brings at its ends — white space
/// (NBSP included), and format characters (Unicode category Cf: zero-width space U+200B, ZWNJ and ZWJ U+200C/D, word
/// joiner U+2060, BOM U+FEFF, soft hyphen U+00AD…). A name made only of them is no name: it was stored (201) and
/// listed as blank.
/// </summary>
public static class VisibleText
{
    public static bool IsInvisible(char c) =>
        char.IsWhiteSpace(c) || char.GetUnicodeCategory(c) == UnicodeCategory.Format;

    /// <summary>The text without the invisible characters at its ends; inside, they stay (a ZWJ inside an emoji means something).</summary>
    public static string Trim(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var start = 0;
        var end = text.Length;
        while (start < end && IsInvisible(text[start]))
        {
            start++;
        }

        while (end > start && IsInvisible(text[end - 1]))
        {
            end--;
        }

        return start == 0 && end == text.Length ? text : text[start..end];
    }
}

/// <summary>Reads every string of a request body trimmed (<see cref="VisibleText.Trim"/>), so that what is checked is what is stored.</summary>
public sealed class VisibleTextConverter : JsonConverter<string>
{
    public override bool HandleNull => false;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String
            ? VisibleText.Trim(reader.GetString()!)
            : throw new JsonException($"Expected a string, found {reader.TokenType}.");

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value);
    }
}
