using Microsoft.AspNetCore.Mvc;
using SocialTech.Actors.Territories;
using SocialTech.BuildingBlocks.Http;

namespace SocialTech.Funding.Flows.Querying;

/// <summary>
/// The query-string filters that every flow query, the Sankey graph and both exports take, bound once with
/// <c>[AsParameters]</c>: a filter added here reaches all of them, and <see cref="FlowScope.Parse"/> checks it.
/// </summary>
public sealed class FlowFilters
{
    [FromQuery(Name = "territory")]
    public string? Territory { get; init; }

    [FromQuery(Name = "basis")]
    public string? Basis { get; init; }

    [FromQuery(Name = "measure")]
    public string? Measure { get; init; }

    [FromQuery(Name = "from")]
    public DateOnly? From { get; init; }

    [FromQuery(Name = "to")]
    public DateOnly? To { get; init; }

    [FromQuery(Name = "asOf")]
    public DateOnly? AsOf { get; init; }

    [FromQuery(Name = "recipient")]
    public Guid? Recipient { get; init; }

    [FromQuery(Name = "funder")]
    public Guid? Funder { get; init; }

    [FromQuery(Name = "programme")]
    public Guid? Programme { get; init; }

    public FlowScope Parse(Validation validation, TerritoryReferential referential) =>
        FlowScope.Parse(validation, referential, Territory, Basis, Measure, From, To, AsOf, Recipient, Funder, Programme);
}
