using SocialTech.Funding.Flows.Querying;
using SocialTech.BuildingBlocks.Text;
using System.Globalization;
using System.Text;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.Actors.Directory;
using SocialTech.Actors.Territories;
using SocialTech.Funding.OpenData.Scdl;

namespace SocialTech.Funding.OpenData.Exporting;

/// <summary>
/// <c>GET /api/funding/exports/scdl</c>: the grants of a flow query as an SCDL Subventions 2.1.1 file, one row per
/// grant and funder (SCDL names one attributing authority per row), columns in the schema's order, <c>;</c>-separated,
/// UTF-8 with a BOM so that spreadsheets read the accents.
/// </summary>
public static class ExportScdl
{
    public const char Separator = ';';

    /// <summary>Grants are paid in money here: the platform records no aid in kind.</summary>
    public const string Nature = "aide en numéraire";

    /// <summary>SCDL's <c>objet</c> and <c>conditionsVersement</c> are at most 256 characters.</summary>
    private const int MaxText = 256;

    public static async Task<FileContentHttpResult> Handle(
        IQuerySession session, TerritoryReferential referential, [AsParameters] FlowFilters filters, CancellationToken ct)
    {
        var scope = ExportScope.Parse(referential, filters);
        var set = await ExportSet.LoadAsync(session, scope, ct);
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(Write(set))).ToArray();
        return TypedResults.File(bytes, "text/csv; charset=utf-8", "subventions.csv");
    }

    /// <summary>The file's text: a header of the 2.1.1 field names, then a row per grant and funder.</summary>
    public static string Write(ExportSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        var csv = new StringBuilder();
        csv.AppendJoin(Separator, ScdlColumns.All).Append("\r\n");
        foreach (var exported in set.Grants)
        {
            var grant = exported.Grant;
            var recipient = set.Actors.GetValueOrDefault(grant.Terms.Recipient.ActorId);
            var programme = grant.Terms.ProgrammeId is { } p ? set.Programmes.GetValueOrDefault(p)?.Terms.Name : null;
            var period = grant.Terms.PlannedEnd == grant.Terms.PlannedStart
                ? Iso(grant.Terms.PlannedStart)
                : $"{Iso(grant.Terms.PlannedStart)}/{Iso(grant.Terms.PlannedEnd)}";
            foreach (var funder in exported.Funders)
            {
                var attribuant = set.Actors.GetValueOrDefault(funder.FunderId);
                // Text cells (names, purpose, payment terms, programme) are neutralised against formulas; the amount,
                // dates, ids and identifiers are written as they are, so that a number stays a number.
                string[] cells =
                [
                    Text(attribuant?.Name ?? funder.FunderId.ToString()),
                    Value(attribuant?.Identifiers.Siret),
                    Value(Iso(grant.DecisionDate!.Value)),
                    Value(grant.Id.ToString()),
                    Text(recipient?.Name ?? grant.Terms.Recipient.ActorId.ToString()),
                    Value(recipient?.Identifiers.Siret),
                    Value(recipient?.Identifiers.Rna),
                    Text(Cut(grant.Terms.Purpose)),
                    Value(funder.Awarded.ToString("0.00", CultureInfo.InvariantCulture)),
                    Text(Nature),
                    Text(Cut(grant.Terms.PaymentTerms ?? "non précisées")),
                    Value(period),
                    Value(null),
                    Value("non"),
                    Value("1"),
                    Text(programme),
                ];
                csv.AppendJoin(Separator, cells).Append("\r\n");
            }
        }

        return csv.ToString();
    }

    private static string Text(string? text) => Csv.TextField(Flat(text), Separator);

    private static string Value(string? value) => Csv.Field(Flat(value), Separator);

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Cut(string text) => text.Length <= MaxText ? text : text[..(MaxText - 1)] + "…";

    /// <summary>Line breaks are legal inside a quoted cell, but many SCDL readers take a line for a row: spaces instead.</summary>
    private static string? Flat(string? text) => text?.ReplaceLineEndings(" ");
}
