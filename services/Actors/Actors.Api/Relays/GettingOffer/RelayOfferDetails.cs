using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.Actors.Contracts;
using SocialTech.Actors.Organisations;
using SocialTech.BuildingBlocks.EventStore;
using SocialTech.BuildingBlocks.Http;

namespace SocialTech.Actors.Relays.GettingOffer;

/// <summary>A kind of support: its stable code and the French wording a person reads.</summary>
public sealed record SupportOffered(string Code, string Label)
{
    public static SupportOffered Of(SupportKind kind) => new(Kebab.Name(kind), SupportKinds.Label(kind));
}

/// <summary>An actor's relay offer, kept inline with its stream (same transaction as the append).</summary>
/// <param name="Id">The offer's id (one per actor).</param>
/// <param name="ActorId">The actor that offers it: <c>/api/actors/{actorId}</c>.</param>
/// <param name="Supports">The kinds of support, with their French wording.</param>
/// <param name="ForKinds">The kinds of actor it supports, kebab-case.</param>
/// <param name="Territories">Where it acts, as declared.</param>
/// <param name="TerritoryKeys">The same as <c>level:code</c> keys: what the coverage list matches on.</param>
/// <param name="Mailbox">Its role mailbox.</param>
/// <param name="IncludesPlaces">Whether the places it runs count as relay points of their commune and EPCI.</param>
/// <param name="Status"><c>active</c> or <c>withdrawn</c>.</param>
/// <param name="IncludesHubs">Whether the open hubs in France of the networks it heads count as relay points of their commune and EPCI.</param>
public sealed record RelayOfferDetails(
    Guid Id,
    Guid ActorId,
    IReadOnlyList<SupportOffered> Supports,
    IReadOnlyList<string> ForKinds,
    IReadOnlyList<TerritoryReference> Territories,
    IReadOnlyList<string> TerritoryKeys,
    string Mailbox,
    bool IncludesPlaces,
    string Status,
    DateTimeOffset DeclaredAt,
    bool IncludesHubs = false)
{
    public long Version { get; init; }

    public static RelayOfferDetails From(RelayOffer state) => new(
        state.Id,
        state.ActorId,
        state.Terms.Supports.Select(SupportOffered.Of).ToArray(),
        state.Terms.ForKinds.Select(Kebab.Name).ToArray(),
        state.Terms.Territories,
        state.Terms.Territories.Select(t => $"{t.Level}:{t.Code}").ToArray(),
        state.Terms.Mailbox,
        state.Terms.IncludesPlaces,
        Kebab.Name(state.Status),
        state.DeclaredAt,
        state.Terms.IncludesHubs)
    {
        Version = state.Version,
    };
}

/// <summary>Folds the offer's events into its public record. The write side reads <see cref="RelayOffer"/> from the stream.</summary>
public sealed class RelayOfferDetailsProjection : OwnStreamProjection<RelayOfferDetails>
{
    public RelayOfferDetailsProjection()
        : base(RelayOffer.EventTypes)
    {
    }

    // Each event carries the whole terms, so the record is rebuilt from the event and the few fields it keeps.
    public override RelayOfferDetails? Evolve(RelayOfferDetails? snapshot, Guid id, IEvent e) => e.Data switch
    {
        RelayOfferDeclared d => RelayOfferDetails.From(new RelayOffer(d.OfferId, d.ActorId, d.Terms, RelayOfferStatus.Active, null, d.DeclaredAt) { Version = e.Version }),
        RelayOfferChanged c when snapshot is not null => RelayOfferDetails.From(
            new RelayOffer(snapshot.Id, snapshot.ActorId, c.Terms, RelayOfferStatus.Active, null, snapshot.DeclaredAt) { Version = e.Version }),
        RelayOfferWithdrawn when snapshot is not null => snapshot with { Status = Kebab.Name(RelayOfferStatus.Withdrawn), Version = e.Version },
        _ => snapshot,
    };
}

public static class GetRelayOffer
{
    /// <remarks>A withdrawn offer is still answered (status <c>withdrawn</c>, with its ETag): it is history, and declaring again starts from it.
    /// An actor that never declared one is a 404 (a problem document, as every 404 of the service).</remarks>
    public static async Task<Results<Ok<RelayOfferDetails>, NotFound>> Handle(
        Guid actorId, IQuerySession session, HttpResponse response, CancellationToken ct)
    {
        var details = await session.LoadAsync<RelayOfferDetails>(RelayOffer.IdOf(actorId), ct);
        if (details is null)
        {
            return TypedResults.NotFound();
        }

        ETag.Set(response, details.Version);
        return TypedResults.Ok(details);
    }
}
