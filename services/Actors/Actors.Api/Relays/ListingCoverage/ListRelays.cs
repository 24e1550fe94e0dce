using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.Actors.Contracts;
using SocialTech.Actors.Organisations;
using SocialTech.Actors.Organisations.GettingDetails;
using SocialTech.Actors.Places.GettingDetails;
using SocialTech.Actors.Relays.GettingOffer;
using SocialTech.BuildingBlocks.Http;

namespace SocialTech.Actors.Relays.ListingCoverage;

/// <summary>Where a relay reaches the territory asked about.</summary>
/// <param name="Level">The level of the matching territory: <c>commune</c>, <c>epci</c>, <c>departement</c> or <c>region</c>.</param>
/// <param name="Code">Its code.</param>
/// <param name="Through"><c>offer</c> (a territory the offer names) or <c>place</c> (a place the actor runs, when its offer includes them).</param>
/// <param name="PlaceId">The place, when through one: <c>/api/places/{placeId}</c>.</param>
/// <param name="PlaceName">Its name.</param>
public sealed record CoveredAt(string Level, string Code, string Through, Guid? PlaceId = null, string? PlaceName = null);

/// <summary>One relay covering the territory, nearest first.</summary>
/// <param name="ActorId">The relay: <c>/api/actors/{actorId}</c>.</param>
/// <param name="ActorName">Its name in the registry.</param>
/// <param name="ActorKinds">Its own kinds (incubator, network-head…).</param>
/// <param name="Supports">What it offers, with the French wording.</param>
/// <param name="ForKinds">The kinds of actor it supports.</param>
/// <param name="Mailbox">Its role mailbox: whom to write to.</param>
/// <param name="CoveredAt">The nearest way it reaches the territory.</param>
/// <param name="OfferVersion">The offer's version (its ETag).</param>
public sealed record RelayCoverage(
    Guid ActorId,
    string ActorName,
    IReadOnlyList<string> ActorKinds,
    IReadOnlyList<SupportOffered> Supports,
    IReadOnlyList<string> ForKinds,
    string Mailbox,
    CoveredAt CoveredAt,
    long OfferVersion);

