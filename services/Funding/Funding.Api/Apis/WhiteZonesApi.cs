using SocialTech.BuildingBlocks.Http;
using SocialTech.Funding.Flows.Querying;
using SocialTech.Funding.WhiteZones;

namespace SocialTech.Funding.Apis;

/// <summary>
/// The white zones of a territory (issue 18.3; docs/adr/0013): where money could have gone and did not, money per
/// inhabitant, and labels about to leave a territory without one. Open data, as the flows.
/// </summary>
public static class WhiteZonesApi
{
    private const string Common =
        " territory = france (its départements), region:code (its départements) or departement:code (its EPCIs): the children listed. " +
        "format=csv or Accept: text/csv gives a ';'-separated CSV (UTF-8 with BOM, French headers, names neutralised against formulas); " +
        "any other query parameter (a misspelt name) is a 400 naming it, never ignored; an unknown sort is a 400 listing the codes.";

    private const string Period = " from, to (required, inclusive days).";

    public static IEndpointRouteBuilder MapWhiteZonesApi(this IEndpointRouteBuilder app)
    {
        var zones = app.MapGroup("/api/funding/white-zones").WithTags("White zones").AddEndpointFilter<QueryParameterFilter>();

        zones.MapGet("/funding", FundingWhiteZones.Zones)
            .WithName("FundingWhiteZones")
            .WithSummary("Child territories where at least one programme was open during the period and eligible to their actors, and no award was made")
            .WithDescription("A programme is open during the period when its window meets it (opensOn ≤ to, closesOn ≥ from or none, not retired before from); " +
                "eligible in a child when an active actor of the directory has its head office there, inside the programme's eligible territories, with one of its beneficiary kinds " +
                "(an empty list of kinds restricts nothing; a programme always has at least one eligible territory). No award: no grant in the flows' by-territory table (measure awarded, basis beneficiary, same territory and dates, regrants counted once). " +
                "sort = key (default), name, population, eligible-programmes." + Period + Common)
            .Produces<WhiteZoneAnswer<FundingWhiteZone>>()
            .Produces<string>(StatusCodes.Status200OK, "text/csv")
            .ProducesValidationProblem();

        zones.MapGet("/money", FundingWhiteZones.Money)
            .WithName("MoneyPerInhabitant")
            .WithSummary("Money awarded per inhabitant of every child territory over the period, zeros included")
            .WithDescription("Awarded money as the flows' by-territory table counts it (measure awarded, basis beneficiary, regrants counted once) over the municipal population of the referential. " +
                "sort = per-inhabitant (default, smallest first), awarded, population, grants, key, name." + Period + Common)
            .Produces<WhiteZoneAnswer<TerritoryMoney>>()
            .Produces<string>(StatusCodes.Status200OK, "text/csv")
            .ProducesValidationProblem();

        zones.MapGet("/labels", LabelWhiteZones.Handle)
            .WithName("LabelWhiteZones")
            .WithSummary("Labels expiring within withinMonths with no renewal under way, and labels that lapsed, in a territory")
            .WithDescription("withinMonths from 1 to 60 (default 6); on = the day asked of (default today, UTC); lapsedSince = only labels whose last valid day is on or after it. " +
                "A renewal is under way when a submitted application, not decided nor withdrawn, names the label or comes from its holder for the same scheme. " +
                "Labels held by places or networks cannot be placed yet: counted in unlocated. sort = valid-until (default), situation, territory, holder." + Common)
            .Produces<LabelWhiteZoneAnswer>()
            .Produces<string>(StatusCodes.Status200OK, "text/csv")
            .ProducesValidationProblem();

        zones.MapGet("/support", SupportWhiteZones.Handle)
            .WithName("SupportWhiteZones")
            .WithSummary("Rural and QPV communes with no relay, no incubator hub and no tiers-lieu on a day, and the measures of every child territory")
            .WithDescription("A commune is rural when it is classified in France Ruralités Revitalisation (any class: frr, frr-plus, frr-beneficiary, frr-partial, " +
                "frr-beneficiary-partial) or at INSEE density level 5, 6 or 7 (bourgs ruraux, rural à habitat dispersé, très dispersé); it is a support white zone " +
                "when it is rural or has at least one QPV, and on the day: no active relay offer (of an actor active in the directory) names it, its EPCI, département or région, " +
                "no relay point lies in it or its EPCI (an open place of a relay including places, an open hub of a network whose head's offer includes hubs), " +
                "and no incubator hub nor tiers-lieu is open in it. on = the day (default today, UTC; 1900-01-01 to 2999-12-31). children lists every child, zeros included. " +
                "sort = key (default), name, population, departement, epci, qpv-count, density. page from 1, pageSize 1 to 500 (default 50); CSV gives every page." + Common)
            .Produces<SupportWhiteZoneAnswer>()
            .Produces<string>(StatusCodes.Status200OK, "text/csv")
            .ProducesValidationProblem();

        return app;
    }
}
