using SocialTech.Actors.Contracts;
using SocialTech.BuildingBlocks.EventStore;

namespace SocialTech.Funding.ActorDirectory;

/// <summary>
/// Funding's own copy of what it needs about an actor (recipients and funders), fed by the Actors service's
/// contracts, so that funding queries never call Actors at read time.
/// </summary>
/// <param name="SourceVersion">The actor stream's version this copy reflects; older messages are ignored.</param>
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
    DateTimeOffset UpdatedAt) : ILocalCopy
{
    public static DirectoryActor From(Guid id, ActorProfile profile, long version, DateTimeOffset now) => new(
        id, profile.Name, profile.Kinds, profile.Identifiers, profile.Ess, profile.HeadOffice, profile.PlacesOfAction,
        profile.Status, null, version, now);
}
