using SocialTech.Actors.Contracts;
using SocialTech.Actors.Territories;

namespace SocialTech.Funding.Territories;

/// <summary>What Funding asks the territory referential: is a place real, and what contains it.</summary>
/// <remarks>An interface so that decide functions stay testable without loading 35 000 communes.</remarks>
public interface IFundingTerritories
{
    /// <summary>The COG vintage new references are recorded in.</summary>
    int Vintage { get; }

    /// <summary>Whether <paramref name="key"/> (<c>level:code</c>) names a territory of the current vintage.</summary>
    bool Exists(string key);

    /// <summary>
    /// The current commune <paramref name="code"/> stands for: itself, or for an arrondissement municipal (69381) its
    /// commune (69123); null otherwise. The platform's one rule (<c>TerritoryVintage.TryResolveCommune</c>).
    /// </summary>
    string? CommuneCodeOf(string code);

    /// <summary>The territory and every territory containing it, as <c>level:code</c> keys, widest last; empty when unknown.</summary>
    IReadOnlyList<string> KeysOf(string key);

    /// <summary>The commune's keys read in the vintage it was recorded in, so that a later merger does not move past money.</summary>
    IReadOnlyList<string> KeysOf(CommuneReference commune);

    /// <summary>The name of the territory <paramref name="key"/> names in the current vintage, or null.</summary>
    string? NameOf(string key) => null;

    /// <summary>
    /// A former commune's code (commune déléguée or associée of a commune nouvelle, COG) and the one current commune
    /// it is part of, or null when <paramref name="code"/> is no such code. Only read-only questions (the maze) follow
    /// it: writes keep refusing a former code (<c>TerritoryVintage.TryResolveCommune</c>), so nothing is recorded
    /// under a commune the writer may not have meant.
    /// </summary>
    FormerCommune? FormerCommuneOf(string code) => null;
}

/// <summary>A former commune: its code and name, how it lives on (<c>commune-deleguee</c>, <c>commune-associee</c>) and the current commune's code.</summary>
public sealed record FormerCommune(string Code, string Name, string Kind, string CommuneCode);

/// <summary>Answers from the embedded referential (Actors.Territories, ADR 0005): no call to Actors.</summary>
public sealed class ReferentialTerritories : IFundingTerritories
{
    private readonly TerritoryReferential referential;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Code, int Vintage), IReadOnlyList<string>> communeKeys = new();

    public ReferentialTerritories(TerritoryReferential referential)
    {
        ArgumentNullException.ThrowIfNull(referential);
        this.referential = referential;
        // Every current commune's keys up front (35 000, a few megabytes, tens of milliseconds once), so that the
        // first national white-zone answer does not build them all while the caller waits.
        foreach (var code in referential.Current.CodesAt(TerritoryLevel.Commune))
        {
            communeKeys[(code, referential.Current.Year)] = TerritoryKey.WithParents(referential.Current, TerritoryLevel.Commune, code);
        }
    }

    public int Vintage => referential.Current.Year;

    public bool Exists(string key) =>
        TerritoryKey.TryParse(key, out var level, out var code) && referential.Current.Find(level, code) is not null;

    public string? CommuneCodeOf(string code) => referential.TryResolveCommune(code, out var commune) ? commune.Code : null;

    public IReadOnlyList<string> KeysOf(string key) =>
        TerritoryKey.TryParse(key, out var level, out var code) ? TerritoryKey.WithParents(referential.Current, level, code) : [];

    public string? NameOf(string key) =>
        TerritoryKey.TryParse(key, out var level, out var code) ? referential.Current.Find(level, code)?.Name : null;

    public FormerCommune? FormerCommuneOf(string code) =>
        referential.Current.Resolve(code).Select(r => r.Via).FirstOrDefault(v => v is not null && v.Kind != FormerCodeKind.Arrondissement) is { } via
            ? new FormerCommune(via.Code, via.Name, SocialTech.BuildingBlocks.Http.Kebab.Name(via.Kind), via.CommuneCode)
            : null;

    public IReadOnlyList<string> KeysOf(CommuneReference commune)
    {
        ArgumentNullException.ThrowIfNull(commune);
        // Remembered: the referential never changes while the service runs, and France's funding white zones ask
        // this of 35 000 head-office communes per answer (five strings built and looked up each time).
        // Only known communes are kept, so that the memory stays bounded by the referential whatever codes arrive.
        if (communeKeys.TryGetValue((commune.Code, commune.Vintage), out var known))
        {
            return known;
        }

        var vintage = referential.TryGetVintage(commune.Vintage, out var recorded) ? recorded : referential.Current;
        var keys = TerritoryKey.WithParents(vintage, TerritoryLevel.Commune, commune.Code);
        if (keys.Count > 0)
        {
            communeKeys.TryAdd((commune.Code, commune.Vintage), keys);
        }

        return keys;
    }
}
