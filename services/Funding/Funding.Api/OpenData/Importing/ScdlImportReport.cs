using System.Text.Json.Serialization;

namespace SocialTech.Funding.OpenData.Importing;

/// <summary>What an SCDL import did, row by row, in file order (docs/open-data.md).</summary>
/// <param name="Encoding">How the bytes were read: <c>utf-8</c>, or <c>windows-1252</c> when they were not valid UTF-8.</param>
/// <param name="Separator"><c>;</c>, <c>,</c> or a tab, as detected on the header line.</param>
/// <param name="Columns">Each header cell the import read, with the SCDL 2.1.1 column it was read as.</param>
/// <param name="IgnoredColumns">Header cells that name no SCDL column: their cells were not read.</param>
/// <param name="RegisteredActors">Organisations Funding did not know, registered with the Actors service by this import.</param>
public sealed record ScdlImportReport(
    ScdlImportTotals Totals,
    string Encoding,
    string Separator,
    IReadOnlyDictionary<string, string> Columns,
    IReadOnlyList<string> IgnoredColumns,
    IReadOnlyList<RegisteredActor> RegisteredActors,
    IReadOnlyList<ScdlRowReport> Rows);

/// <param name="Amount">The money of the rows created, in euros.</param>
public sealed record ScdlImportTotals(int Rows, int Created, int Duplicate, int Invalid, int Deferred, decimal Amount);

/// <param name="Role"><c>funder</c> or <c>recipient</c>.</param>
/// <param name="Identifier"><c>siren:…</c> or <c>rna:…</c>.</param>
/// <param name="HeadOfficeCommune">The head office it was registered with, and where that came from (<c>HeadOfficeSource</c>):
/// <c>siren</c> (the commune whose SIREN it is, in the referential's table, or a département's chef-lieu), <c>parameter</c> (the request's
/// <c>headOfficeCommune</c>), <c>funder</c> (the attributing authority's head office: SCDL does not say where a
/// recipient is, correct it in Actors).</param>
public sealed record RegisteredActor(Guid ActorId, string Role, string Name, string Identifier, string HeadOfficeCommune, string HeadOfficeSource);

/// <param name="Row">The line of the file the row starts on (the header is line 1).</param>
/// <param name="Status"><c>created</c>, <c>duplicate</c>, <c>invalid</c>, or <c>deferred</c> (valid, but its funder or
/// recipient had not reached Funding's directory in time, or Actors could not be reached: send the file again).</param>
/// <param name="GrantId">The grant the row created.</param>
/// <param name="Existing">For a duplicate, the grant already imported (by an earlier import, or an earlier row), as a link.</param>
/// <param name="Errors">For an invalid or deferred row, messages by SCDL column (<c>row</c> for its syntax).</param>
/// <param name="Warnings">What was read with a guess or left out (free text in a period, a restored leading zero…), by column.</param>
public sealed record ScdlRowReport(
    int Row,
    string Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Guid? GrantId = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Existing = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, string[]>? Errors = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, string[]>? Warnings = null)
{
    public const string Created = "created";
    public const string Duplicate = "duplicate";
    public const string Invalid = "invalid";
    public const string Deferred = "deferred";
}
