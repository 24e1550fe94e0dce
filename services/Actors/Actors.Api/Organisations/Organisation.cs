using SocialTech.Actors.Contracts;

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
}

public sealed record OrganisationRegistered(
    Guid ActorId,
    string Name,
    IReadOnlyList<ActorKind> Kinds,
    CommuneReference HeadOffice,
    DateTimeOffset RegisteredAt);

/// <summary>The write-side state of an organisation: what decide functions need, nothing more.</summary>
public sealed record Organisation(Guid Id, string Name, ActorStatus Status)
{
    public static Organisation Create(OrganisationRegistered registered) =>
        new(registered.ActorId, registered.Name, ActorStatus.Active);
}
