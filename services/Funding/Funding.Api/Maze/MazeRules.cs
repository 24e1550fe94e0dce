using SocialTech.BuildingBlocks.Text;
using SocialTech.Funding.Hubs;
using SocialTech.Funding.Places;
using SocialTech.Funding.Programmes.GettingDetails;
using SocialTech.Funding.Relays;
using SocialTech.Funding.Territories;

namespace SocialTech.Funding.Maze;

/// <summary>One criterion a programme fails: a stable code and the French sentence a person reads.</summary>
/// <param name="Code"><c>perimeter</c>, <c>kinds</c>, <c>window-not-yet-open</c>, <c>closed</c> or <c>retired</c>.</param>
/// <param name="Reason">Why, in French.</param>
public sealed record Exclusion(string Code, string Reason);

/// <summary>How a relay reaches the asker, before names are added.</summary>
/// <param name="Rank">0 commune, 1 EPCI, 2 département, 3 région: nearest first.</param>
/// <param name="Key">The matching territory, <c>level:code</c>.</param>
/// <param name="Through"><c>offer</c> (a territory the offer names), <c>place</c> (an open place the relay runs, its offer
/// including places) or <c>hub</c> (an open hub of a network the relay heads, its offer including hubs).</param>
public sealed record RelayMatch(KnownRelay Offer, int Rank, string Key, string Through, KnownPlace? Place, KnownHub? Hub = null);

/// <summary>The maze's rules, pure: which programmes fit, why the others do not, which relays cover, nearest first.</summary>
public static class MazeRules
{
    public const string Perimeter = "perimeter";
    public const string Kinds = "kinds";
    public const string NotYetOpen = "window-not-yet-open";
    public const string Closed = "closed";
    public const string Retired = "retired";

    /// <summary>Nearest first: the levels a relay can reach the asker at.</summary>
    public static readonly IReadOnlyList<string> Levels = ["commune", "epci", "departement", "region"];

    /// <summary>
    /// Every criterion <paramref name="programme"/> fails for <paramref name="profile"/> on <paramref name="on"/>, in a
    /// fixed order (perimeter, kinds, window, retired); none when it fits.
    /// </summary>
    /// <remarks>
    /// Perimeter: one of its eligible territories contains one of the asker's territories (a programme of région 75
    /// fits Ribérac; one of Ribérac does not fit an actor acting in the whole Dordogne, which is only partly in it).
    /// Kinds: a programme that names none is open to every kind. Window: open from <c>opensOn</c> to <c>closesOn</c>,
    /// both included. A retired programme takes no application, whatever the day asked.
    /// </remarks>
    public static IReadOnlyList<Exclusion> Exclusions(ProgrammeDetails programme, MazeProfile profile, DateOnly on, IFundingTerritories territories)
    {
        ArgumentNullException.ThrowIfNull(programme);
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(territories);
        var exclusions = new List<Exclusion>();
        if (EligibleThrough(programme, profile).Count == 0)
        {
            var eligible = string.Join(", ", programme.EligibleTerritories.Select(k => Describe(k, territories)));
            var who = profile.ActorId is null
                ? $"{Describe(profile.Territories[0].Key, territories)} n'est dans aucun"
                : profile.Territories.Count == 1
                    ? $"Le siège de {profile.ActorName} n'est dans aucun"
                    : $"Ni le siège de {profile.ActorName} ni ses lieux d'action ne sont dans aucun";
            exclusions.Add(new(Perimeter, $"{who} de ses territoires éligibles : {eligible}."));
        }

        if (!FitsKinds(programme.BeneficiaryKinds, profile.Kinds))
        {
            var asked = profile.Kinds.Count == 0 ? "aucune catégorie" : FrenchWording.List("ActorKind", profile.Kinds);
            var who = profile.ActorId is null ? "le profil demandé" : profile.ActorName;
            exclusions.Add(new(Kinds,
                $"Réservé aux bénéficiaires suivants : {FrenchWording.List("ActorKind", programme.BeneficiaryKinds)} ; {who} : {asked}."));
        }

        if (programme.OpensOn > on)
        {
            exclusions.Add(new(NotYetOpen, $"N'ouvre que le {FrenchWording.Date(programme.OpensOn)}, après le {FrenchWording.Date(on)}."));
        }

        if (programme.ClosesOn is { } closes && closes < on)
        {
            exclusions.Add(new(Closed, $"Dernier jour de dépôt le {FrenchWording.Date(closes)}, avant le {FrenchWording.Date(on)}."));
        }

        if (programme.Status == "retired")
        {
            var when = programme.RetiredOn is { } retired ? $" le {FrenchWording.Date(retired)}" : "";
            var why = string.IsNullOrWhiteSpace(programme.RetirementReason) ? "" : $" : {programme.RetirementReason}";
            exclusions.Add(new(Retired, $"Retiré par son financeur{when}{why}."));
        }

        return exclusions;
    }

