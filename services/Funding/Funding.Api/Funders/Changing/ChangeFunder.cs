using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.Actors.Directory;
using SocialTech.BuildingBlocks.EventStore;
using SocialTech.BuildingBlocks.Http;
using SocialTech.Funding.Funders.GettingDetails;
using SocialTech.Funding.Territories;

namespace SocialTech.Funding.Funders.Changing;

public static class ChangeFunder
{
    /// <summary>
    /// Replaces the funder's type and territory; the same again appends nothing. Grants already recorded keep the
    /// funder type they were given with: a change says what the funder is now, not what it was then.
    /// </summary>
    public static IReadOnlyList<object> Decide(Funder funder, FunderRequest request, IFundingTerritories territories, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(funder);
        ArgumentNullException.ThrowIfNull(request);
        var validation = new Validation();
        var (type, territory) = FunderRules.Check(validation, request.FunderType, request.Territory, territories);
        validation.ThrowIfInvalid();
        return type == funder.FunderType && territory == funder.Territory ? [] : [new FunderChanged(funder.Id, type, territory, now)];
    }

    public static async Task<Ok<FunderDetails>> Handle(
        Guid id, FunderRequest body, HttpRequest request, IDocumentSession session, IFundingTerritories territories, TimeProvider clock,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var version = await session.DecideAndAppendAsync<Funder>(id, ETag.ExpectedVersion(request), funder => Decide(funder, body, territories, clock.GetUtcNow()), ct);
        var funder = await session.LoadAsync<Funder>(id, ct);
        ETag.Set(request.HttpContext.Response, version);
        return TypedResults.Ok(FunderDetails.From(funder!, await session.LoadAsync<DirectoryActor>(id, ct), territories));
    }
}
