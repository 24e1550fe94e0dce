using System.Text;
using Microsoft.AspNetCore.Http;
using SocialTech.BuildingBlocks.Http;

namespace SocialTech.BuildingBlocks.Text;

/// <summary>One record of a CSV file: its fields, the line it starts on (the header is line 1), and what is wrong with its syntax.</summary>
public sealed record CsvRecord(int Line, IReadOnlyList<string> Fields, string? SyntaxError);

/// <summary>
/// The CSV that French spreadsheets and authorities' portals write: RFC 4180 quoting, CRLF/LF/CR line ends, UTF-8
/// with or without BOM, or Windows-1252; fields in double quotes may hold separators, newlines and doubled quotes.
/// One reader for every import (Actors' organisations, Funding's SCDL files): what one file in the wild teaches it,
/// every import gains.
/// </summary>
public static class Csv
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // Taken from the provider rather than registered, so that no other code's Encoding.GetEncoding changes behaviour.
    private static readonly Encoding Windows1252 = CodePagesEncodingProvider.Instance.GetEncoding(1252)!;

    /// <summary>
    /// UTF-8 when the bytes are valid UTF-8 (a BOM dropped), Windows-1252 otherwise, BOM or not: some portals put a
    /// UTF-8 mark before Windows-1252 text. Latin-1 files read the same way, since Windows-1252 is a superset of
    /// its printable characters.
    /// </summary>
    public static (string Text, string Encoding) Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith(Encoding.UTF8.Preamble))
        {
            bytes = bytes[Encoding.UTF8.Preamble.Length..];
        }

        try
        {
            return (StrictUtf8.GetString(bytes), "utf-8");
        }
        catch (DecoderFallbackException)
        {
            return (Windows1252.GetString(bytes), "windows-1252");
        }
    }

    /// <summary>
    /// <c>;</c>, <c>,</c> or a tab, whichever the header line holds most of outside quotes. SCDL field names hold none
    /// of them, and French titles rarely do.
    /// </summary>
    public static char DetectSeparator(string text)
    {
        var counts = new Dictionary<char, int> { [';'] = 0, [','] = 0, ['\t'] = 0 };
        var quoted = false;
        foreach (var c in text)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && c is '\r' or '\n')
            {
                break;
            }
            else if (!quoted && counts.TryGetValue(c, out var count))
            {
                counts[c] = count + 1;
            }
        }

        return counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key == ';' ? 0 : 1).First().Key;
    }

    /// <summary>
    /// The records of <paramref name="text"/>, blank lines and rows of empty cells left out. Text after a closing
    /// quote spoils only its record; a quote that never closes would swallow every later line, so it refuses the
    /// whole file (400).
    /// </summary>
    public static IEnumerable<CsvRecord> Read(string text, char separator)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        int line = 1, recordLine = 1, quoteLine = 0;
        var quoted = false;
        var afterClosingQuote = false;
        string? error = null;

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var crlf = c == '\r' && i + 1 < text.Length && text[i + 1] == '\n';
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                    afterClosingQuote = true;
                }
                else
                {
                    if (c == '\n' || (c == '\r' && !crlf))
                    {
                        line++;
                    }

                    field.Append(c);
                }
            }
            else if (c == separator)
            {
                fields.Add(field.ToString());
                field.Clear();
                afterClosingQuote = false;
            }
            else if (c is '\r' or '\n')
            {
                fields.Add(field.ToString());
                if (!fields.TrueForAll(string.IsNullOrWhiteSpace))
                {
                    yield return new CsvRecord(recordLine, fields, error);
                }

                fields = [];
                field.Clear();
                afterClosingQuote = false;
                error = null;
                i += crlf ? 1 : 0;
                recordLine = ++line;
            }
            else if (c == '"' && field.ToString().Trim().Length == 0 && !afterClosingQuote)
            {
                // Spaces before an opening quote are alignment, not content.
                field.Clear();
                quoted = true;
                quoteLine = line;
            }
            else if (afterClosingQuote && c is ' ' or '\t')
            {
                // Padding after a closing quote, as some exports align columns.
            }
            else
            {
                if (afterClosingQuote)
                {
                    error ??= $"field {fields.Count + 1} has text after its closing quote; inside a quoted field, write a quote as two (\"\").";
                }

                field.Append(c);
            }
        }

        if (quoted)
        {
            throw new ProblemException(StatusCodes.Status400BadRequest, "Malformed CSV",
                $"Line {quoteLine}: a quoted field opens and never closes, so every line after it would be read into it. Close the quote (and double any quote inside it). Nothing was imported.",
                new Dictionary<string, object?> { ["line"] = quoteLine });
        }

        fields.Add(field.ToString());
        if (!fields.TrueForAll(string.IsNullOrWhiteSpace))
        {
            yield return new CsvRecord(recordLine, fields, error);
        }
    }

    /// <summary>
    /// A text cell (a name, a purpose, a programme…) of a CSV the platform writes: <see cref="Field"/> after a leading
    /// single quote when the text starts with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, a tab or a carriage return, which a
    /// spreadsheet would run as a formula (CSV injection, OWASP's rule): a recipient named <c>=HYPERLINK(…)</c> must
    /// read as its name, not open a link. Numbers, dates and identifiers go through <see cref="Field"/>, so that a
    /// negative amount stays a number.
    /// </summary>
    public static string TextField(string? value, char separator) =>
        Field(!string.IsNullOrEmpty(value) && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value, separator);

    /// <summary>A CSV field as RFC 4180 wants it: quoted when it holds the separator, a quote or a line break.</summary>
    public static string Field(string? value, char separator)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        return value.IndexOfAny([separator, '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
