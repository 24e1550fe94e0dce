using Marten;
using SocialTech.Actors.Territories;
using SocialTech.BuildingBlocks.Http;

namespace SocialTech.Funding.Flows.Querying;

/// <summary>What every flow query filters on, checked once: wrong parameters come back as a 400 naming them.</summary>
/// <param name="Territory"><c>level:code</c>, or null for everything.</param>
/// <param name="Basis"><c>beneficiary</c> (where the money is used, the default) or <c>head-office</c> (where the recipient is).</param>
/// <param name="Measure"><c>awarded</c> (dated by the decision, the default) or <c>disbursed</c> (dated by each payment).</param>
/// <param name="From">First day counted, inclusive.</param>
/// <param name="To">Last day counted, inclusive.</param>
/// <param name="AsOf">Answer with what Funding knew at the end of that day (UTC), before later amendments, payments and
/// cancellations were recorded; null for what it knows now (docs/adr/0006-flows-as-known-on.md).</param>
/// <param name="Recipient">One recipient's money only (its actor id): what a label holder received before and after its
/// label, or who else funds an association; null for every recipient.</param>
/// <param name="Funder">One funder's parts only (its actor id): a co-funded grant counts for that funder's part; null for every funder.</param>
/// <param name="Programme">The grants given under one programme only; null for every grant, in a programme or not.</param>
public sealed record FlowScope(
    string? Territory, string Basis, string Measure, DateOnly? From, DateOnly? To, DateOnly? AsOf = null, Guid? Recipient = null,
    Guid? Funder = null, Guid? Programme = null)
{
    public const string Beneficiary = "beneficiary";
    public const string HeadOffice = "head-office";
    public const string AwardedMeasure = "awarded";
    public const string DisbursedMeasure = "disbursed";

    public bool ByHeadOffice => Basis == HeadOffice;

    public bool Disbursed => Measure == DisbursedMeasure;

    public static FlowScope Parse(
        Validation validation, TerritoryReferential referential, string? territory, string? basis, string? measure, DateOnly? from, DateOnly? to,
        DateOnly? asOf = null, Guid? recipient = null, Guid? funder = null, Guid? programme = null)
    {
        ArgumentNullException.ThrowIfNull(validation);
        ArgumentNullException.ThrowIfNull(referential);
        var known = territory is null
            || (TerritoryKey.TryParse(territory, out var level, out var code) && referential.Current.Find(level, code) is not null);
        validation
            .Check(known, "territory", $"'{territory}' names no territory; write level:code, e.g. departement:24, epci:200040400 or commune:24352.")
            .Check(basis is null or Beneficiary or HeadOffice, "basis", "must be beneficiary or head-office.")
            .Check(measure is null or AwardedMeasure or DisbursedMeasure, "measure",
                measure == "committed"
                    ? "committed is not a measure of the flows yet (the flow rows do not record agreements); the measures are awarded and disbursed."
                    : "must be awarded or disbursed (the measures of the flows).")
            .Check(from is null || to is null || from <= to, "to", "cannot come before from.")
            .Check(asOf is null || asOf < DateOnly.MaxValue, "asOf", "must be a day before 9999-12-31.")
            .Check(recipient != Guid.Empty, "recipient", "must be an actor id, not the empty GUID.")
            .Check(funder != Guid.Empty, "funder", "must be an actor id, not the empty GUID.")
            .Check(programme != Guid.Empty, "programme", "must be a programme id, not the empty GUID.");
        return new FlowScope(
            territory is not null && TerritoryKey.TryParse(territory, out var l, out var c) ? TerritoryKey.Of(l, c) : null,
            basis ?? Beneficiary, measure ?? AwardedMeasure, from, to, asOf, recipient, funder, programme);
    }

    /// <summary>The instant <see cref="AsOf"/> ends: what was recorded before it was known on that day.</summary>
    public DateTimeOffset? KnownAt => AsOf is { } day ? new DateTimeOffset(day.AddDays(1), TimeOnly.MinValue, TimeSpan.Zero) : null;

    /// <summary>Where a row counts under this scope's basis.</summary>
    public IReadOnlyList<string> KeysOf(GrantFlowRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return ByHeadOffice ? row.HeadOfficeKeys : row.LocationKeys;
    }

    /// <summary>The commune a row counts in under this scope's basis.</summary>
    public Actors.Contracts.CommuneReference CommuneOf(GrantFlowRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return ByHeadOffice ? row.HeadOffice : row.Location;
    }

    /// <summary>
    /// The row's money under this scope: its award when decided within the dates, or its payments made within them.
    /// Cancelled grants count for nothing.
    /// </summary>
    public decimal AmountOf(GrantFlowRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return row.Cancelled ? 0m
            : Disbursed ? row.Payments.Where(p => Within(p.PaidOn)).Sum(p => p.Amount)
            : Within(row.DecisionDate) ? row.Awarded : 0m;
    }

    public bool Within(DateOnly day) => (From is null || day >= From) && (To is null || day <= To);

    /// <summary>
    /// The rows that may count: the database narrows by knowledge time, recipient, territory, status and (for awards) decision
    /// date; the payment dates, which live inside a row, are checked by <see cref="AmountOf"/>.
    /// </summary>
    public async Task<IReadOnlyList<GrantFlowRow>> RowsAsync(IQuerySession session, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(session);
        var rows = Known(session.Query<GrantFlowRow>()).Where(r => !r.Cancelled);
        if (Recipient is { } recipient)
        {
            rows = rows.Where(r => r.RecipientId == recipient);
        }

        if (Funder is { } funder)
        {
            rows = rows.Where(r => r.FunderId == funder);
        }

        if (Programme is { } programme)
        {
            rows = rows.Where(r => r.ProgrammeId == programme);
        }

        if (Territory is { } key)
        {
            rows = ByHeadOffice ? rows.Where(r => r.HeadOfficeKeys.Contains(key)) : rows.Where(r => r.LocationKeys.Contains(key));
        }

        if (Disbursed)
        {
            rows = rows.Where(r => r.Disbursed > 0);
        }
        else
        {
            if (From is { } from)
            {
                rows = rows.Where(r => r.DecisionDate >= from);
            }

            if (To is { } to)
            {
                rows = rows.Where(r => r.DecisionDate <= to);
            }
        }

        return await rows.ToListAsync(ct);
    }

    /// <summary>The rows as known now, or as known at the end of <see cref="AsOf"/>: each grant has one set at any instant.</summary>
    public IQueryable<GrantFlowRow> Known(IQueryable<GrantFlowRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (KnownAt is not { } at)
        {
            return rows.Where(r => r.KnownUntil == null);
        }

        return rows.Where(r => r.KnownFrom < at && (r.KnownUntil == null || r.KnownUntil >= at));
    }
}

