using JasperFx.Events;
using Marten;
using Marten.Events.Aggregation;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.BuildingBlocks.EventStore;
using SocialTech.BuildingBlocks.Http;

namespace SocialTech.IncubatorNetworks.Networks.GettingDetails;

/// <param name="Role"><c>incubator</c> or <c>tiers-lieu</c>.</param>
public sealed record MemberView(Guid ActorId, string Role, DateOnly JoinedOn, DateOnly? LeftOn, string? LeavingReason);

/// <summary>A network's public record, kept inline with its stream (same transaction as the append).</summary>
/// <param name="HeadActorId">The registry actor that heads it: <c>/api/networks/actors/{headActorId}</c>.</param>
/// <param name="Members">Memberships in force.</param>
/// <param name="FormerMembers">Memberships that ended, kept as history.</param>
/// <param name="TerritoryKeys">Where its open hubs are (<c>commune:69123</c>, <c>departement:69</c>, <c>country:DE</c>).</param>
/// <param name="SearchName">The name lower-cased without accents, for text search.</param>
public sealed record NetworkDetails(
    Guid Id,
    string Name,
    Guid HeadActorId,
    Uri? Website,
    IReadOnlyList<Hub> Hubs,
    IReadOnlyList<MemberView> Members,
    IReadOnlyList<MemberView> FormerMembers,
    DateTimeOffset RecordedAt,
    IReadOnlyList<string> TerritoryKeys,
    string SearchName)
{
    public long Version { get; init; }

    public static NetworkDetails From(Network state) => new(
        state.Id,
        state.Name,
        state.HeadActorId,
        state.Website,
        state.Hubs,
        state.Memberships.Where(m => m.LeftOn is null).Select(View).ToArray(),
        state.Memberships.Where(m => m.LeftOn is not null).Select(View).ToArray(),
        state.RecordedAt,
        state.OpenHubs.SelectMany(h => NetworkRules.TerritoryKeysOf(h.Location)).Distinct().ToArray(),
        SearchText.Fold(state.Name))
    {
        Version = state.Version,
    };

    private static MemberView View(Membership m) => new(m.ActorId, Kebab.Name(m.Role), m.JoinedOn, m.LeftOn, m.LeavingReason);

    /// <summary>The record holds the whole state, so the state is read back from it without loss.</summary>
    public Network ToState() => new(
        Id, Name, HeadActorId, Website, Hubs,
        Members.Concat(FormerMembers)
            .OrderBy(m => m.JoinedOn)
            .Select(m => new Membership(m.ActorId,
                Kebab.TryParse<MemberRole>(m.Role, out var role) ? role : throw new InvalidOperationException($"Unknown role {m.Role}"),
                m.JoinedOn, m.LeftOn, m.LeavingReason))
            .ToArray(),
        RecordedAt) { Version = Version };
}

/// <summary>Folds the network's events, then derives the public record and its territory keys.</summary>
public sealed class NetworkDetailsProjection : OwnStreamProjection<NetworkDetails>
{
    public NetworkDetailsProjection()
        : base(Network.EventTypes)
    {
    }

    public override NetworkDetails? Evolve(NetworkDetails? snapshot, Guid id, IEvent e) =>
        Network.Fold(snapshot?.ToState(), e.Data) is { } next
            ? NetworkDetails.From(next with { Version = e.Version })
            : snapshot;
}

public static class GetNetworkDetails
{
    public static async Task<Results<Ok<NetworkDetails>, NotFound>> Handle(
        Guid networkId, IQuerySession session, HttpResponse response, CancellationToken ct)
    {
        var details = await session.LoadAsync<NetworkDetails>(networkId, ct);
        if (details is null)
        {
            return TypedResults.NotFound();
        }

        ETag.Set(response, details.Version);
        return TypedResults.Ok(details);
    }
}
