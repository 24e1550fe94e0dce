using System.Text.RegularExpressions;
using SocialTech.Funding.OpenData.Scdl;
using static SocialTech.Funding.OpenData.Scdl.ScdlColumns;

namespace SocialTech.Funding.OpenData.Importing;

/// <summary>What was repaired in a row, or what is wrong with it, by column.</summary>
public sealed record ScdlRepair(string Column, string Message);

/// <summary>
/// A row with more cells than the header: a separator inside an unquoted value. Most SCDL columns have a shape (a SIRET,
/// a date, an amount, a period, oui/non); the free-text ones (names, purpose, payment terms, reference, programme,
/// columns SCDL does not have) do not. Every way of giving the extra cells back to the columns is tried; the row is
/// read when every placement whose shaped cells fit gives the same values, and refused otherwise, naming the columns
/// the separators could belong to. Nothing is guessed, with one documented exception: a number split at its decimal
/// comma (<c>26 956,00</c>, <c>0,45</c> in a <c>,</c> file) is read as that number rather than as text ending in
/// digits followed by a small number.
/// </summary>
public static partial class ShiftedRows
{
    /// <summary>Beyond this many extra cells a row is not searched (the placements grow combinatorially): it is refused.</summary>
    private const int MaxExtra = 12;

    private const int MaxPlacements = 4096;

    /// <summary>The outcome: the fields to read (null when refused), repairs (warnings by column), or the error and its columns.</summary>
    public sealed record Outcome(IReadOnlyList<string>? Fields, IReadOnlyList<ScdlRepair> Repairs, string? Error, IReadOnlyList<ScdlRepair> ErrorColumns);

    /// <param name="fields">The record's cells as read.</param>
    /// <param name="columnOf">The SCDL column of each header cell (null for a column SCDL does not have).</param>
    public static Outcome Align(IReadOnlyList<string> fields, IReadOnlyList<string?> columnOf, char separator)
    {
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentNullException.ThrowIfNull(columnOf);
        var width = columnOf.Count;
        if (fields.Count <= width)
        {
            return new Outcome(fields, [], null, []);
        }

        // A separator at the end of the line (trailing empty cells) shifts nothing; but it may also be an empty last
        // column after a shifted value, so both readings are tried.
        var trailing = 0;
        while (trailing < fields.Count - width && string.IsNullOrWhiteSpace(fields[fields.Count - 1 - trailing]))
        {
            trailing++;
        }

        var placements = new List<Placement>();
        for (var dropped = 0; dropped <= trailing; dropped++)
        {
            var cells = fields.Take(fields.Count - dropped).ToArray();
            if (cells.Length - width <= MaxExtra)
            {
                Search(cells, columnOf, separator, 0, 0, cells.Length - width, [], placements);
            }
        }

        var extra = fields.Count - width;
        var head = $"has {fields.Count} fields where the header has {width}";
        if (placements.Count == 0)
        {
            return new Outcome(null, [], $"{head}: {extra} separator(s) inside unquoted values, which no reading of the row places without guessing; a value holding the separator must be in double quotes.",
                Broken(fields, columnOf, separator));
        }

        // A decimal comma read as one (see the summary), then the readings must agree on every SCDL column.
        var most = placements.Max(p => p.Numbers);
        var kept = placements.Where(p => p.Numbers == most).ToList();
        var readings = kept.Select(p => Reading(p, columnOf, separator)).Distinct(StringComparer.Ordinal).Count();
        if (readings > 1)
        {
            var disputed = Enumerable.Range(0, width)
                .Where(c => columnOf[c] is not null && kept.Select(p => Value(p.Cells[c], separator)).Distinct(StringComparer.Ordinal).Count() > 1)
                .Select(c => columnOf[c]!).ToArray();
            var message = $"{head}: the {extra} extra separator(s) could belong to {string.Join(" or ", disputed)}; put the value that holds them in double quotes.";
            return new Outcome(null, [], message, disputed.Select(c => new ScdlRepair(c, $"may hold an unquoted separator ({message})")).ToArray());
        }

        // The readings agree; the one that absorbs fewest separators reads trailing ones as the line's end.
        var chosen = kept.MinBy(p => p.Absorbed.Sum())!;
        var repairs = new List<ScdlRepair>();
        for (var c = 0; c < width; c++)
        {
            if (chosen.Absorbed[c] > 0 && columnOf[c] is { } column)
            {
                repairs.Add(new ScdlRepair(column, column is Montant or PourcentageSubvention
                    ? $"'{chosen.Cells[c].Trim()}' was split by the separator; read as one {(column == Montant ? "amount" : "number")}."
                    : $"'{chosen.Cells[c].Trim()}' holds {chosen.Absorbed[c]} unquoted separator(s); the other cells fit their columns only when it is read as one value."));
            }
        }

        return new Outcome(chosen.Cells, repairs, null, []);
    }

