using System.Text.Json;

namespace SocialTech.Testing;

/// <summary>Reading Funding's SCDL import report in tests.</summary>
public static class ScdlReports
{
    /// <summary>The report's totals: rows read, grants created, duplicates, invalid rows, rows deferred.</summary>
    public static (int Rows, int Created, int Duplicate, int Invalid, int Deferred) Totals(JsonElement report)
    {
        var t = report.GetProperty("totals");
        return (t.GetProperty("rows").GetInt32(), t.GetProperty("created").GetInt32(), t.GetProperty("duplicate").GetInt32(),
            t.GetProperty("invalid").GetInt32(), t.GetProperty("deferred").GetInt32());
    }
}
