using SocialTech.Actors.Contracts;
using SocialTech.BuildingBlocks.EventStore;

namespace SocialTech.Actors.Directory;

/// <summary>
/// A service's own copy of what it needs about an actor (Funding's recipients and funders, IncubatorNetworks' heads
/// and members), fed by the Actors service's contracts, so that the service never calls Actors at run time.
/// </summary>
/// <param name="SourceVersion">The actor stream's version this copy reflects; older messages are ignored.</param>
/// <param name="Website">Its public website, as its profile gives it.</param>
/// <param name="Mailbox">Its role mailbox (contact@…), as its profile gives it: whom to write to (Funding's maze). Copies
/// written before these two were kept are null until the actor's next <c>ActorProfileChanged</c>.</param>
public sealed record DirectoryActor(
    Guid Id,
    string Name,
    IReadOnlyList<string> Kinds,
    ActorIdentifiers Identifiers,
    bool Ess,
    CommuneReference HeadOffice,
    IReadOnlyList<TerritoryReference> PlacesOfAction,
    string Status,
    Guid? MergedInto,
    long SourceVersion,
    DateTimeOffset UpdatedAt,
    Uri? Website = null,
    string? Mailbox = null) : ILocalCopy
{
    public const string Active = "active";

    public static DirectoryActor From(Guid id, ActorProfile profile, long version, DateTimeOffset now) => new(
        id, profile.Name, profile.Kinds, profile.Identifiers, profile.Ess, profile.HeadOffice, profile.PlacesOfAction,
        profile.Status, null, version, now, profile.Website, profile.Mailbox);
}
