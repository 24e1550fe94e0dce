using SocialTech.Actors.Contracts;

namespace SocialTech.IncubatorNetworks.ActorDirectory;

/// <summary>
/// IncubatorNetworks' own copy of what it needs about an actor (network heads, member incubators and tiers-lieux
/// operators), fed by the Actors service's contracts, so that networks' writes and feeds never call Actors.
/// </summary>
/// <param name="SourceVersion">The actor stream's version this copy reflects; older messages are ignored.</param>
public sealed record DirectoryActor(
    Guid Id,
    string Name,
    IReadOnlyList<string> Kinds,
    ActorIdentifiers Identifiers,
    CommuneReference HeadOffice,
    string Status,
    Guid? MergedInto,
    long SourceVersion,
    DateTimeOffset UpdatedAt)
{
    public const string Active = "active";

    public static DirectoryActor From(Guid id, ActorProfile profile, long version, DateTimeOffset now) => new(
        id, profile.Name, profile.Kinds, profile.Identifiers, profile.HeadOffice, profile.Status, null, version, now);
}
