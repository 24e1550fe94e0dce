using SocialTech.Actors.Contracts;
using SocialTech.BuildingBlocks.Http;
using SocialTech.Funding.Grants;
using SocialTech.Funding.Territories;

namespace SocialTech.Funding.Flows;

/// <summary>One payment's part in one row, so that flows by payment date need no other document.</summary>
public sealed record FlowPayment(DateOnly PaidOn, decimal Amount);

/// <summary>
/// One grant × one funder's share × one beneficiary location: the grain every flow query sums. A grant with two
/// co-funders used in three communes has six rows; its amounts are split across locations in cents, the remainder
/// going to the first location, so that the rows of a grant add up to its figures exactly.
/// </summary>
/// <param name="Id"><c>{grantId}:{funder index}:{location index}:{version}</c>: each event recorded on the grant closes
/// its rows (<paramref name="KnownUntil"/>) and writes new ones, so the rows of every version stay.</param>
/// <param name="LocationKeys">The beneficiary commune and every territory containing it (<c>level:code</c>), read in
/// the vintage it was recorded in.</param>
/// <param name="HeadOfficeKeys">The same for the recipient's head office as the directory knew it at decision time.</param>
/// <param name="Themes">The programme's themes when the row was last written; empty without a programme.</param>
/// <param name="Awarded">This row's part of what was awarded (as amended); never added to <paramref name="Disbursed"/>.</param>
/// <param name="Disbursed">This row's part of what its funder paid, the sum of <paramref name="Payments"/>.</param>
/// <param name="Status">The grant's status, kebab-case; <paramref name="Cancelled"/> rows are left out of every total.</param>
/// <param name="KnownFrom">When the event that made the grant look like this was recorded (the event's own time,
/// from the service's clock).</param>
/// <param name="KnownUntil">When the next event on the grant was recorded; null while this is what is known now.</param>
/// <param name="AgreementDate">The day the grant's agreement was signed, null until it is: the <c>committed</c> measure
/// counts <paramref name="Awarded"/> from that day. Last, so that rows written before it read as unsigned until
/// <see cref="FlowAmountsBackfill"/> fills it from the events.</param>
public sealed record GrantFlowRow(
    string Id,
    Guid GrantId,
    Guid FunderId,
    string FunderType,
    Guid RecipientId,
    IReadOnlyList<string> RecipientKinds,
    Guid? ProgrammeId,
    IReadOnlyList<string> Themes,
    Guid? ParentGrantId,
    CommuneReference Location,
    IReadOnlyList<string> LocationKeys,
    CommuneReference HeadOffice,
    IReadOnlyList<string> HeadOfficeKeys,
    DateOnly DecisionDate,
    IReadOnlyList<int> FiscalYears,
    decimal Awarded,
    decimal Disbursed,
    IReadOnlyList<FlowPayment> Payments,
    string Status,
    bool Cancelled,
    long Version,
    DateTimeOffset KnownFrom,
    DateTimeOffset? KnownUntil = null,
    DateOnly? AgreementDate = null)
{
    /// <summary>
    /// The rows of a grant as it stands; none while it is only an application, since nothing was given yet.
    /// Pure, so that the projection and its tests agree.
    /// </summary>
    /// <param name="knownFrom">When the grant came to stand so: the recording time of its latest event.</param>
    public static IReadOnlyList<GrantFlowRow> Of(Grant grant, IReadOnlyList<string> themes, IFundingTerritories territories, DateTimeOffset knownFrom)
    {
        ArgumentNullException.ThrowIfNull(grant);
        ArgumentNullException.ThrowIfNull(territories);
        if (grant.DecisionDate is not { } decided)
        {
            return [];
        }

        var terms = grant.Terms;
        var locations = terms.BeneficiaryLocations.Count > 0 ? terms.BeneficiaryLocations : [terms.Recipient.HeadOffice];
        var locationKeys = locations.Select(territories.KeysOf).ToArray();
        var headOfficeKeys = territories.KeysOf(terms.Recipient.HeadOffice);
        var rows = new List<GrantFlowRow>(terms.Funders.Count * locations.Count);
        foreach (var (share, f) in terms.Funders.Select((s, i) => (s, i)))
        {
            var awarded = Cents.Split(share.Amount, locations.Count);
            var payments = grant.Disbursements.Where(d => d.FunderId == share.FunderId)
                .Select(d => (d.PaidOn, Parts: Cents.Split(d.Amount, locations.Count))).ToArray();
            for (var l = 0; l < locations.Count; l++)
            {
                var paid = payments.Select(p => new FlowPayment(p.PaidOn, p.Parts[l])).ToArray();
                rows.Add(new GrantFlowRow(
                    $"{grant.Id}:{f}:{l}:{grant.Version}", grant.Id, share.FunderId, Kebab.Name(share.FunderType), terms.Recipient.ActorId, terms.Recipient.Kinds,
                    terms.ProgrammeId, themes, terms.ParentGrantId, locations[l], locationKeys[l], terms.Recipient.HeadOffice, headOfficeKeys,
                    decided, terms.FiscalYears, awarded[l], paid.Sum(p => p.Amount), paid, Kebab.Name(grant.Status),
                    grant.Status == GrantStatus.Cancelled, grant.Version, knownFrom, AgreementDate: grant.AgreementDate));
            }
        }

        return rows;
    }
}

public static class Cents
{
    /// <summary>
    /// Splits an amount (euros, at most two decimals) into <paramref name="parts"/> amounts in whole cents, the
    /// remainder to the first, so that the parts add up to the amount exactly.
    /// </summary>
    public static decimal[] Split(decimal amount, int parts)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parts, 1);
        var cents = decimal.Round(amount * 100m, 0, MidpointRounding.AwayFromZero);
        var each = decimal.Truncate(cents / parts);
        var split = Enumerable.Repeat(each / 100m, parts).ToArray();
        split[0] = (cents - (each * (parts - 1))) / 100m;
        return split;
    }
}
