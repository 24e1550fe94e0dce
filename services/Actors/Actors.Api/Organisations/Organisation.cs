using SocialTech.Actors.Contracts;
using SocialTech.Actors.Organisations.LinkingVentures;

namespace SocialTech.Actors.Organisations;

/// <summary>The kinds of actor the registry knows. An actor may have several (a SCIC that runs a tiers-lieu).</summary>
public enum ActorKind
{
    Association,
    Scop,
    Scic,
    SocialEnterprise,
    EsusCompany,
    CsrCompany,
    LocalAuthority,
    StateService,
    Foundation,
    Incubator,
    NetworkHead,
    TiersLieuOperator,
    ResearchBody,
}

public enum ActorStatus
{
    Active,
    Ceased,
    Merged,
}

public enum IdentifierKind
{
    Siren,
    Siret,
    Rna,
}

/// <summary>The editable part of a profile, as one value: registering and changing the profile both carry it.</summary>
public sealed record ProfileDetails(
    string Name,
    string? LegalCategory,
    bool Ess,
    EsusAgreement? Esus,
    Uri? Website,
    string? Mailbox);

public sealed record OrganisationRegistered(
    Guid ActorId,
    ProfileDetails Profile,
    IReadOnlyList<ActorKind> Kinds,
    ActorIdentifiers Identifiers,
    CommuneReference HeadOffice,
    IReadOnlyList<TerritoryReference> PlacesOfAction,
    DateTimeOffset RegisteredAt);

public sealed record IdentifierLinked(Guid ActorId, IdentifierKind Kind, string Value, DateTimeOffset LinkedAt);

public sealed record ProfileChanged(Guid ActorId, ProfileDetails Profile, DateTimeOffset ChangedAt);

public sealed record KindAdded(Guid ActorId, ActorKind Kind, DateTimeOffset AddedAt);

public sealed record KindRemoved(Guid ActorId, ActorKind Kind, DateTimeOffset RemovedAt);

public sealed record HeadOfficeMoved(Guid ActorId, CommuneReference From, CommuneReference To, DateTimeOffset MovedAt);

public sealed record PlacesOfActionChanged(Guid ActorId, IReadOnlyList<TerritoryReference> Places, DateTimeOffset ChangedAt);

public sealed record OrganisationCeased(Guid ActorId, DateOnly CeasedOn, string Reason, DateTimeOffset RecordedAt);

/// <summary>On the duplicate's stream: it now stands for <paramref name="SurvivorId"/>.</summary>
public sealed record OrganisationMergedInto(Guid ActorId, Guid SurvivorId, DateTimeOffset MergedAt);

/// <summary>On the survivor's stream: it absorbed a duplicate and takes the identifiers it lacked.</summary>
public sealed record DuplicateAbsorbed(Guid ActorId, Guid AbsorbedId, ActorIdentifiers Identifiers, DateTimeOffset MergedAt);

/// <summary>
/// An organisation's state, folded from its events by <see cref="Fold"/>: the decide functions read it, the
/// contracts are built from it.
/// </summary>
public sealed record Organisation(
    Guid Id,
    ProfileDetails Profile,
    IReadOnlyList<ActorKind> Kinds,
    ActorIdentifiers Identifiers,
    CommuneReference HeadOffice,
    IReadOnlyList<TerritoryReference> PlacesOfAction,
    ActorStatus Status,
    Guid? MergedInto,
    DateTimeOffset RegisteredAt)
{
    public long Version { get; init; }

    /// <summary>Ventures incubator networks supported that became this organisation (IncubatorNetworks' VentureIncorporated).</summary>
    public IReadOnlyList<SupportedVenture> Ventures { get; init; } = [];

    /// <summary>The events <see cref="Fold"/> handles: its inline projections are offered only these (keep both in step).</summary>
    public static readonly IReadOnlyList<Type> EventTypes = [typeof(OrganisationRegistered), typeof(IdentifierLinked), typeof(ProfileChanged), typeof(KindAdded), typeof(KindRemoved), typeof(HeadOfficeMoved), typeof(PlacesOfActionChanged), typeof(OrganisationCeased), typeof(VentureLinked), typeof(OrganisationMergedInto), typeof(DuplicateAbsorbed)];

    public static Organisation? Fold(Organisation? state, object @event) => (state, @event) switch
    {
        (null, OrganisationRegistered e) => new Organisation(
            e.ActorId, e.Profile, e.Kinds, e.Identifiers, e.HeadOffice, e.PlacesOfAction, ActorStatus.Active, null, e.RegisteredAt),
        (null, _) => null,
        (_, IdentifierLinked e) => state with { Identifiers = With(state.Identifiers, e.Kind, e.Value) },
        (_, ProfileChanged e) => state with { Profile = e.Profile },
        (_, KindAdded e) => state with { Kinds = [.. state.Kinds, e.Kind] },
        (_, KindRemoved e) => state with { Kinds = state.Kinds.Where(k => k != e.Kind).ToArray() },
        (_, HeadOfficeMoved e) => state with { HeadOffice = e.To },
        (_, PlacesOfActionChanged e) => state with { PlacesOfAction = e.Places },
        (_, OrganisationCeased) => state with { Status = ActorStatus.Ceased },
        (_, VentureLinked e) => state with { Ventures = [.. state.Ventures, e.Venture] },
        (_, OrganisationMergedInto e) => state with { Status = ActorStatus.Merged, MergedInto = e.SurvivorId },
        (_, DuplicateAbsorbed e) => state with
        {
            Identifiers = new ActorIdentifiers(
                state.Identifiers.Siren ?? e.Identifiers.Siren,
                state.Identifiers.Siret ?? e.Identifiers.Siret,
                state.Identifiers.Rna ?? e.Identifiers.Rna),
        },
        _ => state,
    };

    public static ActorIdentifiers With(ActorIdentifiers identifiers, IdentifierKind kind, string value) => kind switch
    {
        IdentifierKind.Siren => identifiers with { Siren = value },
        IdentifierKind.Siret => identifiers with { Siret = value },
        _ => identifiers with { Rna = value },
    };

    /// <summary>Refuses any change to an actor that ceased or was merged: its record is history.</summary>
    public void EnsureActive(string action)
    {
        if (Status != ActorStatus.Active)
        {
            throw new SocialTech.BuildingBlocks.Http.InvalidTransitionException(action, $"the actor is {SocialTech.BuildingBlocks.Http.Kebab.Name(Status)}");
        }
    }
}
