using SocialTech.BuildingBlocks.Identifiers;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace SocialTech.Funding.OpenData.Scdl;

/// <summary>An identifier read from a cell: a SIRET (and its SIREN), a SIREN alone, or an RNA number.</summary>
public sealed record OrganisationId(string? Siret, string? Siren, string? Rna)
{
    /// <summary>The key the organisation is known by: its SIREN when it has one (a SIRET names one establishment), else its RNA.</summary>
    public string Key => Siren is not null ? "siren:" + Siren : "rna:" + Rna;
}

/// <summary>
/// Reads the values SCDL files hold as authorities really write them. Each reader answers the value, or null with a
/// message saying what is wrong, or a value and a warning when it had to guess (a lost leading zero restored).
/// </summary>
public static partial class ScdlValues
{
    private static readonly string[] DateFormats =
        ["yyyy-MM-dd", "dd/MM/yyyy", "d/M/yyyy", "yyyy/MM/dd", "dd-MM-yyyy", "dd.MM.yyyy", "yyyy-M-d", "yyyyMMdd"];

    /// <summary>
    /// An amount in euros: <c>25000</c>, <c>25000.00</c>, <c>25 000,00</c>, <c>25.000,00</c>, <c>25,000.00</c>,
    /// <c>25 000 €</c>. With both marks the last one is the decimal mark; a lone mark followed by exactly three digits
    /// is still read as decimal, as French files mean <c>1,500</c> as one and a half.
    /// </summary>
    public static (decimal? Value, string? Error) Amount(string raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        var text = new StringBuilder();
        foreach (var c in raw.Replace("EUR", "", StringComparison.OrdinalIgnoreCase).Replace("euros", "", StringComparison.OrdinalIgnoreCase))
        {
            if (!char.IsWhiteSpace(c) && c is not '€' and not '\'' and not '\u2019')
            {
                text.Append(c);
            }
        }

        var s = text.ToString();
        if (Scientific().IsMatch(s))
        {
            return (null, $"'{raw}' is in scientific notation: a spreadsheet rounded it; write the amount in full.");
        }

        int comma = s.LastIndexOf(','), dot = s.LastIndexOf('.');
        if (comma >= 0 && dot >= 0)
        {
            s = comma > dot ? s.Replace(".", "", StringComparison.Ordinal).Replace(',', '.') : s.Replace(",", "", StringComparison.Ordinal);
        }
        else if (comma >= 0)
        {
            s = s.Count(c => c == ',') > 1 ? s.Replace(",", "", StringComparison.Ordinal) : s.Replace(',', '.');
        }
        else if (dot >= 0 && s.Count(c => c == '.') > 1)
        {
            s = s.Replace(".", "", StringComparison.Ordinal);
        }

        if (!decimal.TryParse(s, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var amount))
        {
            return (null, $"'{raw}' is not an amount in euros, e.g. 25000.00 or 25 000,00.");
        }

        return amount <= 0 ? (null, $"'{raw}' must be positive.")
            : decimal.Round(amount, 2) != amount ? (null, $"'{raw}' has more than two decimals (cents).")
            : (amount, null);
    }