/// <summary>One group of a flow table.</summary>
/// <param name="Key">What the group is: a <c>level:code</c> territory, a funder or programme id, a year, a kind.</param>
/// <param name="Name">Its name when known.</param>
/// <param name="Total">Money in the group, in euros.</param>
/// <param name="Grants">Grants with money in the group.</param>
/// <param name="MedianGrant">The median of those grants' money in the group (the mean of the middle two for an even count).</param>
/// <param name="Details">What else the group is known by: a funder's type, a programme's themes.</param>
public sealed record FlowGroup(string Key, string? Name, decimal Total, int Grants, decimal MedianGrant, IReadOnlyDictionary<string, object>? Details = null);

/// <summary>A flow table: the scope it answers, its overall figures, and one page of its groups, largest total first.</summary>
/// <param name="Total">All money in scope, in euros, each regranted euro once (docs/adr/0012-regrants-counted-once.md);
/// groups may overlap (a recipient with two kinds), this never does.</param>
/// <param name="Undistributed">Of the total, what intermediaries hold and have not regranted yet (the row
/// <c>undistributed</c> of by-recipient-kind; counted at the intermediary's place, under the original funder).</param>
/// <param name="Grants">Grants with money in scope: the grants where the money lands (a parent counts while its
/// intermediary holds part of it).</param>
public sealed record FlowTable(FlowScope Scope, decimal Total, decimal Undistributed, int Grants, Page<FlowGroup> Groups);
