using SocialTech.BuildingBlocks.Http;
using SocialTech.Funding.Flows.Caching;
using SocialTech.Funding.Flows.Querying;

namespace SocialTech.Funding.Apis;

/// <summary>
/// Every funding-flow query, answered from the flow rows (one per grant × funder × beneficiary commune). All take
/// <c>territory</c> (<c>level:code</c>), <c>basis</c> (<c>beneficiary</c> | <c>head-office</c>), <c>measure</c>
/// (<c>awarded</c> | <c>committed</c> | <c>disbursed</c>), <c>from</c>/<c>to</c>, <c>recipient</c>, <c>funder</c>,
/// <c>programme</c>, <c>recipientKind</c> and <c>asKnownOn</c> (<see cref="FlowFilters"/>); cancelled grants never count.
/// </summary>
public static class FlowsApi
{
    private const string Scope =
        " Filters: territory=level:code (commune, epci, departement, region); basis=beneficiary (default: where the money is used) or " +
        "head-office (where the recipient's head office was at decision time); measure=awarded (default: the amount decided, dated by the decision), " +
        "committed (the awarded amount of grants whose agreement is signed, dated by the signing) or disbursed (the payments, each dated by its day); " +
        "from, to (inclusive dates, on the measure's date); recipient, funder, programme (ids: one recipient's money, one funder's parts, one programme's grants); " +
        "recipientKind (association, scop, scic, social-enterprise, esus-company, csr-company, local-authority, state-service, foundation, incubator, " +
        "network-head, tiers-lieu-operator, research-body, or unknown for recipients without a kind: the grants to recipients of that kind, as the directory " +
        "knew them at decision time); asKnownOn = a day (YYYY-MM-DD: as known at the end of that day, UTC) or an instant with its offset " +
        "(2025-03-03T10:00:00+01:00 or …Z): the answer Funding gave then, before later amendments, agreements, payments and cancellations were recorded " +
        "(default: now; a moment in the future is a 400; asOf is its earlier name). The Sankey graph takes them all (a regranted euro keeps its origin's funder and programme). " +
        "Any other query parameter (a misspelt name) is a 400 naming it, never ignored. Cancelled grants never count; the measures are never added together. " +
        "Answers carry an ETag (If-None-Match gives 304) and are kept in memory until grants change; Cache-Control: no-cache recomputes.";

