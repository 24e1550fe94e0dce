using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace SocialTech.Funding.Tests.OpenData;

/// <summary>
/// A small Frictionless Table Schema checker, enough for SCDL 2.1.1: header names and order, required, types (string,
/// date, number, boolean with its true/false values), pattern, enum, maxLength, minimum/maximum, and the schema's
/// custom checks (SIRET check digit, one of two columns required). Written here, apart from the export's code.
/// </summary>
public static class TableSchema
{
    public static IReadOnlyList<string> Check(string schemaPath, string csv, char separator)
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(schemaPath));
        var fields = schema.RootElement.GetProperty("fields").EnumerateArray().ToArray();
        var records = Parse(csv, separator);
        var errors = new List<string>();
        var header = records[0];
        var names = fields.Select(f => f.GetProperty("name").GetString()!).ToArray();
        if (!header.SequenceEqual(names))
        {
            errors.Add($"header [{string.Join(",", header)}] is not [{string.Join(",", names)}]");
            return errors;
        }

        foreach (var (record, r) in records.Skip(1).Select((x, i) => (x, i + 2)))
        {
            if (record.Count != names.Length)
            {
                errors.Add($"row {r}: {record.Count} cells");
                continue;
            }

            for (var c = 0; c < names.Length; c++)
            {
                var value = record[c];
                var field = fields[c];
                var constraints = field.TryGetProperty("constraints", out var k) ? k : default;
                bool Has(string name, out JsonElement e)
                {
                    e = default;
                    return constraints.ValueKind == JsonValueKind.Object && constraints.TryGetProperty(name, out e);
                }

                if (value.Length == 0)
                {
                    if (Has("required", out var required) && required.GetBoolean())
                    {
                        errors.Add($"row {r}: {names[c]} is required");
                    }

                    continue;
                }

                var type = field.GetProperty("type").GetString();
                var ok = type switch
                {
                    "date" => DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
                    "number" => Regex.IsMatch(value, @"^-?\d+(\.\d+)?$"),
                    "boolean" => Values(field, "trueValues", ["true"]).Concat(Values(field, "falseValues", ["false"])).Contains(value),
                    _ => true,
                };
                if (!ok)
                {
                    errors.Add($"row {r}: {names[c]} '{value}' is not a {type}");
                }

                if (Has("pattern", out var pattern) && !Regex.IsMatch(value, pattern.GetString()!))
                {
                    errors.Add($"row {r}: {names[c]} '{value}' does not match {pattern}");
                }

                if (Has("enum", out var values) && !values.EnumerateArray().Any(v => v.GetString() == value))
                {
                    errors.Add($"row {r}: {names[c]} '{value}' is not in its enum");
                }

                // Frictionless (Python) counts code points.
                if (Has("maxLength", out var max) && value.EnumerateRunes().Count() > max.GetInt32())
                {
                    errors.Add($"row {r}: {names[c]} is longer than {max}");
                }

                if (Has("minimum", out var minimum) && decimal.Parse(value, CultureInfo.InvariantCulture) < minimum.GetDecimal())
                {
                    errors.Add($"row {r}: {names[c]} below {minimum}");
                }

                if (Has("maximum", out var maximum) && decimal.Parse(value, CultureInfo.InvariantCulture) > maximum.GetDecimal())
                {
                    errors.Add($"row {r}: {names[c]} above {maximum}");
                }
            }

            foreach (var check in schema.RootElement.GetProperty("custom_checks").EnumerateArray())
            {
                var parameters = check.GetProperty("params");
                if (check.GetProperty("name").GetString() == "french-siret-value")
                {
                    var column = parameters.GetProperty("column").GetString()!;
                    var value = record[Array.IndexOf(names, column)];
                    if (value.Length > 0 && !FrenchSiret(value))
                    {
                        errors.Add($"row {r}: {column} '{value}' is not a SIRET");
                    }
                }
                else if (check.GetProperty("name").GetString() == "one-of-required")
                {
                    var a = parameters.GetProperty("column1").GetString()!;
                    var b = parameters.GetProperty("column2").GetString()!;
                    if (record[Array.IndexOf(names, a)].Length == 0 && record[Array.IndexOf(names, b)].Length == 0)
                    {
                        errors.Add($"row {r}: one of {a} or {b} is required");
                    }
                }
                else
                {
                    errors.Add($"unknown custom check {check}");
                }
            }
        }

        return errors;
    }

    /// <summary>RFC 4180 records, with quoted fields.</summary>
    public static List<List<string>> Parse(string csv, char separator)
    {
        var records = new List<List<string>>();
        var record = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < csv.Length; i++)
        {
            var c = csv[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < csv.Length && csv[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == separator)
            {
                record.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\n')
            {
                record.Add(field.ToString().TrimEnd('\r'));
                field.Clear();
                records.Add(record);
                record = [];
            }
            else
            {
                field.Append(c);
            }
        }

        if (field.Length > 0 || record.Count > 0)
        {
            record.Add(field.ToString());
            records.Add(record);
        }

        return records;
    }

    private static IEnumerable<string> Values(JsonElement field, string name, string[] otherwise) =>
        field.TryGetProperty(name, out var values) ? values.EnumerateArray().Select(v => v.GetString()!) : otherwise;

    /// <summary>
    /// The check validata runs (python-stdnum's <c>siret.is_valid</c>): 14 digits, Luhn over the SIRET and over its
    /// SIREN, except La Poste's establishments (SIREN 356000000, head office apart) whose digits add up to a multiple of 5.
    /// </summary>
    private static bool FrenchSiret(string value)
    {
        if (value.Length != 14 || !value.All(char.IsAsciiDigit))
        {
            return false;
        }

        return value.StartsWith("356000000", StringComparison.Ordinal) && value != "35600000000048"
            ? value.Sum(c => c - '0') % 5 == 0
            : Luhn(value) && Luhn(value[..9]);
    }

    private static bool Luhn(string digits)
    {
        if (!digits.All(char.IsAsciiDigit))
        {
            return false;
        }

        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = digits[digits.Length - 1 - i] - '0';
            sum += i % 2 == 1 ? (d * 2 > 9 ? (d * 2) - 9 : d * 2) : d;
        }

        return sum % 10 == 0;
    }
}
