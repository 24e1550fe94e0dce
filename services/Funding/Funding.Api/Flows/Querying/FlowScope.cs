using System.Globalization;
using System.Text.RegularExpressions;
using Marten;
using SocialTech.Actors.Territories;
using SocialTech.BuildingBlocks.Http;

namespace SocialTech.Funding.Flows.Querying;

/// <summary>What every flow query filters on, checked once: wrong parameters come back as a 400 naming them.</summary>
/// <param name="Territory"><c>level:code</c>, or null for everything.</param>
/// <param name="Basis"><c>beneficiary</c> (where the money is used, the default) or <c>head-office</c> (where the recipient is).</param>
/// <param name="Measure"><c>awarded</c> (dated by the decision, the default), <c>committed</c> (the awarded amount of grants
/// whose agreement is signed, dated by the signing) or <c>disbursed</c> (dated by each payment); never added together.</param>
/// <param name="From">First day counted, inclusive.</param>
/// <param name="To">Last day counted, inclusive.</param>
/// <param name="AsKnownOn">The moment asked for, as given: a day or an instant with its offset; null for now.</param>
/// <param name="Recipient">One recipient's money only (its actor id): what a label holder received before and after its
/// label, or who else funds an association; null for every recipient.</param>
/// <param name="Funder">One funder's parts only (its actor id): a co-funded grant counts for that funder's part; null for every funder.</param>
/// <param name="Programme">The grants given under one programme only; null for every grant, in a programme or not.</param>
/// <param name="RecipientKind">The grants to recipients of one kind only (as the directory knew them at decision time; a
/// recipient of two kinds is in both), <c>unknown</c> for recipients without any; null for every recipient.</param>
/// <param name="KnownAt">The instant the answer is given as of: what Funding had recorded before it, before later
/// amendments, agreements, payments and cancellations (docs/adr/0006-flows-as-known-on.md); the end of the day (UTC) for
/// a day; null for what it knows now.</param>
public sealed partial record FlowScope(
    string? Territory, string Basis, string Measure, DateOnly? From, DateOnly? To, string? AsKnownOn = null, Guid? Recipient = null,
    Guid? Funder = null, Guid? Programme = null, string? RecipientKind = null, DateTimeOffset? KnownAt = null)
{
    public const string Beneficiary = "beneficiary";
    public const string HeadOffice = "head-office";
    public const string AwardedMeasure = "awarded";
    public const string CommittedMeasure = "committed";
    public const string DisbursedMeasure = "disbursed";

    /// <summary>The kind <c>recipientKind</c> names for recipients the directory gave no kind (as by-recipient-kind groups them).</summary>
    public const string UnknownKind = "unknown";

    /// <summary>
    /// The kinds of actors, kebab-case, as the Actors service defines them (its <c>ActorKind</c>; FlowFilterSqlTests
    /// checks the two lists agree): a kind outside them is a 400, never an answer of 0 for a misspelt kind.
    /// </summary>
    public static readonly IReadOnlyList<string> RecipientKinds =
    [
        "association", "scop", "scic", "social-enterprise", "esus-company", "csr-company", "local-authority", "state-service", "foundation",
        "incubator", "network-head", "tiers-lieu-operator", "research-body",
    ];

    public bool ByHeadOffice => Basis == HeadOffice;

    public bool Disbursed => Measure == DisbursedMeasure;

    public bool Committed => Measure == CommittedMeasure;

    public static FlowScope Parse(
        Validation validation, TerritoryReferential referential, string? territory, string? basis, string? measure, DateOnly? from, DateOnly? to,
        string? asKnownOn = null, Guid? recipient = null, Guid? funder = null, Guid? programme = null, string? recipientKind = null,
        DateTimeOffset? now = null, string asKnownOnField = "asKnownOn")
    {
        ArgumentNullException.ThrowIfNull(validation);
        ArgumentNullException.ThrowIfNull(referential);
        var known = territory is null
            || (TerritoryKey.TryParse(territory, out var level, out var code) && referential.Current.Find(level, code) is not null);
        validation
            .Check(known, "territory", $"'{territory}' names no territory; write level:code, e.g. departement:24, epci:200040400 or commune:24352.")
            .Check(basis is null or Beneficiary or HeadOffice, "basis", "must be beneficiary or head-office.")
            .Check(measure is null or AwardedMeasure or CommittedMeasure or DisbursedMeasure, "measure",
                "must be awarded, committed (agreement signed) or disbursed (the measures of the flows, never added together).")
            .Check(from is null || to is null || from <= to, "to", "cannot come before from.")
            .Check(recipient != Guid.Empty, "recipient", "must be an actor id, not the empty GUID.")
            .Check(funder != Guid.Empty, "funder", "must be an actor id, not the empty GUID.")
            .Check(programme != Guid.Empty, "programme", "must be a programme id, not the empty GUID.")
            .Check(recipientKind is null || recipientKind == UnknownKind || RecipientKinds.Contains(recipientKind), "recipientKind",
                $"must be a kind of actor ({string.Join(", ", RecipientKinds)}) or {UnknownKind} (recipients without a kind).");

        string? knownOn = null;
        DateTimeOffset? knownAt = null;
        if (asKnownOn is not null)
        {
            var parsed = TryParseKnownOn(asKnownOn, out var at, out var day);
            var current = now ?? DateTimeOffset.UtcNow;
            validation
                .Check(parsed, asKnownOnField,
                    "must be a day (2025-03-03: as known at the end of that day, UTC) or an instant with its offset (2025-03-03T10:00:00+01:00, 2025-03-03T09:00:00Z).")
                .Check(!parsed || (day is { } d ? d <= DateOnly.FromDateTime(current.UtcDateTime) : at <= current), asKnownOnField,
                    $"cannot be in the future (it is {current.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}): nothing is known yet of a moment to come.");
            if (parsed)
            {
                // In UTC: PostgreSQL's timestamptz takes no other offset through Npgsql (a +02:00 instant was a 500).
                knownAt = at.ToUniversalTime();
                knownOn = day is { } dd ? dd.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : at.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture);
            }
        }

        return new FlowScope(
            territory is not null && TerritoryKey.TryParse(territory, out var l, out var c) ? TerritoryKey.Of(l, c) : null,
            basis ?? Beneficiary, measure ?? AwardedMeasure, from, to, knownOn, recipient, funder, programme, recipientKind, knownAt);
    }

    /// <summary>
    /// Reads "as known on": a day (<c>yyyy-MM-dd</c>, meaning its end in UTC, i.e. the next day's midnight) or an ISO 8601
    /// instant with its offset (<c>Z</c> or <c>±hh:mm</c>); an instant without one would depend on the server's zone.
    /// A <c>+</c> left unencoded in a query string arrives as a space: it is read as the <c>+</c> it was.
    /// </summary>
    public static bool TryParseKnownOn(string text, out DateTimeOffset at, out DateOnly? day)
    {
        ArgumentNullException.ThrowIfNull(text);
        at = default;
        day = null;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
        {
            if (d == DateOnly.MaxValue)
            {
                return false;
            }

            day = d;
            at = new DateTimeOffset(d.AddDays(1), TimeOnly.MinValue, TimeSpan.Zero);
            return true;
        }

        var instant = text.Replace(' ', '+');
        return InstantPattern().IsMatch(instant)
            && DateTimeOffset.TryParse(instant, CultureInfo.InvariantCulture, DateTimeStyles.None, out at);
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex InstantPattern();

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
    /// The row's money under this scope: its award when decided within the dates, its award when its agreement was signed
    /// within them (committed), or its payments made within them. Cancelled grants count for nothing.
    /// </summary>
    public decimal AmountOf(GrantFlowRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return row.Cancelled ? 0m
            : Disbursed ? row.Payments.Where(p => Within(p.PaidOn)).Sum(p => p.Amount)
            : Committed ? row.AgreementDate is { } signed && Within(signed) ? row.Awarded : 0m
            : Within(row.DecisionDate) ? row.Awarded : 0m;
    }

    public bool Within(DateOnly day) => (From is null || day >= From) && (To is null || day <= To);

    /// <summary>
    /// The rows that may count: the database narrows by knowledge time, recipient, funder, programme, recipient kind,
    /// territory, status and (for awards and commitments) decision or signing date; the payment dates, which live inside a row, are checked by <see cref="AmountOf"/>.
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

        if (RecipientKind is { } kind)
        {
            rows = kind == UnknownKind ? rows.Where(r => !r.RecipientKinds.Any()) : rows.Where(r => r.RecipientKinds.Contains(kind));
        }

        if (Territory is { } key)
        {
            rows = ByHeadOffice ? rows.Where(r => r.HeadOfficeKeys.Contains(key)) : rows.Where(r => r.LocationKeys.Contains(key));
        }

        if (Disbursed)
        {
            rows = rows.Where(r => r.Disbursed > 0);
        }
        else if (Committed)
        {
            rows = rows.Where(r => r.AgreementDate != null);
            if (From is { } from)
            {
                rows = rows.Where(r => r.AgreementDate >= from);
            }

            if (To is { } to)
            {
                rows = rows.Where(r => r.AgreementDate <= to);
            }
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

    /// <summary>The rows as known now, or as known at <see cref="KnownAt"/>: each grant has one set at any instant.</summary>
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
