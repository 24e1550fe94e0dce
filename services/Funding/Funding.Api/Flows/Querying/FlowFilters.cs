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

    /// <summary>A day (<c>2025-03-03</c>: the end of that day, UTC) or an instant with its offset (<c>2025-03-03T10:00:00+01:00</c>).</summary>
    [FromQuery(Name = "asKnownOn")]
    public string? AsKnownOn { get; init; }

    /// <summary>The earlier name of <see cref="AsKnownOn"/>, still accepted; giving both is a 400.</summary>
    [FromQuery(Name = "asOf")]
    public string? AsOf { get; init; }

    [FromQuery(Name = "recipient")]
    public Guid? Recipient { get; init; }

    [FromQuery(Name = "funder")]
    public Guid? Funder { get; init; }

    [FromQuery(Name = "programme")]
    public Guid? Programme { get; init; }

    /// <summary>One kind of recipient (<c>association</c>, <c>scic</c>…, or <c>unknown</c> for recipients without any).</summary>
    [FromQuery(Name = "recipientKind")]
    public string? RecipientKind { get; init; }

    /// <summary>The service's clock: "as known on" a moment still to come is refused.</summary>
    [FromServices]
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>The "as known on" moment as given, under either name.</summary>
    public string? KnownOn => AsKnownOn ?? AsOf;

    public FlowScope Parse(Validation validation, TerritoryReferential referential)
    {
        ArgumentNullException.ThrowIfNull(validation);
        validation.Check(AsKnownOn is null || AsOf is null, "asOf", "is the earlier name of asKnownOn: give one of them.");
        return FlowScope.Parse(validation, referential, Territory, Basis, Measure, From, To, KnownOn, Recipient, Funder, Programme, RecipientKind,
            Clock.GetUtcNow(), AsKnownOn is null && AsOf is not null ? "asOf" : "asKnownOn");
    }
}
