using JasperFx.Events;
using Marten;
using Marten.Events.Aggregation;
using Marten.Pagination;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.Actors.Directory;
using SocialTech.BuildingBlocks.EventStore;
using SocialTech.BuildingBlocks.Http;
using SocialTech.Funding.Grants;
using SocialTech.Funding.Territories;

namespace SocialTech.Funding.Funders.GettingDetails;

/// <summary>A funder as Funding knows it: the directory's name, and its declared type and territory.</summary>
/// <param name="FunderType">Kebab-case: <c>state</c>, <c>region</c>, <c>departement</c>, <c>epci</c>, <c>commune</c>, <c>eu-fund</c>, <c>foundation</c>, <c>company</c>.</param>
/// <param name="Territory">Its own territory, <c>level:code</c>, or null.</param>
/// <param name="TerritoryName">That territory's name in the referential.</param>
public sealed record FunderDetails(Guid Id, string? Name, string FunderType, string? Territory, string? TerritoryName, long Version)
{
    public static FunderDetails From(Funder funder, DirectoryActor? actor, IFundingTerritories territories)
    {
        ArgumentNullException.ThrowIfNull(funder);
        ArgumentNullException.ThrowIfNull(territories);
        return new(funder.Id, actor?.Name, Kebab.Name(funder.FunderType), funder.Territory,
            funder.Territory is null ? null : territories.NameOf(funder.Territory), funder.Version);
    }
}

/// <summary>The funder's state, kept inline next to its stream; GET maps it on the way out.</summary>
public sealed class FunderProjection : OwnStreamProjection<Funder>
{
    public FunderProjection()
        : base(Funder.EventTypes)
    {
    }

    public override Funder? Evolve(Funder? snapshot, Guid id, IEvent e) =>
        Funder.Fold(snapshot, e.Data) is { } next ? next with { Version = e.Version } : snapshot;
}

public static class GetFunderDetails
{
    public static async Task<Results<Ok<FunderDetails>, NotFound>> Handle(
        Guid id, IQuerySession session, IFundingTerritories territories, HttpResponse response, CancellationToken ct)
    {
        if (await session.LoadAsync<Funder>(id, ct) is not { } funder)
        {
            return TypedResults.NotFound();
        }

        ETag.Set(response, funder.Version);
        return TypedResults.Ok(FunderDetails.From(funder, await session.LoadAsync<DirectoryActor>(id, ct), territories));
    }

    /// <param name="type">A funder type, kebab-case.</param>
    /// <param name="territory"><c>level:code</c>: funders whose own territory is it or lies within it.</param>
    public static async Task<Ok<Page<FunderDetails>>> List(
        IQuerySession session, IFundingTerritories territories, CancellationToken ct, string? type = null, string? territory = null,
        int page = 1, int pageSize = 50)
    {
        var paging = PageRequest.Validate(page, pageSize);
        FunderType funderType = default;
        var key = territory?.Trim().ToLowerInvariant();
        new Validation()
            .Check(type is null || Kebab.TryParse(type, out funderType), "type", $"must be one of {string.Join(", ", FunderRules.Declarable.Select(Kebab.Name))}.")
            .Check(key is null || territories.Exists(key), "territory", $"'{territory}' is not a territory; write level:code, e.g. region:84.")
            .ThrowIfInvalid();

        // Few funders (hundreds): filter by territory in memory, where the referential says what contains what.
        var all = await session.Query<Funder>().ToListAsync(ct);
        var found = all.Where(f => type is null || f.FunderType == funderType)
            .Where(f => key is null || (f.Territory is { } own && territories.KeysOf(own).Contains(key)))
            .ToArray();
        var actors = found.Length == 0 ? [] : (await session.LoadManyAsync<DirectoryActor>(ct, found.Select(f => f.Id))).ToDictionary(a => a.Id);
        var details = found.Select(f => FunderDetails.From(f, actors.GetValueOrDefault(f.Id), territories))
            .OrderBy(d => d.Name, StringComparer.Ordinal).ThenBy(d => d.Id).ToArray();
        var pages = (details.Length + paging.PageSize - 1) / paging.PageSize;
        return TypedResults.Ok(new Page<FunderDetails>(
            details.Skip(paging.Offset).Take(paging.PageSize).ToArray(), paging.Page, paging.PageSize, details.Length, pages,
            paging.Page < pages));
    }
}