    /// <summary>The programme's eligible territories that contain one of the asker's.</summary>
    public static IReadOnlyList<string> EligibleThrough(ProgrammeDetails programme, MazeProfile profile) =>
        programme.EligibleTerritories.Where(profile.Keys.Contains).ToArray();

    public static bool FitsKinds(IReadOnlyList<string> wanted, IReadOnlyList<string> kinds) =>
        wanted.Count == 0 || wanted.Intersect(kinds, StringComparer.Ordinal).Any();

    /// <summary>
    /// The relays covering the asker, one match per relay (its nearest), nearest first; ties are for the caller to
    /// order (by name). As Actors' <c>GET /api/relays</c> counts them for each of the asker's territories: an offer
    /// naming the territory or one containing it; an open place of an offer that includes places, in the territory's
    /// commune or EPCI; an open hub (in France) of a network whose head's offer includes hubs, in the territory's commune
    /// or EPCI. Offers withdrawn and offers for none of the asker's kinds are left out (an asker without a kind keeps
    /// them all). At the same rank an offer's own territory wins over a place, a place over a hub. Places and hubs count
    /// on <paramref name="on"/> only if open that day (a hub opening later is no one to call yet; one closed since was);
    /// offers are read as they stand, since the copy keeps no history of them.
    /// </summary>
    public static IReadOnlyList<RelayMatch> Cover(
        MazeProfile profile, DateOnly on, IEnumerable<KnownRelay> offers, IEnumerable<KnownPlace> places, IEnumerable<KnownHub> hubs)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(hubs);
        var usable = offers.Where(o => o.Status == KnownRelay.Active)
            .Where(o => profile.Kinds.Count == 0 || o.ForKinds.Intersect(profile.Kinds, StringComparer.Ordinal).Any())
            .OrderBy(o => o.ActorId).ToArray();
        var open = places.Where(p => p.OpenOn(on)).OrderBy(p => p.Id).ToArray();
        var openHubs = hubs.Where(h => h.OpenOn(on) && h.TerritoryKeys.Count > 0).OrderBy(h => h.Id).ToArray();
        var found = new Dictionary<Guid, RelayMatch>();
        foreach (var territory in profile.Territories)
        {
            foreach (var offer in usable)
            {
                if (Nearest(offer.TerritoryKeys, territory.Keys) is { } key)
                {
                    Keep(new RelayMatch(offer, Rank(key), key, "offer", null));
                }
            }
        }

        foreach (var territory in profile.Territories)
        {
            // A tiers-lieu reaches its commune and its EPCI, not a whole département.
            var near = territory.Keys.Where(k => Rank(k) <= 1).ToArray();
            foreach (var offer in usable.Where(o => o.IncludesPlaces))
            {
                foreach (var place in open.Where(p => p.OperatorActorId == offer.ActorId))
                {
                    if (Nearest(place.TerritoryKeys, near) is { } key)
                    {
                        Keep(new RelayMatch(offer, Rank(key), key, "place", place));
                    }
                }
            }
        }

        foreach (var territory in profile.Territories)
        {
            // A hub, like a tiers-lieu, reaches its commune and its EPCI.
            var near = territory.Keys.Where(k => Rank(k) <= 1).ToArray();
            foreach (var offer in usable.Where(o => o.IncludesHubs))
            {
                foreach (var hub in openHubs.Where(h => h.HeadActorId == offer.ActorId))
                {
                    if (Nearest(hub.TerritoryKeys, near) is { } key)
                    {
                        Keep(new RelayMatch(offer, Rank(key), key, "hub", null, hub));
                    }
                }
            }
        }

        return found.Values.OrderBy(m => m.Rank).ToArray();

        void Keep(RelayMatch match)
        {
            if (!found.TryGetValue(match.Offer.ActorId, out var seen) || match.Rank < seen.Rank)
            {
                found[match.Offer.ActorId] = match;
            }
        }
    }

    /// <summary>0 for a commune, 1 an EPCI, 2 a département, 3 a région.</summary>
    public static int Rank(string key)
    {
        var level = key.Split(':', 2)[0];
        var rank = Levels.ToList().IndexOf(level);
        return rank < 0 ? Levels.Count : rank;
    }

    /// <summary>« Rhône (département 69) ».</summary>
    public static string Describe(string key, IFundingTerritories territories)
    {
        ArgumentNullException.ThrowIfNull(territories);
        var parts = key.Split(':', 2);
        var level = FrenchWording.Of("TerritoryLevel", parts[0]);
        var code = parts.Length == 2 ? parts[1] : "";
        return territories.NameOf(key) is { } name ? $"{name} ({level} {code})" : $"{level} {code}";
    }

    private static string? Nearest(IReadOnlyList<string> keys, IReadOnlyList<string> asked) =>
        keys.Where(asked.Contains).OrderBy(Rank).FirstOrDefault();
}
