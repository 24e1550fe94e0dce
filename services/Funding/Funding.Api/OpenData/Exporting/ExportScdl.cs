using SocialTech.Funding.Flows.Querying;
using SocialTech.BuildingBlocks.Identifiers;
using SocialTech.BuildingBlocks.Text;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.Actors.Directory;
using SocialTech.Actors.Territories;
using SocialTech.Funding.OpenData.Scdl;

namespace SocialTech.Funding.OpenData.Exporting;

/// <summary>
/// <c>GET /api/funding/exports/scdl</c>: the grants of a flow query as an SCDL Subventions 2.1.1 file, one row per
/// grant and funder (SCDL names one attributing authority per row), columns in the schema's order, <c>;</c>-separated,
/// UTF-8 with a BOM so that spreadsheets read the accents. A row the schema would refuse (a funder without SIRET, a
/// recipient with neither SIRET nor RNA…) is left out, never written invalid: the response counts them in
/// <see cref="OmittedRowsHeader"/>, and <c>GET /api/funding/exports/scdl/report</c> lists them with the reason.
/// </summary>
public static partial class ExportScdl
{
    public const char Separator = ';';

    /// <summary>Grants are paid in money here: the platform records no aid in kind.</summary>
    public const string Nature = "aide en numéraire";

    /// <summary>Rows written, beside the file (a spreadsheet shows the rows, not what is missing).</summary>
    public const string ExportedRowsHeader = "X-Scdl-Exported-Rows";

    /// <summary>Rows left out because the schema would refuse them; their list is the report route's answer.</summary>
    public const string OmittedRowsHeader = "X-Scdl-Omitted-Rows";

    /// <summary>SCDL's <c>objet</c> and <c>conditionsVersement</c> are at most 256 characters.</summary>
    private const int MaxText = 256;