    public static IEndpointRouteBuilder MapFlowsApi(this IEndpointRouteBuilder app)
    {
        // Every flow answer is an aggregate that only changes when grants are written: cached per data version, with ETags
        // (docs/adr/0009-flow-answer-cache.md). The exports, which stream rows, live under /api/funding/exports.
        var flows = app.MapGroup("/api/funding/flows").WithTags("Funding flows")
            .AddEndpointFilter<QueryParameterFilter>().AddEndpointFilter<FlowAnswerCacheFilter>();

        flows.MapGet("/by-territory", FlowQueries.ByTerritory)
            .WithName("FlowsByTerritory")
            .WithSummary("Money per child territory: total, count of grants, median grant")
            .WithDescription("level = the child level (commune, epci, departement, region), below territory's level; by default the next one down, or régions without a territory. Paginated, largest first." + Scope)
            .ProducesValidationProblem();

        flows.MapGet("/by-funder", FlowQueries.ByFunder)
            .WithName("FlowsByFunder")
            .WithSummary("Money per funder, with its funder type: total, count of grants, median grant")
            .WithDescription("A co-funded grant counts under each funder for that funder's part. Paginated, largest first." + Scope)
            .ProducesValidationProblem();

        flows.MapGet("/by-funder-type", FlowQueries.ByFunderType)
            .WithName("FlowsByFunderType")
            .WithSummary("Money per funder type (state, region, departement, epci, commune, eu-fund, foundation, company, other): total, count of grants, median grant")
            .WithDescription("Each funder's part counts under the type it was given with on the grant (by default its declared type). Paginated, largest first." + Scope)
            .ProducesValidationProblem();

        flows.MapGet("/by-theme", FlowQueries.ByTheme)
            .WithName("FlowsByTheme")
            .WithSummary("Money per theme of the grants' programmes; grants outside any programme under 'none'")
            .WithDescription("A programme with several themes counts under each, so groups may add up to more than the total. Paginated, largest first." + Scope)
            .ProducesValidationProblem();

        flows.MapGet("/by-programme", FlowQueries.ByProgramme)
            .WithName("FlowsByProgramme")
            .WithSummary("Money per programme, with its name and themes; grants outside any programme under 'none'")
            .WithDescription("Paginated, largest first." + Scope)
            .ProducesValidationProblem();

        flows.MapGet("/by-period", FlowQueries.ByPeriod)
            .WithName("FlowsByPeriod")
            .WithSummary("Money per year (of decision, or of payment for disbursed) or per fiscal year")
            .WithDescription("granularity=year (default) or fiscal-year; a grant charged to several fiscal years is split evenly across them, in cents, the remainder to the first. Paginated, largest first." + Scope)
            .ProducesValidationProblem();

        flows.MapGet("/by-recipient", FlowQueries.ByRecipient)
            .WithName("FlowsByRecipient")
            .WithSummary("Money per recipient, with its name: total, count of grants, median grant")
            .WithDescription("sort=total (default: largest first) or grants (most grants first). What an intermediary holds and has not regranted yet counts under it. Paginated." + Scope)
            .ProducesValidationProblem();

        flows.MapGet("/by-recipient-kind", FlowQueries.ByRecipientKind)
            .WithName("FlowsByRecipientKind")
            .WithSummary("Money per kind of recipient (association, scic…), as the directory knew it at decision time")
            .WithDescription("A recipient of several kinds counts under each, so groups may add up to more than the total. Paginated, largest first." + Scope)
            .ProducesValidationProblem();

        flows.MapGet("/qpv-rural", FlowQueries.QpvRural)
            .WithName("FlowsToQpvAndRural")
            .WithSummary("Share of the money going to communes with a QPV and to rural communes, against their share of the territory's population")
            .WithDescription("territory is required. Populations are municipal populations of the referential's communes; a commune counts as QPV when it holds at least one quartier prioritaire, as rural at INSEE density 5 to 7." + Scope)
            .ProducesValidationProblem();

        flows.MapGet("/concentration", FlowQueries.ConcentrationOf)
            .WithName("FlowsConcentration")
            .WithSummary("Concentration on recipients: funders per recipient, top-10 recipients' share, Herfindahl index")
            .WithDescription("Herfindahl = sum of the squares of each recipient's share, from 0 to 1." + Scope)
            .ProducesValidationProblem();

        flows.MapGet("/concentration/by-territory", FlowQueries.ConcentrationByTerritory)
            .WithName("FlowsConcentrationByTerritory")
            .WithSummary("Concentration per child territory: recipients, funders per recipient, top-10 recipients' share, Herfindahl index")
            .WithDescription("level = the child level, as in by-territory. Each territory's figures are over the money located in it. Paginated, largest total first." + Scope)
            .ProducesValidationProblem();

        flows.MapGet("/sankey", FlowSankey.Handle)
            .WithName("FlowsSankey")
            .WithSummary("Flow graph for a Sankey diagram: funders → intermediaries → territories → recipient kinds, regranted money counted once")
            .WithDescription("Nodes: funder:{actorId}, intermediary:{actorId} (the recipient of a grant that other grants name as parentGrantId), " +
                "territory:{level:code} (the child level of territory, as in by-territory; the commune itself for a commune; level overrides), kind:{kind} (the recipient's first kind). " +
                "A parent grant's money flows funder → intermediary; its child grants' money flows intermediary → territory (their other co-funders' parts funder → territory); " +
                "other grants' money flows funder → territory; then territory → kind. total = the sum of the links leaving the funder column." + Scope)
            .ProducesValidationProblem();

        return app;
    }
}
