using System.Text.Json.Serialization;

namespace SocialTech.Actors.Organisations.Importing;

/// <summary>What an import did, row by row, in file order.</summary>
/// <param name="Encoding">How the bytes were read: <c>utf-8</c>, or <c>windows-1252</c> when they were not valid UTF-8.</param>
/// <param name="Separator"><c>;</c> or <c>,</c>, as detected on the header line.</param>
/// <param name="IgnoredColumns">Header names that are not import columns: their cells were not read.</param>
public sealed record ImportReport(ImportTotals Totals, string Encoding, string Separator, IReadOnlyList<string> IgnoredColumns, IReadOnlyList<ImportRowReport> Rows);

public sealed record ImportTotals(int Rows, int Created, int Duplicate, int Invalid);

/// <param name="Row">The line of the file the row starts on (the header is line 1).</param>
/// <param name="Status"><c>created</c>, <c>duplicate</c> or <c>invalid</c>.</param>
/// <param name="ActorId">The actor the row created.</param>
/// <param name="Existing">For a duplicate, the actor already registered, as a link.</param>
/// <param name="Identifier">For a duplicate found by its SIREN or RNA, that identifier (<c>siren:443061841</c>);
/// absent when a row without identifier matched an earlier import of the same name in the same commune.</param>
/// <param name="Errors">For an invalid row, messages by column (<c>row</c> for the row's syntax).</param>
public sealed record ImportRowReport(
    int Row,
    string Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Guid? ActorId = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Existing = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Identifier = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, string[]>? Errors = null)
{
    public const string Created = "created";
    public const string Duplicate = "duplicate";
    public const string Invalid = "invalid";
}