    private sealed record Placement(string[] Cells, int[] Absorbed, int Numbers);

    private static void Search(string[] fields, IReadOnlyList<string?> columnOf, char separator, int column, int position, int extra, List<(string Cell, int Absorbed)> taken, List<Placement> found)
    {
        if (found.Count >= MaxPlacements)
        {
            return;
        }

        if (column == columnOf.Count)
        {
            if (extra == 0 && position == fields.Length)
            {
                var numbers = taken.Select((t, c) => t.Absorbed > 0 && columnOf[c] is Montant or PourcentageSubvention ? 1 : 0).Sum();
                found.Add(new Placement(taken.Select(t => t.Cell).ToArray(), taken.Select(t => t.Absorbed).ToArray(), numbers));
            }

            return;
        }

        for (var k = 0; k <= extra; k++)
        {
            var cell = string.Join(separator, fields, position, k + 1);
            if (!Fits(columnOf[column], fields.AsSpan(position, k + 1), cell, separator))
            {
                continue;
            }

            taken.Add((cell, k));
            Search(fields, columnOf, separator, column + 1, position + k + 1, extra - k, taken, found);
            taken.RemoveAt(taken.Count - 1);
        }
    }

    private static bool IsShaped(string? column) =>
        column is IdAttribuant or IdBeneficiaire or RnaBeneficiaire or DateConvention or Montant or Nature or DatesPeriodeVersement or NotificationUe or PourcentageSubvention;

    /// <summary>Whether <paramref name="cell"/> (made of <paramref name="pieces"/>) can be this column's value. Free text fits anything.</summary>
    private static bool Fits(string? column, ReadOnlySpan<string> pieces, string cell, char separator)
    {
        if (!IsShaped(column))
        {
            return true;
        }

        if (pieces.Length > 1)
        {
            // A shaped value holds the separator only as a decimal comma, or as nature's own ';' between its two values.
            return column switch
            {
                Montant => separator == ',' && (FrenchDecimal(pieces) || EnglishGrouping(pieces)) && ScdlValues.Amount(cell).Value is not null,
                PourcentageSubvention => separator == ',' && pieces.Length == 2 && ShareUnits().IsMatch(pieces[0].Trim()) && Cents().IsMatch(pieces[1].Trim())
                    && ScdlValues.Share(cell).Value is not null,
                Nature => separator == ';' && pieces.Length == 2 && IsNature(pieces[0]) && IsNature(pieces[1]),
                _ => false,
            };
        }

        if (string.IsNullOrWhiteSpace(cell))
        {
            return true;
        }

        return column switch
        {
            IdAttribuant or IdBeneficiaire or RnaBeneficiaire => IdentifierLike().IsMatch(Compact(cell)) || ScientificLike().IsMatch(Compact(cell)),
            DateConvention => ScdlValues.Date(cell) is not null,
            Montant => ScdlValues.Amount(cell).Value is not null,
            PourcentageSubvention => ScdlValues.Share(cell).Value is not null,
            Nature => IsNature(cell),
            DatesPeriodeVersement => ScdlValues.Period(cell) is var p && (p.Start is not null || p.End is not null),
            // Not 0 or 1: a share shifted into it would fit.
            NotificationUe => ScdlColumns.Fold(cell) is "oui" or "non" or "o" or "n" or "true" or "false" or "vrai" or "faux" or "yes" or "no",
            _ => true,
        };
    }

