using SocialTech.BuildingBlocks.Text;
using SocialTech.BuildingBlocks.Http;
using SocialTech.Funding.OpenData.Scdl;

namespace SocialTech.Funding.OpenData.Importing;

/// <summary>
/// One data row: the line it starts on, its non-blank cells by 2.1.1 column (trimmed), its syntax error (with the
/// columns it concerns) and the repairs made to it, by column.
/// </summary>
public sealed record ScdlRow(int Line, IReadOnlyDictionary<string, string> Values, string? SyntaxError, IReadOnlyList<ScdlRepair> Repairs, IReadOnlyList<ScdlRepair>? SyntaxColumns = null)
{
    public string? this[string column] => Values.GetValueOrDefault(column);
}

/// <summary>An SCDL file, read and checked as a whole before any row is imported: a file refused here imports nothing.</summary>
/// <param name="Columns">How each header cell was read: the 2.1.1 column it maps to, by the header as written.</param>
/// <param name="IgnoredColumns">Header cells that name no SCDL column: their cells are not read.</param>
public sealed record ScdlFile(
    string Encoding, char Separator, IReadOnlyDictionary<string, string> Columns, IReadOnlyList<string> IgnoredColumns, IReadOnlyList<ScdlRow> Rows)
{
    public static ScdlFile Read(ReadOnlySpan<byte> bytes, int maxRows)
    {
        var (text, encoding) = Csv.Decode(bytes);
        var separator = Csv.DetectSeparator(text);
        using var records = Csv.Read(text, separator).GetEnumerator();
        if (!records.MoveNext())
        {
            throw new ProblemException(StatusCodes.Status400BadRequest, "Empty file",
                $"The file has no header line. Its first line names the SCDL columns: {string.Join(", ", ScdlColumns.All)}.");
        }

        var header = records.Current.Fields.Select(h => h.Trim()).ToArray();
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        var mapped = new Dictionary<string, string>(StringComparer.Ordinal);
        var ignored = new List<string>();
        for (var index = 0; index < header.Length; index++)
        {
            if (ScdlColumns.Recognise(header[index]) is not { } column)
            {
                // A blank header cell is the trailing separator some exports write, not a column anyone named.
                if (header[index].Length > 0)
                {
                    ignored.Add(header[index]);
                }
            }
            else if (!columns.TryAdd(column, index))
            {
                throw new ProblemException(StatusCodes.Status400BadRequest, "Duplicate column",
                    $"The header names the column {column} twice ('{header[columns[column]]}' and '{header[index]}'): which one holds the value is ambiguous. Nothing was imported.",
                    new Dictionary<string, object?> { ["column"] = column });
            }
            else
            {
                mapped[header[index]] = column;
            }
        }

        var missing = ScdlColumns.Required.Where(c => !columns.ContainsKey(c)).ToList();
        if (!columns.ContainsKey(ScdlColumns.IdBeneficiaire) && !columns.ContainsKey(ScdlColumns.RnaBeneficiaire))
        {
            missing.Add($"{ScdlColumns.IdBeneficiaire} or {ScdlColumns.RnaBeneficiaire}");
        }

        if (missing.Count > 0)
        {
            throw new ProblemException(StatusCodes.Status400BadRequest, "Missing columns",
                $"The header lacks the SCDL column(s) {string.Join(", ", missing)} (separator detected: '{separator}'). Nothing was imported.",
                new Dictionary<string, object?> { ["missingColumns"] = missing, ["ignoredColumns"] = ignored });
        }

        var rows = new List<ScdlRow>();
        while (records.MoveNext())
        {
            if (rows.Count == maxRows)
            {
                throw new ProblemException(StatusCodes.Status400BadRequest, "Too many rows",
                    $"An import takes at most {maxRows} rows; split the file. Nothing was imported.",
                    new Dictionary<string, object?> { ["maxRows"] = maxRows });
            }

            rows.Add(Row(records.Current, header.Length, columns, separator));
        }

        return new ScdlFile(encoding, separator, mapped, ignored, rows);
    }

    private static ScdlRow Row(CsvRecord record, int width, Dictionary<string, int> columns, char separator)
    {
        // More cells than the header: a separator inside an unquoted value (a French amount left unquoted in a ','
        // file, a comma in a purpose). ShiftedRows gives the cells back to their columns when only one reading fits.
        var columnOf = new string?[width];
        foreach (var (column, index) in columns)
        {
            columnOf[index] = column;
        }

        var aligned = record.SyntaxError is null ? ShiftedRows.Align(record.Fields, columnOf, separator) : null;
        var fields = aligned?.Fields ?? record.Fields;
        var error = record.SyntaxError ?? aligned!.Error;
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (column, index) in columns)
        {
            if (index < fields.Count && !string.IsNullOrWhiteSpace(fields[index]))
            {
                values[column] = fields[index].Trim();
            }
        }

        return new ScdlRow(record.Line, values, error, aligned?.Repairs ?? [], aligned?.ErrorColumns);
    }
}