    /// <summary>A share from 0.01 to 1: <c>1</c>, <c>0.45</c>, <c>0,45</c>; <c>45%</c> and <c>45</c> are read as 0.45.</summary>
    public static (decimal? Value, string? Error) Share(string raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        var percent = raw.Contains('%', StringComparison.Ordinal);
        var s = raw.Replace("%", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal).Replace(',', '.');
        if (!decimal.TryParse(s, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            return (null, $"'{raw}' is not a share, e.g. 1 (all of it) or 0.45.");
        }

        if (percent || value > 1)
        {
            value /= 100m;
        }

        return value is >= 0.01m and <= 1m ? (value, null) : (null, $"'{raw}' must lie between 0.01 and 1 (1%–100%).");
    }

    /// <summary>A date as ISO 8601 (<c>2024-06-01</c>), French (<c>01/06/2024</c>) or <c>2024/06/01</c>; a time after it is dropped.</summary>
    public static DateOnly? Date(string raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        var s = raw.Trim();
        if (s.Length > 10 && s[10] is 'T' or ' ')
        {
            s = s[..10];
        }

        return DateOnly.TryParseExact(s, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;
    }

    /// <summary>
    /// The payment period: <c>2024-01-01/2024-12-31</c>, <c>2024-01-01_2024-12-31</c>, one date, French dates, or
    /// dates mixed with free text (<c>NC/2019-06-30</c>, <c>2018-11-20/fin de l'action</c>): the dates found are kept,
    /// the text is reported as a warning.
    /// </summary>
    public static (DateOnly? Start, DateOnly? End, string? Warning) Period(string raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        var whole = Date(raw);
        if (whole is not null)
        {
            return (whole, whole, null);
        }

        var found = DateToken().Matches(raw).Select(m => (m.Index, Date: Date(m.Value))).Where(m => m.Date is not null).ToArray();
        var rest = DateToken().Replace(raw, "").Trim(' ', '/', '_', '-', ';');
        var warning = rest.Length > 0 ? $"'{raw}': '{rest}' is not a date and was left out." : null;
        return found switch
        {
            [] => (null, null, $"'{raw}' holds no date; the period was taken from the convention date."),
            [var only] when only.Index == 0 => (only.Date, null, warning),
            [var only] => (null, only.Date, warning),
            [var first, var second, ..] => (first.Date, second.Date, warning),
        };
    }

    /// <summary>
    /// A SIRET (14 digits), a SIREN (9) or an RNA number (<c>W</c> + 9), as people write them: with spaces, dots, an
    /// apostrophe a spreadsheet needed to keep it as text, <c>.0</c> after it, or with the leading zero a spreadsheet
    /// dropped (restored when the check digit then holds). Scientific notation lost digits and is refused.
    /// </summary>
    public static (OrganisationId? Value, string? Error, string? Warning) Identifier(string raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        var compact = new string(raw.Where(c => !char.IsWhiteSpace(c) && c is not '\'' and not '\u2019' and not '"' and not '`').ToArray());
        if (Scientific().IsMatch(compact))
        {
            return (null, $"'{raw}' is in scientific notation: a spreadsheet dropped its last digits. Write it as text.", null);
        }

        if (TrailingZeroDecimals().Match(compact) is { Success: true } integral)
        {
            compact = integral.Groups[1].Value;
        }

        var s = compact.Replace(".", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).ToUpperInvariant();
        if (s.StartsWith('W'))
        {
            return Rna(s) is { } rna ? (new OrganisationId(null, null, rna), null, null)
                : (null, $"'{raw}' is not an RNA number: W followed by 9 digits, e.g. W491012345.", null);
        }

        if (!s.All(char.IsAsciiDigit))
        {
            return (null, $"'{raw}' is not a SIRET (14 digits) or a SIREN (9 digits).", null);
        }

        string? warning = null;
        if ((s.Length == 13 && IsSiret("0" + s)) || (s.Length == 8 && IsSiren("0" + s)))
        {
            warning = $"'{raw}' lacked its leading zero, as spreadsheets drop it; read as 0{s}.";
            s = "0" + s;
        }

        return s.Length switch
        {
            14 when IsSiret(s) => (new OrganisationId(s, s[..9], null), null, warning),
            9 when IsSiren(s) => (new OrganisationId(null, s, null), null, warning),
            14 => (null, $"'{raw}' is not a valid SIRET: its check digit (Luhn) fails.", null),
            9 => (null, $"'{raw}' is not a valid SIREN: its check digit (Luhn) fails.", null),
            _ => (null, $"'{raw}' has {s.Length} digits: a SIRET has 14, a SIREN 9.", null),
        };
    }

    /// <summary>An RNA number normalised (upper case, no spaces), or null when it is not one.</summary>
    public static string? Rna(string raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        var s = new string(raw.Where(c => !char.IsWhiteSpace(c)).ToArray()).ToUpperInvariant();
        return RnaPattern().IsMatch(s) ? s : null;
    }

    public static bool IsSiret(string s) => SireneNumbers.IsValidSiret(s);

    public static bool IsSiren(string s) => SireneNumbers.IsValidSiren(s);

    [GeneratedRegex(@"^\d+([.,]\d+)?[eE][+]?\d+$", RegexOptions.CultureInvariant)]
    private static partial Regex Scientific();

    [GeneratedRegex(@"^(\d+)\.0+$", RegexOptions.CultureInvariant)]
    private static partial Regex TrailingZeroDecimals();

    // Actors accepts Corsica's 2A/2B after the W; the SCDL schema's own pattern is W + 9 digits.
    [GeneratedRegex(@"^W(?:\d{3}|2[AB]\d)\d{6}$", RegexOptions.CultureInvariant)]
    private static partial Regex RnaPattern();

    [GeneratedRegex(@"\d{4}[-/]\d{1,2}[-/]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{4}", RegexOptions.CultureInvariant)]
    private static partial Regex DateToken();
}
