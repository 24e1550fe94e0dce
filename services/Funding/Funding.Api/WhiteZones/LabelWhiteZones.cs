using Marten;
using SocialTech.Actors.Directory;
using SocialTech.Actors.Territories;
using SocialTech.BuildingBlocks.Http;
using SocialTech.Funding.Flows.Querying;
using SocialTech.Funding.LabelFacts;
using SocialTech.Funding.Places;
using SocialTech.Funding.Territories;

namespace SocialTech.Funding.WhiteZones;

/// <summary>A label that is about to leave its territory without a label, or already has.</summary>
/// <param name="Situation"><c>expiring</c> (its validity ends within the months asked and no renewal is under way) or
/// <c>lapsed</c> (its validity ended, nothing renewed it and its holder holds no valid label of the scheme).</param>
/// <param name="HolderName">The territory's name for a territory holder, the directory's name for an organisation.</param>
/// <param name="Territory">Where it counts: the holder territory, or the organisation's head-office commune.</param>
/// <param name="Status">As Labelling published it: <c>active</c>, <c>suspended</c>, <c>expired</c>.</param>
/// <param name="RenewalUnderWay">For a lapsed label: whether its holder has applied again (always false for <c>expiring</c>).</param>
public sealed record LabelWhiteZone(
    Guid LabelId, Guid SchemeId, string Situation, string HolderKind, Guid? HolderId, string? HolderName, string Territory, string? TerritoryName,
    DateOnly ValidUntil, string Status, bool RenewalUnderWay);

/// <param name="On">The day the question is asked of (default today, UTC).</param>
/// <param name="Unlocated">Labels in either situation that Funding cannot place in a territory (held by a network, or by an
/// organisation or place its copies do not know): not listed, counted so that the list is never read as complete without them.</param>
public sealed record LabelWhiteZoneAnswer(
    string Territory, string TerritoryName, DateOnly On, int WithinMonths, DateOnly? LapsedSince, string Sort, int Unlocated, int Count, IReadOnlyList<LabelWhiteZone> Items);

/// <summary>
/// Label white zones (issue 18.3), from Funding's copy of Labelling's labels and applications (<see cref="KnownLabel"/>,
/// <see cref="KnownLabelApplication"/>; docs/adr/0013).
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><b>expiring</b>: an active or suspended label whose last valid day falls between <c>on</c> and <c>on</c> plus
/// <c>withinMonths</c> (inclusive), not renewed, with no renewal under way: no submitted application, not yet decided
/// nor withdrawn, that names it (<c>renewsLabelId</c>) or comes from its holder for the same scheme;</item>
/// <item><b>lapsed</b>: a label whose last valid day is before <c>on</c> (expired, or past its end and not yet recorded
/// as expired), not renewed, whose holder holds no other label of the scheme valid on <c>on</c>; since
/// <c>lapsedSince</c> when given (its last valid day on or after it). Revoked labels did not lapse: they are not listed.</item>
/// </list>
/// A label counts in the territory asked when its holder territory (territorial collectives, ecosystems), its
/// holder's head office (organisations, from the directory) or its place's commune (tiers-lieux, from
/// <see cref="KnownPlace"/>) lies in it.
/// </remarks>
public static class LabelWhiteZones
{
    public const string Expiring = "expiring";
    public const string Lapsed = "lapsed";

    private static readonly Dictionary<string, Func<LabelWhiteZone, IComparable?>> Sorts = new(StringComparer.Ordinal)
    {
        ["valid-until"] = l => l.ValidUntil,
        ["situation"] = l => l.Situation,
        ["territory"] = l => l.TerritoryName,
        ["holder"] = l => l.HolderName,
    };

    private static readonly DateOnly FirstDay = new(1900, 1, 1);

    private static readonly DateOnly LastDay = new(2999, 12, 31);

