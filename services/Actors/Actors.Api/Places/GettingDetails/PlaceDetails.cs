using JasperFx.Events;
using Marten;
using Marten.Events.Aggregation;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.Actors.Contracts;
using SocialTech.Actors.Organisations;
using SocialTech.BuildingBlocks.EventStore;
using SocialTech.BuildingBlocks.Http;

namespace SocialTech.Actors.Places.GettingDetails;

/// <summary>A place's public record, kept inline with its stream (same transaction as the append).</summary>
/// <param name="OperatorId">The registry actor that runs it: <c>/api/actors/{operatorId}</c>.</param>
/// <param name="Status"><c>open</c> or <c>closed</c>.</param>
/// <param name="TerritoryKeys">Its commune with every territory containing it (<c>departement:24</c>…): what
/// territory search matches on, at any level.</param>
/// <param name="SearchName">The name lower-cased without accents, for text search.</param>
public sealed record PlaceDetails(
    Guid Id,
    string Name,
    IReadOnlyList<string> Typologies,
    CommuneReference Commune,
    Guid OperatorId,
    Uri? Website,
    DateOnly OpenedOn,
    string Status,
    DateOnly? ClosedOn,
    string? ClosureReason,
    DateTimeOffset RecordedAt,
    IReadOnlyList<string> TerritoryKeys,
    string SearchName)
{
    public long Version { get; init; }

    public static PlaceDetails From(Place state, IKnownTerritories territories) => new(
        state.Id,
        state.Description.Name,
        state.Description.Typologies.Select(Kebab.Name).ToArray(),
        state.Description.Commune,
        state.Description.OperatorId,
        state.Description.Website,
        state.OpenedOn,
        Kebab.Name(state.Status),
        state.Closure?.ClosedOn,
        state.Closure?.Reason,
        state.RecordedAt,
        territories.KeysOf(new TerritoryReference("commune", state.Description.Commune.Code, state.Description.Commune.Vintage)),
        SearchText.Fold(state.Description.Name))
    {
        Version = state.Version,
    };
}

/// <summary>Folds the place's events, then derives the public record and its territory keys.</summary>
public sealed class PlaceDetailsProjection : OwnStreamProjection<PlaceDetails>
{
    private readonly IKnownTerritories territories;
    public PlaceDetailsProjection(IKnownTerritories territories)
        : base(Place.EventTypes)
    {
        this.territories = territories;
    }

    // No state on the instance: one projection object serves every session at once.
    public override PlaceDetails? Evolve(PlaceDetails? snapshot, Guid id, IEvent e) =>
        Place.Fold(Rebuild(snapshot), e.Data) is { } next
            ? PlaceDetails.From(next with { Version = e.Version }, territories)
            : snapshot;

    /// <summary>The record holds the whole state, so the state is read back from it without loss.</summary>
    private static Place? Rebuild(PlaceDetails? snapshot) => snapshot is null
        ? null
        : new Place(
            snapshot.Id,
            new PlaceDescription(
                snapshot.Name,
                snapshot.Typologies.Select(t => Kebab.TryParse<PlaceTypology>(t, out var typology) ? typology : throw new InvalidOperationException($"Unknown typology {t}")).ToArray(),
                snapshot.Commune,
                snapshot.OperatorId,
                snapshot.Website),
            snapshot.OpenedOn,
            Kebab.TryParse<PlaceStatus>(snapshot.Status, out var status) ? status : PlaceStatus.Open,
            snapshot is { ClosedOn: { } closedOn, ClosureReason: { } reason } ? new PlaceClosure(closedOn, reason) : null,
            snapshot.RecordedAt) { Version = snapshot.Version };
}

public static class GetPlaceDetails
{
    public static async Task<Results<Ok<PlaceDetails>, NotFound>> Handle(
        Guid id, IQuerySession session, HttpResponse response, CancellationToken ct)
    {
        var details = await session.LoadAsync<PlaceDetails>(id, ct);
        if (details is null)
        {
            return TypedResults.NotFound();
        }

        ETag.Set(response, details.Version);
        return TypedResults.Ok(details);
    }
}
