using JasperFx.Events;
using Marten;
using Marten.Events.Aggregation;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.Actors.Contracts;
using SocialTech.BuildingBlocks.EventStore;
using SocialTech.BuildingBlocks.Http;

namespace SocialTech.Actors.Organisations.GettingDetails;

/// <summary>An actor's public profile, kept inline with its stream (same transaction as the append).</summary>
/// <param name="TerritoryKeys">Its head office and places of action with every territory containing them
/// (<c>departement:24</c>…): what territory search matches on, at any level.</param>
/// <param name="SearchName">The name lower-cased without accents, for text search.</param>
public sealed record ActorDetails(
    Guid Id,
    string Name,
    IReadOnlyList<string> Kinds,
    ActorIdentifiers Identifiers,
    string? LegalCategory,
    bool Ess,
    EsusAgreement? Esus,
    CommuneReference HeadOffice,
    IReadOnlyList<TerritoryReference> PlacesOfAction,
    Uri? Website,
    string? Mailbox,
    string Status,
    Guid? MergedInto,
    DateTimeOffset RegisteredAt,
    IReadOnlyList<string> TerritoryKeys,
    string SearchName)
{
    public long Version { get; init; }

    /// <summary>Ventures incubator networks supported that became this organisation, with the network that said so.</summary>
    public IReadOnlyList<LinkingVentures.SupportedVenture> Ventures { get; init; } = [];

    public static ActorDetails From(Organisation state, IKnownTerritories territories) => new(
        state.Id,
        state.Profile.Name,
        state.Kinds.Select(Kebab.Name).ToArray(),
        state.Identifiers,
        state.Profile.LegalCategory,
        state.Profile.Ess,
        state.Profile.Esus,
        state.HeadOffice,
        state.PlacesOfAction,
        state.Profile.Website,
        state.Profile.Mailbox,
        Kebab.Name(state.Status),
        state.MergedInto,
        state.RegisteredAt,
        territories.KeysOf(new TerritoryReference("commune", state.HeadOffice.Code, state.HeadOffice.Vintage))
            .Concat(state.PlacesOfAction.SelectMany(territories.KeysOf)).Distinct().ToArray(),
        SearchText.Fold(state.Profile.Name))
    {
        Version = state.Version,
        Ventures = state.Ventures,
    };
}

/// <summary>Folds the organisation's events, then derives the public profile and its territory keys.</summary>
public sealed class ActorDetailsProjection : OwnStreamProjection<ActorDetails>
{
    private readonly IKnownTerritories territories;
    public ActorDetailsProjection(IKnownTerritories territories)
        : base(Organisation.EventTypes)
    {
        this.territories = territories;
    }

    // No state on the instance: one projection object serves every session at once.
    public override ActorDetails? Evolve(ActorDetails? snapshot, Guid id, IEvent e) =>
        Organisation.Fold(Rebuild(snapshot), e.Data) is { } next
            ? ActorDetails.From(next with { Version = e.Version }, territories)
            : snapshot;

    /// <summary>The profile holds the whole state, so the state is read back from it without loss.</summary>
    private static Organisation? Rebuild(ActorDetails? snapshot) => snapshot is null
        ? null
        : new Organisation(
            snapshot.Id,
            new ProfileDetails(snapshot.Name, snapshot.LegalCategory, snapshot.Ess, snapshot.Esus, snapshot.Website, snapshot.Mailbox),
            snapshot.Kinds.Select(k => Kebab.TryParse<ActorKind>(k, out var kind) ? kind : throw new InvalidOperationException($"Unknown kind {k}")).ToArray(),
            snapshot.Identifiers,
            snapshot.HeadOffice,
            snapshot.PlacesOfAction,
            Kebab.TryParse<ActorStatus>(snapshot.Status, out var status) ? status : ActorStatus.Active,
            snapshot.MergedInto,
            snapshot.RegisteredAt) { Version = snapshot.Version, Ventures = snapshot.Ventures };
}

public static class GetActorDetails
{
    public static async Task<Results<Ok<ActorDetails>, NotFound>> Handle(
        Guid id, IQuerySession session, HttpResponse response, CancellationToken ct)
    {
        var details = await session.LoadAsync<ActorDetails>(id, ct);
        if (details is null)
        {
            return TypedResults.NotFound();
        }

        ETag.Set(response, details.Version);
        return TypedResults.Ok(details);
    }
}