    public static async Task<IResult> Handle(
        IQuerySession session, TerritoryReferential referential, IFundingTerritories territories, TimeProvider clock, HttpRequest request, CancellationToken ct,
        string? territory = null, int? withinMonths = null, DateOnly? on = null, DateOnly? lapsedSince = null, string? sort = null, string? format = null)
    {
        var validation = new Validation();
        var place = WhiteZoneTerritory.Parse(validation, referential, territory);
        validation.Check(withinMonths is null or >= 1 and <= 60, "withinMonths", "must be a number of months from 1 to 60 (default 6).");
        // Days the platform can reason about (and add 60 months to without leaving the calendar: 9999-12-31 was a 500).
        validation.Check(on is null || on >= FirstDay && on <= LastDay, "on", "must be a day from 1900-01-01 to 2999-12-31.");
        validation.Check(lapsedSince is null || lapsedSince >= FirstDay && lapsedSince <= LastDay, "lapsedSince", "must be a day from 1900-01-01 to 2999-12-31.");
        var csv = WhiteZoneCsv.Wanted(validation, request, format);
        validation.ThrowIfInvalid();
        var day = on ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var months = withinMonths ?? 6;
        var until = day.AddMonths(months);

        var labels = await session.Query<KnownLabel>().ToListAsync(ct);
        var underWay = (await session.Query<KnownLabelApplication>()
            .Where(a => a.Status == KnownLabelApplication.Submitted || a.Status == KnownLabelApplication.Deferred).ToListAsync(ct)).ToArray();

        // Both questions look among the labels and applications of the same scheme and holder: grouped once, so that
        // France's thousands of labels cost a look-up each rather than a pass over all the others (bench maze-whitezones).
        // The groups only narrow the candidates; Renews and SameHolder still decide, as before.
        var byTerritory = labels.Where(l => l.HolderTerritory is not null).ToLookup(l => (l.SchemeId, l.HolderKind, l.HolderTerritory));
        var byHolderId = labels.Where(l => l.HolderTerritory is null && l.HolderId is not null).ToLookup(l => (l.SchemeId, l.HolderKind, l.HolderId));
        var renewals = underWay.Where(a => a.RenewsLabelId is not null).ToLookup(a => a.RenewsLabelId);
        var applicationsByTerritory = underWay.Where(a => a.HolderTerritory is not null).ToLookup(a => (a.SchemeId, a.HolderKind, a.HolderTerritory));
        var applicationsById = underWay.Where(a => a.HolderId is not null).ToLookup(a => (a.SchemeId, a.HolderKind, a.HolderId));

        bool RenewalUnderWay(KnownLabel label) =>
            renewals[label.Id].Concat(label.HolderTerritory is not null
                    ? applicationsByTerritory[(label.SchemeId, label.HolderKind, label.HolderTerritory)]
                    : applicationsById[(label.SchemeId, label.HolderKind, label.HolderId)])
                .Any(a => a.Renews(label));
        bool HolderStillLabelled(KnownLabel label) =>
            byTerritory[(label.SchemeId, label.HolderKind, label.HolderTerritory)].Concat(byHolderId[(label.SchemeId, label.HolderKind, label.HolderId)])
                .Any(other => other.Id != label.Id && other.SchemeId == label.SchemeId
                    && other.SameHolder(label.HolderKind, label.HolderId, label.HolderTerritory)
                    && other.Status is KnownLabel.Active or KnownLabel.Suspended && other.ValidFrom <= day && other.ValidUntil >= day);

        var found = new List<(KnownLabel Label, string Situation, bool UnderWay)>();
        foreach (var label in labels.Where(l => l.RenewedByLabelId is null))
        {
            if (label.Status is KnownLabel.Active or KnownLabel.Suspended && label.ValidUntil >= day && label.ValidUntil <= until && !RenewalUnderWay(label))
            {
                found.Add((label, Expiring, false));
            }
            else if (label.Status is KnownLabel.Active or KnownLabel.Suspended or KnownLabel.Expired && label.ValidUntil < day
                     && (lapsedSince is null || label.ValidUntil >= lapsedSince) && !HolderStillLabelled(label))
            {
                found.Add((label, Lapsed, RenewalUnderWay(label)));
            }
        }

        var holders = found.Where(f => f.Label.HolderTerritory is null && f.Label.HolderKind == "organisation" && f.Label.HolderId is not null)
            .Select(f => f.Label.HolderId!.Value).Distinct().ToArray();
        var directory = holders.Length == 0 ? [] : (await session.LoadManyAsync<DirectoryActor>(ct, holders)).ToDictionary(a => a.Id);
        // A tiers-lieu's label counts where the place stands: Funding's copy of Actors' places (KnownPlace) knows its commune.
        var placeHolders = found.Where(f => f.Label.HolderKind == "place" && f.Label.HolderId is not null).Select(f => f.Label.HolderId!.Value).Distinct().ToArray();
        var knownPlaces = placeHolders.Length == 0 ? [] : (await session.LoadManyAsync<KnownPlace>(ct, placeHolders)).ToDictionary(p => p.Id);
        var unlocated = 0;
        var rows = new List<LabelWhiteZone>();
        foreach (var (label, situation, renewing) in found)
        {
            string? where = null, holderName = null;
            IReadOnlyList<string> keys = [];
            if (label.HolderTerritory is { } held)
            {
                (where, keys, holderName) = (held, territories.KeysOf(held), FlowQueries.NameOf(referential, held));
            }
            else if (label.HolderKind == "organisation" && label.HolderId is { } id && directory.TryGetValue(id, out var actor))
            {
                (where, keys, holderName) = ($"commune:{actor.HeadOffice.Code}", territories.KeysOf(actor.HeadOffice), actor.Name);
            }
            else if (label.HolderKind == "place" && label.HolderId is { } placeId && knownPlaces.TryGetValue(placeId, out var tiersLieu))
            {
                (where, keys, holderName) = ($"commune:{tiersLieu.Commune.Code}", territories.KeysOf(tiersLieu.Commune), tiersLieu.Name);
            }

            if (where is null || keys.Count == 0)
            {
                unlocated++;
                continue;
            }

            if (place.Contains(keys))
            {
                rows.Add(new LabelWhiteZone(label.Id, label.SchemeId, situation, label.HolderKind, label.HolderId, holderName, where,
                    territories.NameOf(where) ?? FlowQueries.NameOf(referential, where), label.ValidUntil, label.Status, renewing));
            }
        }

        var sorted = WhiteZoneSort.Apply(new Validation(), sort, "valid-until", Sorts, l => l.LabelId.ToString(), rows);
        if (csv)
        {
            return WhiteZoneCsv.File(
                ["Situation", "Label", "Dispositif", "Type de porteur", "Porteur", "Code territoire", "Territoire", "Valide jusqu'au", "Statut", "Nouvelle candidature en cours"],
                sorted.Select(l => (IReadOnlyList<string>)
                [
                    WhiteZoneCsv.Text(l.Situation == Expiring ? "expire sans renouvellement en cours" : "échu"), WhiteZoneCsv.Value(l.LabelId.ToString()),
                    WhiteZoneCsv.Value(l.SchemeId.ToString()), WhiteZoneCsv.Value(l.HolderKind), WhiteZoneCsv.Text(l.HolderName), WhiteZoneCsv.Value(l.Territory),
                    WhiteZoneCsv.Text(l.TerritoryName), WhiteZoneCsv.Day(l.ValidUntil), WhiteZoneCsv.Value(l.Status), l.RenewalUnderWay ? "oui" : "non",
                ]),
                "zones-blanches-labels.csv");
        }

        return TypedResults.Ok(new LabelWhiteZoneAnswer(place.Code, place.Name, day, months, lapsedSince, WhiteZoneSort.Applied(sort, "valid-until"), unlocated, sorted.Count, sorted));
    }
}
