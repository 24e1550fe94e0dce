using System.Globalization;
using SocialTech.Funding.OpenData.Scdl;
using static SocialTech.Funding.OpenData.Scdl.ScdlColumns;

namespace SocialTech.Funding.OpenData.Importing;

/// <summary>An organisation a row names: its name as written and its identifier.</summary>
public sealed record ScdlOrganisation(string Name, OrganisationId Id);

/// <summary>A row read as a grant, before its funder and recipient are found in the directory.</summary>
/// <param name="NaturalKey">What makes the row the same grant when the file is sent again: the attributing authority,
/// the decision's reference and date, the recipient and the amount. It derives the grant's id.</param>
/// <param name="Amount">What this recipient receives: <c>montant</c> × <c>pourcentageSubvention</c>, in cents.</param>
public sealed record ScdlLine(
    int Line,
    ScdlOrganisation Funder,
    ScdlOrganisation Recipient,
    decimal Amount,
    DateOnly DecisionDate,
    DateOnly PlannedStart,
    DateOnly PlannedEnd,
    string Purpose,
    string? PaymentTerms,
    string? Reference,
    string NaturalKey,
    IReadOnlyDictionary<string, string[]> Warnings);

/// <summary>A row decided: a line to import, or its errors by column (<c>row</c> for its syntax).</summary>
public sealed record ScdlDecision(int Line, ScdlLine? Grant, IReadOnlyDictionary<string, string[]>? Errors, IReadOnlyDictionary<string, string[]> Warnings);

public static class ScdlLines
{
    /// <summary>Grants record a purpose of at most 1000 characters; longer <c>objet</c> cells are cut, with a warning.</summary>
    private const int MaxPurpose = 1000;

    /// <summary>Reads one row, pure: every value the row holds is checked, and every problem reported against its column.</summary>
    public static ScdlDecision Decide(ScdlRow row, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(row);
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var warnings = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var repair in row.Repairs)
        {
            Add(warnings, repair.Column, repair.Message);
        }

        if (row.SyntaxError is { } syntax)
        {
            Add(errors, "row", syntax);
            foreach (var column in row.SyntaxColumns ?? [])
            {
                Add(errors, column.Column, column.Message);
            }

            return Done(row.Line, null, errors, warnings);
        }

        var funderName = Required(row, NomAttribuant, errors);
        var funderId = Organisation(row, IdAttribuant, errors, warnings, required: true);

        // SCDL 1.x files were sometimes written with the beneficiary's name and SIRET in each other's column.
        var (recipientName, recipientCell) = (row[NomBeneficiaire], row[IdBeneficiaire]);
        if (recipientName is not null && recipientCell is not null
            && ScdlValues.Identifier(recipientName).Value is not null && ScdlValues.Identifier(recipientCell).Value is null)
        {
            (recipientName, recipientCell) = (recipientCell, recipientName);
            Add(warnings, IdBeneficiaire, $"{IdBeneficiaire} and {NomBeneficiaire} were swapped; read the other way round.");
        }

        if (recipientName is null)
        {
            Add(errors, NomBeneficiaire, "is required.");
        }

        OrganisationId? recipientId = null;
        if (recipientCell is not null)
        {
            var (value, error, warning) = ScdlValues.Identifier(recipientCell);
            Report(IdBeneficiaire, error, warning, errors, warnings);
            recipientId = value;
        }

        if (row[RnaBeneficiaire] is { } rnaCell)
        {
            if (ScdlValues.Rna(rnaCell) is { } rna)
            {
                recipientId = (recipientId ?? new OrganisationId(null, null, null)) with { Rna = rna };
            }
            else
            {
                Add(errors, RnaBeneficiaire, $"'{rnaCell}' is not an RNA number: W followed by 9 digits, e.g. W491012345.");
            }
        }

        if (recipientId is null && !errors.ContainsKey(IdBeneficiaire) && !errors.ContainsKey(RnaBeneficiaire))
        {
            Add(errors, IdBeneficiaire, $"one of {IdBeneficiaire} (SIRET) or {RnaBeneficiaire} (RNA) is required to know who received the grant.");
        }

        DateOnly? decided = null;
        if (Required(row, DateConvention, errors) is { } dateCell)
        {
            decided = ScdlValues.Date(dateCell);
            if (decided is null)
            {
                Add(errors, DateConvention, $"'{dateCell}' is not a date: write YYYY-MM-DD (or DD/MM/YYYY).");
            }
            else if (decided > today)
            {
                Add(errors, DateConvention, $"'{dateCell}' is in the future.");
                decided = null;
            }
        }

