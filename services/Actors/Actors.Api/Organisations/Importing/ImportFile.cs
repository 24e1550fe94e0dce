using SocialTech.BuildingBlocks.Text;
using SocialTech.BuildingBlocks.Http;

namespace SocialTech.Actors.Organisations.Importing;

/// <summary>The columns an import file may have (README, "Bulk import"); header names match case-insensitively, in any order.</summary>
public static class ImportColumns
{
    public const string Name = "name";
    public const string Kinds = "kinds";
    public const string HeadOfficeCommune = "head_office_commune";
    public const string Siren = "siren";
    public const string Siret = "siret";
    public const string Rna = "rna";
    public const string LegalCategory = "legal_category";
    public const string Ess = "ess";
    public const string EsusValidFrom = "esus_valid_from";
    public const string EsusValidUntil = "esus_valid_until";
    public const string PlacesOfAction = "places_of_action";
    public const string Website = "website";
    public const string Mailbox = "mailbox";

    public static readonly IReadOnlyList<string> Required = [Name, Kinds, HeadOfficeCommune];

    public static readonly IReadOnlyList<string> All =
        [Name, Kinds, HeadOfficeCommune, Siren, Siret, Rna, LegalCategory, Ess, EsusValidFrom, EsusValidUntil, PlacesOfAction, Website, Mailbox];
}

/// <summary>One data row: the line it starts on, its non-blank cells by column (trimmed), and its syntax error if any.</summary>
public sealed record ImportRow(int Line, IReadOnlyDictionary<string, string> Values, string? SyntaxError)
{
    public string? this[string column] => Values.GetValueOrDefault(column);
}

/// <summary>An import file, read and checked as a whole before any row is imported: a file refused here imports nothing.</summary>
public sealed record ImportFile(string Encoding, char Separator, IReadOnlyList<string> IgnoredColumns, IReadOnlyList<ImportRow> Rows)
{
    public static ImportFile Read(ReadOnlySpan<byte> bytes, int maxRows)
    {
        var (text, encoding) = Csv.Decode(bytes);
        var separator = Csv.DetectSeparator(text);
        using var records = Csv.Read(text, separator).GetEnumerator();
        if (!records.MoveNext())
        {
            throw new ProblemException(StatusCodes.Status400BadRequest, "Empty file",
                $"The file has no header line. Its first line names the columns: {string.Join(", ", ImportColumns.All)}.");
        }

        var header = records.Current.Fields.Select(h => h.Trim()).ToArray();
        var columns = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var ignored = new List<string>();
        for (var index = 0; index < header.Length; index++)
        {
            var known = ImportColumns.All.FirstOrDefault(c => string.Equals(c, header[index], StringComparison.OrdinalIgnoreCase));
            if (known is null)
            {
                // A blank header cell is the trailing separator some exports write, not a column anyone named.
                if (header[index].Length > 0)
                {
                    ignored.Add(header[index]);
                }
            }
            else if (!columns.TryAdd(known, index))
            {
                throw new ProblemException(StatusCodes.Status400BadRequest, "Duplicate column",
                    $"The column {known} appears twice in the header: which one holds the value is ambiguous.",
                    new Dictionary<string, object?> { ["column"] = known });
            }
        }

        var missing = ImportColumns.Required.Where(c => !columns.ContainsKey(c)).ToArray();
        if (missing.Length > 0)
        {
            throw new ProblemException(StatusCodes.Status400BadRequest, "Missing columns",
                $"The header lacks the required column(s) {string.Join(", ", missing)} (separator detected: '{separator}'). Nothing was imported.",
                new Dictionary<string, object?> { ["missingColumns"] = missing });
        }

        var rows = new List<ImportRow>();
        while (records.MoveNext())
        {
            // Counted while reading: a file over the limit is refused before anything is imported.
            if (rows.Count == maxRows)
            {
                throw new ProblemException(StatusCodes.Status400BadRequest, "Too many rows",
                    $"An import takes at most {maxRows} rows; split the file. Nothing was imported.",
                    new Dictionary<string, object?> { ["maxRows"] = maxRows });
            }

            rows.Add(Row(records.Current, header.Length, columns));
        }

        return new ImportFile(encoding, separator, ignored, rows);
    }

    private static ImportRow Row(CsvRecord record, int width, Dictionary<string, int> columns)
    {
        // A missing or extra separator shifts every later cell into the wrong column: better refuse the row than
        // import a SIREN as a legal category.
        var error = record.SyntaxError ?? (record.Fields.Count == width
            ? null
            : $"has {record.Fields.Count} fields where the header has {width}; a value holding the separator must be in double quotes.");
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (column, index) in columns)
        {
            if (index < record.Fields.Count && !string.IsNullOrWhiteSpace(record.Fields[index]))
            {
                values[column] = record.Fields[index].Trim();
            }
        }

        return new ImportRow(record.Line, values, error);
    }
}