    public static async Task<FileContentHttpResult> Handle(
        HttpResponse response, IQuerySession session, TerritoryReferential referential, [AsParameters] FlowFilters filters, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(response);
        var scope = ExportScope.Parse(referential, filters);
        var set = await ExportSet.LoadAsync(session, scope, ct);
        var export = Write(set);
        response.Headers[ExportedRowsHeader] = export.Rows.ToString(CultureInfo.InvariantCulture);
        response.Headers[OmittedRowsHeader] = export.Omitted.Count.ToString(CultureInfo.InvariantCulture);
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(export.Csv)).ToArray();
        return TypedResults.File(bytes, "text/csv; charset=utf-8", "subventions.csv");
    }

    /// <summary><c>GET /api/funding/exports/scdl/report</c>: what the same query's file holds, and each row it leaves out with the reason.</summary>
    public static async Task<Ok<ScdlExportReport>> Report(
        IQuerySession session, TerritoryReferential referential, [AsParameters] FlowFilters filters, CancellationToken ct)
    {
        var scope = ExportScope.Parse(referential, filters);
        var export = Write(await ExportSet.LoadAsync(session, scope, ct));
        var byColumn = export.Omitted.SelectMany(o => o.Reasons.Keys).GroupBy(c => c, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return TypedResults.Ok(new ScdlExportReport(export.Rows, export.Amount, export.Omitted.Count, export.Omitted.Sum(o => o.Montant), byColumn, export.Omitted));
    }

    /// <summary>The file's text (a header of the 2.1.1 field names, then a row per grant and funder the schema accepts) and the rows left out.</summary>
    public static ScdlExport Write(ExportSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        var csv = new StringBuilder();
        var omitted = new List<ScdlOmittedRow>();
        var (rows, amount) = (0, 0m);
        csv.AppendJoin(Separator, ScdlColumns.All).Append("\r\n");
        foreach (var exported in set.Grants)
        {
            var grant = exported.Grant;
            var recipient = set.Actors.GetValueOrDefault(grant.Terms.Recipient.ActorId);
            var programme = grant.Terms.ProgrammeId is { } p ? set.Programmes.GetValueOrDefault(p)?.Terms.Name : null;
            var period = grant.Terms.PlannedEnd == grant.Terms.PlannedStart
                ? Iso(grant.Terms.PlannedStart)
                : $"{Iso(grant.Terms.PlannedStart)}/{Iso(grant.Terms.PlannedEnd)}";
            // The schema's idBeneficiaire is a SIRET (its custom check), rnaBeneficiaire W + 9 digits: an identifier
            // of another shape (a SIREN alone, a Corsican W2A… RNA) is not written, and one of the two must remain.
            var recipientSiret = Siret(recipient?.Identifiers.Siret);
            var recipientRna = recipient?.Identifiers.Rna is { } rna && SchemaRna().IsMatch(rna) ? rna : null;
            foreach (var funder in exported.Funders)
            {
                var attribuant = set.Actors.GetValueOrDefault(funder.FunderId);
                var funderSiret = Siret(attribuant?.Identifiers.Siret);
                var reasons = new Dictionary<string, string>(StringComparer.Ordinal);
                if (attribuant is null)
                {
                    reasons[ScdlColumns.NomAttribuant] = $"the funder {funder.FunderId} is not in Funding's actor directory.";
                }

                if (funderSiret is null)
                {
                    reasons[ScdlColumns.IdAttribuant] = attribuant?.Identifiers.Siret is { } bad
                        ? $"the funder's SIRET '{bad}' is not a valid SIRET (14 digits, check digit)."
                        : "the funder has no SIRET (the schema requires one): register it in Actors.";
                }

                if (recipient is null)
                {
                    reasons[ScdlColumns.NomBeneficiaire] = $"the recipient {grant.Terms.Recipient.ActorId} is not in Funding's actor directory.";
                }

                if (recipientSiret is null && recipientRna is null)
                {
                    reasons[ScdlColumns.IdBeneficiaire] =
                        "the recipient has neither a SIRET nor an RNA number of the form W + 9 digits (the schema requires one of them): register it in Actors.";
                }

                if (grant.DecisionDate is null)
                {
                    reasons[ScdlColumns.DateConvention] = "the grant has no decision date.";
                }

                if (string.IsNullOrWhiteSpace(grant.Terms.Purpose))
                {
                    reasons[ScdlColumns.Objet] = "the grant has no purpose.";
                }

                if (funder.Awarded <= 0)
                {
                    reasons[ScdlColumns.Montant] = "the funder awarded nothing in scope.";
                }

                if (reasons.Count > 0)
                {
                    omitted.Add(new ScdlOmittedRow(grant.Id, funder.FunderId, attribuant?.Name, recipient?.Name, funder.Awarded, reasons));
                    continue;
                }

                // Text cells (names, purpose, payment terms, programme) are neutralised against formulas; the amount,
                // dates, ids and identifiers are written as they are, so that a number stays a number.
                string[] cells =
                [
                    Text(attribuant!.Name),
                    Value(funderSiret),
                    Value(Iso(grant.DecisionDate!.Value)),
                    Value(grant.Id.ToString()),
                    Text(recipient!.Name),
                    Value(recipientSiret),
                    Value(recipientRna),
                    Text(grant.Terms.Purpose, MaxText),
                    Value(funder.Awarded.ToString("0.00", CultureInfo.InvariantCulture)),
                    Text(Nature),
                    Text(grant.Terms.PaymentTerms is { Length: > 0 } terms && !string.IsNullOrWhiteSpace(terms) ? terms : "non précisées", MaxText),
                    Value(period),
                    Value(null),
                    Value("non"),
                    Value("1"),
                    Text(programme),
                ];
                csv.AppendJoin(Separator, cells).Append("\r\n");
                rows++;
                amount += funder.Awarded;
            }
        }

        return new ScdlExport(csv.ToString(), rows, amount, omitted);
    }

    private static string? Siret(string? siret) => siret is not null && SireneNumbers.IsValidSiret(siret) ? siret : null;

    /// <summary>A text cell: on one line, cut to <paramref name="max"/> characters counting the quote that neutralises a formula.</summary>
    private static string Text(string? text, int? max = null)
    {
        var flat = Flat(text)?.Trim();
        if (flat is not null && max is { } limit)
        {
            // Csv.TextField puts a quote before what a spreadsheet would run as a formula: the schema counts it too.
            var neutralised = flat.Length > 0 && flat[0] is '=' or '+' or '-' or '@' or '\t' or '\r';
            flat = Cut(flat, neutralised ? limit - 1 : limit);
        }

        return Csv.TextField(flat, Separator);
    }

    private static string Value(string? value) => Csv.Field(Flat(value), Separator);

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>At most <paramref name="max"/> characters (Unicode code points, as the schema's validators count), never half of one.</summary>
    private static string Cut(string text, int max)
    {
        var runes = text.EnumerateRunes().ToArray();
        return runes.Length <= max ? text : string.Concat(runes.Take(max - 1).Select(r => r.ToString())) + "…";
    }

    /// <summary>Line breaks are legal inside a quoted cell, but many SCDL readers take a line for a row: spaces instead.</summary>
    private static string? Flat(string? text) => text?.ReplaceLineEndings(" ");

    [GeneratedRegex(@"^W\d{9}$", RegexOptions.CultureInvariant)]
    private static partial Regex SchemaRna();
}

/// <summary>An SCDL export: the file's text, its rows and their money, and the rows left out.</summary>
public sealed record ScdlExport(string Csv, int Rows, decimal Amount, IReadOnlyList<ScdlOmittedRow> Omitted);

/// <summary>A grant's row for one funder that the SCDL schema would refuse, so not written.</summary>
/// <param name="Funder">The funder's name (null when the directory does not hold it).</param>
/// <param name="Recipient">The recipient's name (null when the directory does not hold it).</param>
/// <param name="Montant">The funder's part in scope, which the file therefore lacks.</param>
/// <param name="Reasons">Why, by the SCDL column that could not be filled.</param>
public sealed record ScdlOmittedRow(Guid GrantId, Guid FunderId, string? Funder, string? Recipient, decimal Montant, IReadOnlyDictionary<string, string> Reasons);

/// <summary>What an SCDL export of a flow query holds and leaves out (docs/open-data.md).</summary>
/// <param name="ExportedRows">Rows in the file (one per grant and funder).</param>
/// <param name="ExportedAmount">Their <c>montant</c>s added up.</param>
/// <param name="OmittedRows">Rows left out because the schema would refuse them.</param>
/// <param name="OmittedAmount">Their money, which the file lacks.</param>
/// <param name="OmittedByColumn">How many rows each column made fail (a row may count under several).</param>
/// <param name="Omitted">The rows left out, each with its reasons.</param>
public sealed record ScdlExportReport(
    int ExportedRows, decimal ExportedAmount, int OmittedRows, decimal OmittedAmount, IReadOnlyDictionary<string, int> OmittedByColumn, IReadOnlyList<ScdlOmittedRow> Omitted);