    private static bool FrenchDecimal(ReadOnlySpan<string> pieces) =>
        pieces.Length == 2 && FrenchUnits().IsMatch(pieces[0].Trim()) && Cents().IsMatch(pieces[1].Trim());

    private static bool EnglishGrouping(ReadOnlySpan<string> pieces)
    {
        // 1,250,000.00: a decimal point at the end says the commas group thousands; without it (25,000) it is ambiguous.
        if (!ThreeDigitsAtMost().IsMatch(pieces[0].Trim()) || !GroupWithDecimals().IsMatch(pieces[^1].Trim()))
        {
            return false;
        }

        foreach (var middle in pieces[1..^1])
        {
            if (!ThreeDigits().IsMatch(middle.Trim()))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsNature(string cell) => ScdlColumns.Fold(cell) is var f && (f.Contains("numeraire", StringComparison.Ordinal) || f.Contains("nature", StringComparison.Ordinal));

    private static string Compact(string cell) => new(cell.Where(c => !char.IsWhiteSpace(c) && c is not '\'' and not '\u2019' and not '"' and not '`').ToArray());

    /// <summary>What a placement gives the SCDL columns; a cell of separators only is the trailing separator's, empty.</summary>
    private static string Reading(Placement placement, IReadOnlyList<string?> columnOf, char separator) =>
        string.Join('\u001f', placement.Cells.Select((c, i) => columnOf[i] is null ? "" : Value(c, separator)));

    private static string Value(string cell, char separator) => cell.Trim().Trim(separator).Trim();

    /// <summary>
    /// For a row no placement explains: an unquoted amount whose comma may group thousands (<c>25,000</c>), else the
    /// first shaped column that the cells, read in order, do not fit: where the shift shows.
    /// </summary>
    private static IReadOnlyList<ScdlRepair> Broken(IReadOnlyList<string> fields, IReadOnlyList<string?> columnOf, char separator)
    {
        var m = columnOf.ToList().IndexOf(Montant);
        if (separator == ',' && m >= 0 && m + 1 < fields.Count && FrenchUnits().IsMatch(fields[m].Trim()) && ThreeDigits().IsMatch(fields[m + 1].Trim()))
        {
            var (units, rest) = (fields[m].Trim(), fields[m + 1].Trim());
            return [new ScdlRepair(Montant, $"'{units},{rest}' may be an unquoted amount, but its comma could group thousands or mark decimals: write it in double quotes, or as {units}{rest}.00 or {units}.{rest}.")];
        }

        for (var c = 0; c < columnOf.Count; c++)
        {
            if (columnOf[c] is { } column && IsShaped(column) && !Fits(column, new[] { fields[c] }, fields[c], separator))
            {
                return [new ScdlRepair(column, $"'{fields[c].Trim()}' does not fit {column}: either it is wrong, or an unquoted separator before it shifted the row.")];
            }
        }

        return [];
    }

    [GeneratedRegex(@"^[\dW][\d.\-AB]{7,19}$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex IdentifierLike();

    [GeneratedRegex(@"^\d+([.,]\d+)?[eE][+]?\d+$", RegexOptions.CultureInvariant)]
    private static partial Regex ScientificLike();

    [GeneratedRegex(@"^(\d{1,3}([  \u202f.]\d{3})+|\d+)$", RegexOptions.CultureInvariant)]
    private static partial Regex FrenchUnits();

    [GeneratedRegex(@"^\d{1,2}(\s*(€|EUR|euros?))?$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Cents();

    [GeneratedRegex(@"^[01]$", RegexOptions.CultureInvariant)]
    private static partial Regex ShareUnits();

    [GeneratedRegex(@"^\d{1,3}$", RegexOptions.CultureInvariant)]
    private static partial Regex ThreeDigitsAtMost();

    [GeneratedRegex(@"^\d{3}$", RegexOptions.CultureInvariant)]
    private static partial Regex ThreeDigits();

    [GeneratedRegex(@"^\d{3}\.\d{1,2}$", RegexOptions.CultureInvariant)]
    private static partial Regex GroupWithDecimals();
}
