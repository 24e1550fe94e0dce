using System.Globalization;
using System.Text;

namespace SocialTech.IncubatorNetworks.Feeds.Calendar;

/// <summary>The few RFC 5545 rules a writer must get right: CRLF, 75-octet folding, text escaping, UTC times.</summary>
public sealed class ICalendar
{
    private const int MaxOctets = 75;
    private readonly StringBuilder text = new();

    public ICalendar Line(string name, string value)
    {
        Fold($"{name}:{value}");
        return this;
    }

    /// <summary>A TEXT value: backslash, semicolon, comma and line breaks escaped (RFC 5545 §3.3.11).</summary>
    public ICalendar Text(string name, string value) =>
        Line(name, value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace(";", "\\;", StringComparison.Ordinal)
            .Replace(",", "\\,", StringComparison.Ordinal).Replace("\r\n", "\\n", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal));

    public ICalendar Time(string name, DateTimeOffset value) =>
        Line(name, value.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture));

    public override string ToString() => text.ToString();

    /// <summary>Lines longer than 75 octets continue on the next line after CRLF and one space, never inside a UTF-8 character.</summary>
    private void Fold(string line)
    {
        var octets = 0;
        var limit = MaxOctets;
        foreach (var rune in line.EnumerateRunes())
        {
            var size = rune.Utf8SequenceLength;
            if (octets + size > limit)
            {
                text.Append("\r\n ");
                octets = 0;
                limit = MaxOctets - 1; // The leading space of a continuation line counts.
            }

            text.Append(rune.ToString());
            octets += size;
        }

        text.Append("\r\n");
    }
}