public static class ListRelays
{
    /// <summary>The query parameters this route takes: any other is a 400 naming it, not a filter silently ignored.</summary>
    public static readonly IReadOnlySet<string> Parameters = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "territory", "support", "actorKind", "page", "pageSize",
    };

    private static readonly string[] Levels = ["commune", "epci", "departement", "region"];

    /// <param name="territory"><c>level:code</c> (required): <c>commune:24352</c>, <c>epci:200040806</c>, <c>departement:24</c>, <c>region:75</c>.
    /// A relay covers it when its offer names the territory or one that contains it, or (offers that include their
    /// places) when it runs an open place in it or in its EPCI.</param>
    /// <param name="support">Only relays offering this kind of support (<c>funding-advice</c>…).</param>
    /// <param name="actorKind">Only relays supporting this kind of actor (<c>association</c>…).</param>
    public static async Task<Ok<Page<RelayCoverage>>> Handle(
        HttpRequest request, IQuerySession session, IKnownTerritories territories, CancellationToken ct,
        string? territory = null, string? support = null, string? actorKind = null, int page = 1, int pageSize = 50)
    {
        var validation = new Validation();
        foreach (var name in request.Query.Keys.Where(k => !Parameters.Contains(k)))
        {
            validation.Check(false, name, $"is not a parameter of this list; use {string.Join(", ", Parameters)}.");
        }

        var paging = PageRequest.Check(validation, page, pageSize);
        validation.Check(territory is not null, "territory", "is required: level:code, e.g. commune:24352.");
        var key = territories.ParseFilter(validation, territory);
        validation.Check(support is null || Kebab.TryParse<SupportKind>(support, out _), "support",
            $"must be one of {string.Join(", ", Kebab.Names<SupportKind>())}.");
        validation.Check(actorKind is null || Kebab.TryParse<ActorKind>(actorKind, out _), "actorKind",
            $"must be one of {string.Join(", ", Kebab.Names<ActorKind>())}.");
        validation.ThrowIfInvalid();

        var parts = key!.Split(':', 2);
        // The territory and every one containing it, nearest first (commune, EPCI, département, région).
        var keys = territories.KeysOf(new TerritoryReference(parts[0], parts[1], territories.Vintage))
            .OrderBy(k => Array.IndexOf(Levels, k.Split(':')[0])).ToArray();
        var rank = keys.Select((k, i) => (k, i)).ToDictionary(x => x.k, x => x.i, StringComparer.Ordinal);

        var found = new Dictionary<Guid, (RelayOfferDetails Offer, CoveredAt At, int Rank)>();
        var declared = await session.Query<RelayOfferDetails>()
            .Where(o => o.Status == "active" && o.TerritoryKeys.Any(k => keys.Contains(k)))
            .ToListAsync(ct);
        foreach (var offer in declared)
        {
            var nearest = offer.TerritoryKeys.Where(rank.ContainsKey).MinBy(k => rank[k])!;
            var at = nearest.Split(':', 2);
            Keep(offer, new CoveredAt(at[0], at[1], "offer"), rank[nearest]);
        }

        // Places reach their commune and their EPCI only: a tiers-lieu is no relay for a whole département.
        var placeKeys = keys.Where(k => k.StartsWith("commune:", StringComparison.Ordinal) || k.StartsWith("epci:", StringComparison.Ordinal)).ToArray();
        if (placeKeys.Length > 0)
        {
            var places = await session.Query<PlaceDetails>()
                .Where(p => p.Status == "open" && p.TerritoryKeys.Any(k => placeKeys.Contains(k)))
                .ToListAsync(ct);
            if (places.Count > 0)
            {
                var operators = places.Select(p => p.OperatorId).Distinct().ToArray();
                var offers = await session.Query<RelayOfferDetails>()
                    .Where(o => o.Status == "active" && o.IncludesPlaces && o.ActorId.IsOneOf(operators))
                    .ToListAsync(ct);
                foreach (var offer in offers)
                {
                    foreach (var place in places.Where(p => p.OperatorId == offer.ActorId))
                    {
                        var nearest = place.TerritoryKeys.Where(placeKeys.Contains).MinBy(k => rank[k])!;
                        var at = nearest.Split(':', 2);
                        Keep(offer, new CoveredAt(at[0], at[1], "place", place.Id, place.Name), rank[nearest]);
                    }
                }
            }
        }

        // Filters on the offer's terms, then the actors as the registry holds them now: a relay whose actor ceased
        // or was merged is no one to call.
        var matching = found.Values
            .Where(f => support is null || f.Offer.Supports.Any(s => s.Code.Equals(support, StringComparison.OrdinalIgnoreCase)))
            .Where(f => actorKind is null || f.Offer.ForKinds.Contains(actorKind.ToLowerInvariant()))
            .ToList();
        var actorIds = matching.Select(f => f.Offer.ActorId).ToArray();
        var actors = actorIds.Length == 0
            ? new Dictionary<Guid, ActorDetails>()
            : (await session.LoadManyAsync<ActorDetails>(ct, actorIds)).ToDictionary(a => a.Id);
        var listed = matching
            .Where(f => actors.TryGetValue(f.Offer.ActorId, out var actor) && actor.Status == "active")
            .Select(f => (f.Rank, Relay: new RelayCoverage(f.Offer.ActorId, actors[f.Offer.ActorId].Name, actors[f.Offer.ActorId].Kinds,
                f.Offer.Supports, f.Offer.ForKinds, f.Offer.Mailbox, f.At, f.Offer.Version)))
            .OrderBy(r => r.Rank).ThenBy(r => r.Relay.ActorName, StringComparer.Create(System.Globalization.CultureInfo.GetCultureInfo("fr-FR"), ignoreCase: true))
            .ThenBy(r => r.Relay.ActorId)
            .Select(r => r.Relay)
            .ToList();

        // The relays of one territory are tens, not thousands: paged here, after the nearest-first order, which SQL could not give.
        var items = listed.Skip(paging.Offset).Take(paging.PageSize).ToArray();
        var pages = (listed.Count + paging.PageSize - 1) / paging.PageSize;
        return TypedResults.Ok(new Page<RelayCoverage>(items, paging.Page, paging.PageSize, listed.Count, pages, paging.Page < pages));

        void Keep(RelayOfferDetails offer, CoveredAt at, int atRank)
        {
            if (!found.TryGetValue(offer.ActorId, out var seen) || atRank < seen.Rank)
            {
                found[offer.ActorId] = (offer, at, atRank);
            }
        }
    }
}
