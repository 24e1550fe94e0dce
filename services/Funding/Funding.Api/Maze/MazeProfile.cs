namespace SocialTech.Funding.Maze;

/// <summary>Where the asker stands, as the maze reads it.</summary>
/// <param name="Key">The territory, <c>level:code</c>.</param>
/// <param name="Role"><c>commune</c> (a profile's), <c>head-office</c> or <c>place-of-action</c> (an actor's).</param>
/// <param name="Keys">The territory and every territory containing it, narrowest first: what programmes and relays match on.</param>
public sealed record ProfileTerritory(string Key, string Role, IReadOnlyList<string> Keys)
{
    public const string Commune = "commune";
    public const string HeadOffice = "head-office";
    public const string PlaceOfAction = "place-of-action";
}

/// <summary>Who asks: a profile (kinds and a commune) or a directory actor (its kinds, head office and places of action).</summary>
/// <param name="ActorName">The actor's name, for an actor; null for a profile.</param>
public sealed record MazeProfile(Guid? ActorId, string? ActorName, IReadOnlyList<string> Kinds, IReadOnlyList<ProfileTerritory> Territories)
{
    /// <summary>Every key any of its territories matches on.</summary>
    public IReadOnlySet<string> Keys { get; } = Territories.SelectMany(t => t.Keys).ToHashSet(StringComparer.Ordinal);
}