        decimal? amount = null;
        if (Required(row, Montant, errors) is { } amountCell)
        {
            var (value, error) = ScdlValues.Amount(amountCell);
            Report(Montant, error, null, errors, warnings);
            amount = value;
        }

        if (row[PourcentageSubvention] is { } shareCell && amount is { } total)
        {
            var (share, error) = ScdlValues.Share(shareCell);
            Report(PourcentageSubvention, error, null, errors, warnings);
            if (share is { } s and < 1m)
            {
                // montant is the subsidy before it is split between beneficiaries; this one receives its share.
                amount = decimal.Round(total * s, 2, MidpointRounding.AwayFromZero);
                Add(warnings, PourcentageSubvention, $"{s.ToString(CultureInfo.InvariantCulture)} of {total.ToString(CultureInfo.InvariantCulture)}: this beneficiary receives {amount.Value.ToString(CultureInfo.InvariantCulture)}.");
            }
        }

        var purpose = Required(row, Objet, errors);
        if (purpose is { Length: > MaxPurpose })
        {
            Add(warnings, Objet, $"is {purpose.Length} characters long; cut to {MaxPurpose}.");
            purpose = purpose[..MaxPurpose];
        }

        DateOnly? start = null, end = null;
        if (row[DatesPeriodeVersement] is { } periodCell)
        {
            string? warning;
            (start, end, warning) = ScdlValues.Period(periodCell);
            Report(DatesPeriodeVersement, null, warning, errors, warnings);
        }

        if (errors.Count > 0)
        {
            return Done(row.Line, null, errors, warnings);
        }

        // Without a payment period the grant runs from its decision; an end before its start is the file's slip.
        var plannedStart = start ?? decided!.Value;
        var plannedEnd = end ?? plannedStart;
        if (plannedEnd < plannedStart)
        {
            Add(warnings, DatesPeriodeVersement, $"ends ({plannedEnd:yyyy-MM-dd}) before it starts ({plannedStart:yyyy-MM-dd}); the end was taken as the start.");
            plannedEnd = plannedStart;
        }

        var reference = row[ReferenceDecision];
        var key = string.Join('|', funderId!.Key, reference ?? "", decided!.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            recipientId!.Key, amount!.Value.ToString("0.00", CultureInfo.InvariantCulture));
        var line = new ScdlLine(row.Line, new ScdlOrganisation(funderName!, funderId), new ScdlOrganisation(recipientName!, recipientId), amount.Value,
            decided.Value, plannedStart, plannedEnd, purpose!, row[ConditionsVersement], reference, key, Freeze(warnings));
        return Done(row.Line, line, errors, warnings);
    }

    private static OrganisationId? Organisation(ScdlRow row, string column, Dictionary<string, List<string>> errors, Dictionary<string, List<string>> warnings, bool required)
    {
        var cell = required ? Required(row, column, errors) : row[column];
        if (cell is null)
        {
            return null;
        }

        var (value, error, warning) = ScdlValues.Identifier(cell);
        Report(column, error, warning, errors, warnings);
        if (value is { Siren: null })
        {
            Add(errors, column, $"'{cell}' is an RNA number; the attributing authority is identified by its SIRET.");
            return null;
        }

        return value;
    }

    private static string? Required(ScdlRow row, string column, Dictionary<string, List<string>> errors)
    {
        var cell = row[column];
        if (cell is null)
        {
            Add(errors, column, "is required.");
        }

        return cell;
    }

    private static void Report(string column, string? error, string? warning, Dictionary<string, List<string>> errors, Dictionary<string, List<string>> warnings)
    {
        if (error is not null)
        {
            Add(errors, column, error);
        }

        if (warning is not null)
        {
            Add(warnings, column, warning);
        }
    }

    private static ScdlDecision Done(int line, ScdlLine? grant, Dictionary<string, List<string>> errors, Dictionary<string, List<string>> warnings) =>
        new(line, grant, errors.Count == 0 ? null : Freeze(errors), Freeze(warnings));

    private static Dictionary<string, string[]> Freeze(Dictionary<string, List<string>> messages) =>
        messages.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);

    private static void Add(Dictionary<string, List<string>> messages, string column, string message)
    {
        if (!messages.TryGetValue(column, out var list))
        {
            messages[column] = list = [];
        }

        list.Add(message);
    }
}
