using Marten;
using Marten.Pagination;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.Actors.Directory;
using SocialTech.BuildingBlocks.Http;
using SocialTech.IncubatorNetworks.Networks.GettingDetails;

namespace SocialTech.IncubatorNetworks.Ventures.ListingByActor;

/// <summary>A venture a network supported that became the actor (incorporated under its SIREN).</summary>
/// <param name="NetworkId">The network that supported it: <c>/api/networks/{networkId}/ventures/{ventureRef}</c>.</param>
/// <param name="NetworkName">That network's name.</param>
/// <param name="VentureRef">The network's own reference of the venture.</param>
/// <param name="Name">The venture's name, as the network published it.</param>
/// <param name="ProgrammeRef">The network's programme it was admitted to.</param>
/// <param name="CohortRef">Its cohort, when it joined one.</param>
/// <param name="Phase">Where it stands: <c>idea</c>, <c>emergence</c>, <c>creation</c>, <c>launch</c> or <c>growth</c>.</param>
/// <param name="Status"><c>supported</c>, <c>graduated</c>, <c>exited</c> or <c>abandoned</c>.</param>
/// <param name="AdmittedOn">The day it was admitted.</param>
/// <param name="EndedOn">The day its support ended, if it did.</param>
/// <param name="Siren">The SIREN it was incorporated under: the actor's.</param>
/// <param name="FundingRaisedEuros">What it raised while supported, all kinds together.</param>
public sealed record ActorVenture(
    Guid NetworkId, string NetworkName, string VentureRef, string Name, string ProgrammeRef, string? CohortRef, string Phase, string Status,
    DateOnly AdmittedOn, DateOnly? EndedOn, string Siren, decimal FundingRaisedEuros);

public static class ListActorVentures
{
    /// <summary>
    /// The ventures incorporated under the actor's SIREN, as the directory knows it, newest admission first, paginated.
    /// The SIREN is the link a network gives (venture-incorporated), as the Actors service links them: an actor without
    /// one, or one the directory does not know yet, has none (an empty page).
    /// </summary>
    public static async Task<Ok<Page<ActorVenture>>> Handle(
        Guid actorId, HttpRequest request, IQuerySession session, CancellationToken ct, int page = 1, int pageSize = 50)
    {
        var validation = new Validation().OnlyThese(request.Query, "page", "pageSize");
        var paging = PageRequest.Check(validation, page, pageSize);
        validation.ThrowIfInvalid();

        var siren = (await session.LoadAsync<DirectoryActor>(actorId, ct))?.Identifiers.Siren;
        if (siren is null)
        {
            return TypedResults.Ok(new Page<ActorVenture>([], paging.Page, paging.PageSize, 0, 0, false));
        }

        var ventures = await session.Query<Venture>()
            .Where(v => v.Siren == siren)
            .OrderByDescending(v => v.AdmittedOn).ThenBy(v => v.Id)
            .ToPagedListAsync(paging.Page, paging.PageSize, ct);
        var networkIds = ventures.Select(v => v.NetworkId).Distinct().ToArray();
        var names = networkIds.Length == 0 ? new Dictionary<Guid, string>()
            : (await session.LoadManyAsync<NetworkDetails>(ct, networkIds)).ToDictionary(n => n.Id, n => n.Name);
        var items = ventures.Select(v => new ActorVenture(
                v.NetworkId, names.GetValueOrDefault(v.NetworkId) ?? "", v.Ref, v.Name, v.ProgrammeRef, v.CohortRef, Kebab.Name(v.Phase),
                Kebab.Name(v.Status), v.AdmittedOn, v.EndedOn, v.Siren!, v.FundingRaisedEuros))
            .ToArray();
        return TypedResults.Ok(new Page<ActorVenture>(items, ventures.PageNumber, ventures.PageSize, ventures.TotalItemCount, ventures.PageCount, ventures.HasNextPage));
    }
}
