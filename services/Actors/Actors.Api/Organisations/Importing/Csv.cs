using System.Text;
using SocialTech.BuildingBlocks.Http;

namespace SocialTech.Actors.Organisations.Importing;

/// <summary>One record of a CSV file: its fields, the line it starts on (the header is line 1), and what is wrong with its syntax.</summary>
public sealed record CsvRecord(int Line, IReadOnlyList<string> Fields, string? SyntaxError);

/// <summary>
/// RFC 4180 as spreadsheets write it: fields in double quotes may hold separators, newlines and doubled quotes;
/// lines end with CRLF, LF or CR. A quote inside an unquoted field is taken as text, as spreadsheets do.
/// </summary>
public static class Csv
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // French Excel saves "CSV (séparateur : point-virgule)" in Windows-1252, not Latin-1 (€, œ and ’ differ). The
    // code page ships in the shared framework (System.Text.Encoding.CodePages); it is taken from the provider
    // directly rather than registered, so no other code's Encoding.GetEncoding changes behaviour.
    private static readonly Encoding Windows1252 = CodePagesEncodingProvider.Instance.GetEncoding(1252)!;

    /// <summary>
    /// UTF-8 (a BOM is dropped) when the bytes are valid UTF-8, Windows-1252 otherwise: a Windows-1252 file with
    /// accented letters is almost never valid UTF-8, so the check tells them apart without a declared charset.
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
    /// <c>;</c> or <c>,</c>, whichever the header line holds more of outside quotes: French spreadsheets write
    /// <c>;</c> (the comma is their decimal mark), others <c>,</c>. Header names hold neither.
    /// </summary>
    public static char DetectSeparator(string text)
    {
        int semicolons = 0, commas = 0;
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
            else if (!quoted && c == ';')
            {
                semicolons++;
            }
            else if (!quoted && c == ',')
            {
                commas++;
            }
        }

        return commas > semicolons ? ',' : ';';
    }

    /// <summary>
    /// The records of <paramref name="text"/>, blank lines left out. A stray character after a closing quote spoils
    /// only its record (<see cref="CsvRecord.SyntaxError"/>); a quote that never closes would swallow every line
    /// after it, so it refuses the whole file (400) when the enumeration reaches the end.
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
                if (!IsBlank(fields))
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
            else if (c == '"' && field.Length == 0 && !afterClosingQuote)
            {
                quoted = true;
                quoteLine = line;
            }
            else if (afterClosingQuote && c is ' ' or '\t')
            {
                // Padding after a closing quote, as some exports align columns: not part of the value.
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
                $"Line {quoteLine}: a quoted field opens and never closes, so every line after it would be read into it. Close the quote (and double any quote inside it).",
                new Dictionary<string, object?> { ["line"] = quoteLine });
        }

        fields.Add(field.ToString());
        if (!IsBlank(fields))
        {
            yield return new CsvRecord(recordLine, fields, error);
        }
    }

    /// <summary>An empty line, or a row of empty cells as spreadsheets write below the data (<c>;;;;</c>).</summary>
    private static bool IsBlank(List<string> fields) => fields.TrueForAll(string.IsNullOrWhiteSpace);
}
