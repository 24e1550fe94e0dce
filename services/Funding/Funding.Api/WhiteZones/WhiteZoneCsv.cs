using System.Globalization;
using System.Text;
using SocialTech.BuildingBlocks.Http;
using SocialTech.BuildingBlocks.Text;

namespace SocialTech.Funding.WhiteZones;

/// <summary>
/// White-zone lists as CSV, asked by <c>format=csv</c> or <c>Accept: text/csv</c>: <c>;</c>-separated, UTF-8 with a
/// BOM so that spreadsheets read the accents, headers in French. Text cells (names) go through
/// <see cref="Csv.TextField"/>, which quotes separators and neutralises a leading <c>=</c>, <c>+</c>, <c>-</c> or
/// <c>@</c> (CSV injection), and so do codes (<see cref="Value"/>); numbers and dates through <see cref="Csv.Field"/>, so
/// that a negative number stays a number.
/// </summary>
public static class WhiteZoneCsv
{
    public const char Separator = ';';

    /// <summary>Whether the caller asked for CSV; <c>format</c> other than <c>csv</c> or <c>json</c> is a 400.</summary>
    public static bool Wanted(Validation validation, HttpRequest request, string? format)
    {
        ArgumentNullException.ThrowIfNull(validation);
        ArgumentNullException.ThrowIfNull(request);
        validation.Check(format is null or "csv" or "json", "format", "must be csv or json (the default; Accept: text/csv asks for CSV too).");
        if (format is not null)
        {
            return format == "csv";
        }

        return request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase));
    }

    public static string Text(string? value) => Csv.TextField(value, Separator);

    /// <summary>
    /// A code (a territory key, an id, a kind, a status), neutralised as text is: codes arrive from other services'
    /// contracts (a label's holder kind from Labelling's), and none that is valid starts with <c>=</c>, <c>+</c>, <c>-</c>
    /// or <c>@</c>, so a well-formed code is written as it is and a hostile one cannot run as a formula.
    /// </summary>
    public static string Value(string? value) => Csv.TextField(value, Separator);

    public static string Number(decimal value) => Csv.Field(value.ToString("0.##", CultureInfo.InvariantCulture), Separator);

    public static string Number(long value) => Csv.Field(value.ToString(CultureInfo.InvariantCulture), Separator);

    public static string Day(DateOnly? day) => Csv.Field(day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Separator);

    public static IResult File(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows, string fileName)
    {
        var csv = new StringBuilder();
        csv.AppendJoin(Separator, headers.Select(Text)).Append("\r\n");
        foreach (var row in rows)
        {
            csv.AppendJoin(Separator, row).Append("\r\n");
        }

        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv.ToString())).ToArray();
        return TypedResults.File(bytes, "text/csv; charset=utf-8", fileName);
    }
}
