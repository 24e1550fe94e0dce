using SocialTech.Actors.Contracts;
using SocialTech.Actors.Organisations;
using SocialTech.BuildingBlocks.Http;
using SocialTech.BuildingBlocks.Identifiers;
using SocialTech.BuildingBlocks.Text;

namespace SocialTech.Actors.Relays;

/// <summary>
/// The kinds of support a relay offers. Codes travel kebab-case (<c>funding-advice</c>) and never change; the French
/// wording a person reads is <see cref="SupportKinds.Label"/>.
/// </summary>
public enum SupportKind
{
    FundingAdvice,
    ProjectSupport,
    Incubation,
    Acceleration,
    LabelPreparation,
    LegalAdvice,
    Training,
    Networking,
    Premises,
    Equipment,
    Mentoring,
    PublicProcurement,
}

public static class SupportKinds
{
    /// <summary>What a person reads for each code (portal, exports), from the platform's one wording catalogue.</summary>
    public static string Label(SupportKind kind) =>
        Enum.IsDefined(kind) ? FrenchWording.Capitalised(FrenchWording.Of(kind)) : throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
}

public enum RelayOfferStatus
{
    Active,
    Withdrawn,
}

/// <summary>What a relay offers, as one value: declaring and changing both carry it.</summary>
/// <param name="Supports">The kinds of support it gives.</param>
/// <param name="ForKinds">The kinds of actor it supports.</param>
/// <param name="Territories">Where it acts: communes, EPCIs, départements, régions.</param>
/// <param name="Mailbox">A role mailbox (contact@, accueil@…), never a person's.</param>
/// <param name="IncludesPlaces">Whether the places (tiers-lieux) it runs count as relay points of their commune and EPCI.</param>
/// <param name="IncludesHubs">Whether the open hubs in France of the networks it heads (IncubatorNetworks) count as relay
/// points of their commune and EPCI. Defaulted: events recorded before it existed read as false.</param>
public sealed record RelayTerms(
    IReadOnlyList<SupportKind> Supports,
    IReadOnlyList<ActorKind> ForKinds,
    IReadOnlyList<TerritoryReference> Territories,
    string Mailbox,
    bool IncludesPlaces,
    bool IncludesHubs = false);

/// <param name="DeclarationKey">The caller's <c>Idempotency-Key</c> as a name-based id, so that a retry is answered, not refused.</param>
public sealed record RelayOfferDeclared(Guid OfferId, Guid ActorId, RelayTerms Terms, Guid? DeclarationKey, DateTimeOffset DeclaredAt);

public sealed record RelayOfferChanged(Guid OfferId, Guid ActorId, RelayTerms Terms, DateTimeOffset ChangedAt);

public sealed record RelayOfferWithdrawn(Guid OfferId, Guid ActorId, string? Reason, DateTimeOffset WithdrawnAt);

/// <summary>
/// One actor's relay offer, folded from its events. An actor has at most one offer: its stream id is derived from the
/// actor's id (<see cref="IdOf"/>), so a second declaration finds the first instead of racing it.
/// </summary>
public sealed record RelayOffer(Guid Id, Guid ActorId, RelayTerms Terms, RelayOfferStatus Status, Guid? DeclarationKey, DateTimeOffset DeclaredAt)
{
    public long Version { get; init; }

    /// <summary>The events <see cref="Fold"/> handles: its inline projections are offered only these (keep both in step).</summary>
    public static readonly IReadOnlyList<Type> EventTypes = [typeof(RelayOfferDeclared), typeof(RelayOfferChanged), typeof(RelayOfferWithdrawn)];

    public static RelayOffer? Fold(RelayOffer? state, object @event) => (state, @event) switch
    {
        (_, RelayOfferDeclared e) => new RelayOffer(e.OfferId, e.ActorId, e.Terms, RelayOfferStatus.Active, e.DeclarationKey, e.DeclaredAt),
        (null, _) => null,
        (_, RelayOfferChanged e) => state with { Terms = e.Terms },
        (_, RelayOfferWithdrawn) => state with { Status = RelayOfferStatus.Withdrawn },
        _ => state,
    };

    /// <summary>The offer's stream id: one per actor, never the actor's own (its stream holds the organisation).</summary>
    public static Guid IdOf(Guid actorId) => NameBasedId.From(IdPrefix, actorId.ToString("D"));

    public const string IdPrefix = "socialtech:relay-offers:";

    /// <summary>Refuses a change to a withdrawn offer: it is declared again (POST), not changed.</summary>
    public void EnsureActive(string action)
    {
        if (Status != RelayOfferStatus.Active)
        {
            throw new InvalidTransitionException(action, "withdrawn (declare it again with POST)");
        }
    }
}
